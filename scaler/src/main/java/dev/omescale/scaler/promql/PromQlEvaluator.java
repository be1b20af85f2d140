package dev.omescale.scaler.promql;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.KedaTrigger;
import dev.omescale.scaler.policy.QueryValue;
import dev.omescale.telemetry.promql.KedaValueRule;
import dev.omescale.telemetry.promql.PromQlException;
import dev.omescale.telemetry.promql.PrometheusClient;
import dev.omescale.telemetry.promql.QueryResult;
import dev.omescale.telemetry.promql.SeriesValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates a component's PromQL trigger at one tick the way KEDA's Prometheus scaler does
 * ({@code ignoreNullValues: true}, which OME never changes), and says why when there is no data.
 *
 * <p>Never throws: every failure, including an unexpected exception from the query function, becomes a
 * {@link QueryValue#failed} naming the component, the query and the server, with credentials scrubbed. An empty
 * result, an empty value and NaN or ±Inf become KEDA's 0 (a null sample KEDA's -1) as a
 * {@link QueryValue#standIn stand-in} whose warning names the likely cause: the {@code ome_io_inferenceservice}
 * label compared with the component object name, a metric name that real engines do not export, or else the series
 * selectors that match nothing (found by one {@code count(selector)} query per selector, at most
 * {@value #MAX_PROBES}).
 *
 * <p>One evaluator talks to one Prometheus; pick the evaluator for {@link KedaTrigger#serverAddress()}.
 */
public final class PromQlEvaluator {

    /** Evaluates an instant query: {@link PrometheusClient#query} or a fake in tests. */
    @FunctionalInterface
    public interface QueryFunction {
        QueryResult query(String promql, Instant time) throws PromQlException;
    }

    static final int MAX_PROBES = 5;

    private final QueryFunction function;
    private final String server;

    /**
     * @param serverAddress the server the function queries, for error texts; user info, query and fragment are
     *                      dropped before it is printed
     */
    public PromQlEvaluator(QueryFunction function, String serverAddress) {
        this.function = Objects.requireNonNull(function, "query function");
        this.server = Redaction.address(serverAddress);
    }

    public static PromQlEvaluator of(PrometheusClient client) {
        return new PromQlEvaluator(client::query, client.endpoint().serverAddress().toString());
    }

    /**
     * The value of {@code spec.keda().query()} at {@code now}.
     *
     * @param namespace        the InferenceService's namespace, for texts
     * @param inferenceService the InferenceService's name, what the {@code ome_io_inferenceservice} label holds
     */
    public QueryValue evaluate(String namespace, String inferenceService, EffectiveComponentSpec spec, Instant now) {
        String component = namespace + "/" + spec.objectName();
        KedaTrigger trigger = spec.keda();
        if (trigger == null || trigger.query() == null || trigger.query().isBlank()) {
            return QueryValue.failed(component + ": no PromQL query to evaluate; set spec.kedaConfig.customPromQuery"
                    + " or the annotation autoscaling.keda.sh/prometheus.query", now);
        }
        String query = trigger.query();
        QueryResult result;
        try {
            result = function.query(query, now);
        } catch (PromQlException e) {
            return QueryValue.failed(failure(component, query, e.getMessage()), now);
        } catch (RuntimeException e) {
            return QueryValue.failed(failure(component, query, "unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "; this is a bug, please report it"),
                    now);
        }
        if (result == null) {
            return QueryValue.failed(failure(component, query, "the query function returned nothing"), now);
        }
        double value;
        try {
            value = KedaValueRule.kedaValue(query, result, true);
        } catch (PromQlException e) {
            return QueryValue.failed(failure(component, query, e.getMessage()), now);
        }
        String noData = noData(component, query, result, inferenceService, spec, now);
        return noData == null ? QueryValue.of(value, now) : QueryValue.standIn(value, noData, now);
    }

    /** The warning for a result KEDA reads as a stand-in value, or null for a real value. */
    private String noData(String component, String query, QueryResult result, String inferenceService,
            EffectiveComponentSpec spec, Instant now) {
        String head = component + ": Prometheus query " + quoted(query);
        if (result.series().isEmpty()) {
            return head + " returned no series, read as 0 as KEDA does (ignoreNullValues). Likely cause: "
                    + emptyCause(query, inferenceService, spec, now);
        }
        SeriesValue sample = result.series().get(0);
        if (sample.emptyValue()) {
            return head + " returned a series without a value, read as 0 as KEDA does (ignoreNullValues)";
        }
        if (sample.nullSample()) {
            return head + " returned a null sample, read as -1 as KEDA does";
        }
        double v = sample.value();
        if (Double.isNaN(v)) {
            return head + " returned NaN, read as 0 as KEDA does (ignoreNullValues); NaN comes from 0/0, e.g. a"
                    + " ratio of rates over a window without requests";
        }
        if (Double.isInfinite(v)) {
            return head + " returned " + (v > 0 ? "+Inf" : "-Inf") + ", read as 0 as KEDA does (ignoreNullValues);"
                    + " it comes from a division by zero: guard the divisor";
        }
        return null;
    }

    private String emptyCause(String query, String inferenceService, EffectiveComponentSpec spec, Instant now) {
        List<String> causes = EmptyResultDiagnosis.textualCauses(query, spec.objectName(), inferenceService,
                spec.kind());
        if (!causes.isEmpty()) {
            return String.join("; also ", causes);
        }
        List<String> selectors = SeriesSelectors.of(query);
        if (selectors.isEmpty()) {
            return "the query has no series selector, so an operator or filter dropped its result";
        }
        List<String> empty = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int probes = 0;
        for (String selector : selectors) {
            if (probes >= MAX_PROBES) {
                unknown.add(selector);
                continue;
            }
            probes++;
            Boolean matches = matchesSeries(selector, now);
            if (matches == null) {
                unknown.add(selector);
            } else if (!matches) {
                empty.add(selector);
            }
        }
        if (!empty.isEmpty()) {
            return "no series match " + String.join(", ", empty) + "; check the metric name and labels in the"
                    + " Prometheus UI";
        }
        if (!unknown.isEmpty()) {
            return "check in the Prometheus UI which of its series selectors matches nothing: "
                    + String.join(", ", unknown);
        }
        return "each series selector matches series (" + String.join(", ", selectors) + "), so an operator or"
                + " filter dropped them all: a comparison without bool, or a binary operation whose sides share no"
                + " labels; check the query step by step in the Prometheus UI";
    }

    /** Whether {@code count(selector)} finds series; null when the probe itself failed. */
    private Boolean matchesSeries(String selector, Instant now) {
        try {
            QueryResult probe = function.query("count(" + selector + ")", now);
            return probe != null && !probe.series().isEmpty();
        } catch (PromQlException | RuntimeException e) {
            return null;
        }
    }

    private String failure(String component, String query, String detail) {
        String text = Redaction.scrub(detail == null ? "no details" : detail);
        boolean namesQuery = text.contains(query) || text.contains(quoted(query));
        boolean namesServer = text.contains(server);
        if (!namesQuery && !namesServer) {
            text = "Prometheus at " + server + ", query " + quoted(query) + ": " + text;
        } else if (!namesQuery) {
            text = "query " + quoted(query) + ": " + text;
        } else if (!namesServer) {
            text = text + " (Prometheus at " + server + ")";
        }
        return component + ": " + text;
    }

    /** The query on one line and bounded, as the Prometheus client prints it. */
    private static String quoted(String query) {
        String oneLine = query.replaceAll("\\s+", " ").trim();
        return "\"" + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine) + "\"";
    }
}
