package dev.omescale.scaler.promql;

import static dev.omescale.scaler.policy.PolicyFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.NoState;
import dev.omescale.scaler.policy.PolicyFixtures;
import dev.omescale.scaler.policy.Proposal;
import dev.omescale.scaler.policy.QueryValue;
import dev.omescale.scaler.policy.ThresholdPolicy;
import dev.omescale.telemetry.promql.PromQlException;
import dev.omescale.telemetry.promql.PrometheusClient;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import dev.omescale.telemetry.promql.QueryResult;
import dev.omescale.telemetry.promql.ResultType;
import dev.omescale.telemetry.promql.SeriesValue;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromQlEvaluatorTest {

    private static final String SERVER = "http://prometheus.monitoring:9090";

    /** A fake Prometheus: answers from a map, records every query, and is empty for anything unknown. */
    private static final class FakePrometheus implements PromQlEvaluator.QueryFunction {
        final Map<String, Object> answers = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        FakePrometheus answer(String query, Object resultOrException) {
            answers.put(query, resultOrException);
            return this;
        }

        @Override
        public QueryResult query(String promql, java.time.Instant time) throws PromQlException {
            assertThat(time).isEqualTo(NOW);
            asked.add(promql);
            Object a = answers.getOrDefault(promql, empty());
            if (a instanceof PromQlException e) {
                throw e;
            }
            if (a instanceof RuntimeException e) {
                throw e;
            }
            return (QueryResult) a;
        }
    }

    private static QueryResult empty() {
        return new QueryResult(ResultType.VECTOR, List.of());
    }

    private static QueryResult value(double v) {
        return new QueryResult(ResultType.VECTOR, List.of(new SeriesValue(Map.of(), v, NOW, false)));
    }

    private static EffectiveComponentSpec customQuery(String query) {
        return PolicyFixtures.engine("", "    maxReplicas: 5\n", "  kedaConfig:\n    customPromQuery: '" + query
                + "'\n    scalingThreshold: \"10\"\n    scalingOperator: GreaterThan\n");
    }

    private static QueryValue evaluate(FakePrometheus fake, EffectiveComponentSpec spec) {
        return new PromQlEvaluator(fake, SERVER).evaluate("default", "llama-chat", spec, NOW);
    }

    @Test
    void aValueComesBackAsItIs() {
        EffectiveComponentSpec spec = customQuery("sum(vllm:num_requests_running{ome_io_inferenceservice=\"llama-chat\"})");
        QueryValue v = evaluate(new FakePrometheus().answer(spec.keda().query(), value(7.5)), spec);
        assertThat(v).isEqualTo(QueryValue.of(7.5, NOW));
        assertThat(v.isStandIn()).isFalse();
    }

    @Test
    void percentSIsTheComponentObjectNameAndTheWarningSaysWhyThatMatchesNothing() {
        EffectiveComponentSpec spec = customQuery(
                "sum(rate(vllm:request_success_total{ome_io_inferenceservice=\"%s\"}[1m]))");
        FakePrometheus fake = new FakePrometheus();
        QueryValue v = evaluate(fake, spec);
        assertThat(fake.asked).containsExactly(
                "sum(rate(vllm:request_success_total{ome_io_inferenceservice=\"llama-chat-engine\"}[1m]))");
        assertThat(v.value()).isEqualTo(0.0);
        assertThat(v.error()).isNull();
        assertThat(v.isStandIn()).isTrue();
        assertThat(v.warning()).isEqualTo("default/llama-chat-engine: Prometheus query \"sum(rate("
                + "vllm:request_success_total{ome_io_inferenceservice=\"llama-chat-engine\"}[1m]))\" returned no"
                + " series, read as 0 as KEDA does (ignoreNullValues). Likely cause: it selects"
                + " ome_io_inferenceservice=\"llama-chat-engine\", but that label holds the InferenceService name"
                + " (llama-chat), not the component object name; select ome_io_inferenceservice=\"llama-chat\","
                + "component=\"engine\" instead");
    }

    @Test
    void theUtf8SpellingOfTheLabelAndARegexMatcherAreRecognisedToo() {
        EffectiveComponentSpec spec = customQuery("sum(x{\"ome.io/inferenceservice\"=~\"%s.*\"})");
        QueryValue v = evaluate(new FakePrometheus(), spec);
        assertThat(v.warning()).endsWith("Likely cause: it selects \"ome.io/inferenceservice\"=~\"llama-chat-engine.*\","
                + " but that label holds the InferenceService name (llama-chat), not the component object name;"
                + " select \"ome.io/inferenceservice\"=\"llama-chat\",component=\"engine\" instead");
    }

    @Test
    void aRegexThatAlsoMatchesTheInferenceServiceNameIsNotBlamed() {
        EffectiveComponentSpec spec = customQuery("sum(x{ome_io_inferenceservice=~\"llama-chat.*\"})");
        QueryValue v = evaluate(new FakePrometheus().answer("count(x{ome_io_inferenceservice=~\"llama-chat.*\"})",
                empty()), spec);
        assertThat(v.warning()).endsWith("Likely cause: no series match x{ome_io_inferenceservice=~\"llama-chat.*\"};"
                + " check the metric name and labels in the Prometheus UI");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "avg(vllm:avg_generation_throughput_toks_per_s{ome_io_inferenceservice=\"llama-chat\"})"
                + "|vllm:avg_generation_throughput_toks_per_s is a vLLM V0 gauge that V1 engines (vLLM 0.9 and later,"
                + " what OME runtimes run) do not export; use rate(vllm:generation_tokens_total[1m])",
        "histogram_quantile(0.95, sum by (le) (rate(vllm:request_latency_seconds_bucket[5m])))"
                + "|vllm:request_latency_seconds_bucket never existed in any vLLM version; use"
                + " vllm:e2e_request_latency_seconds_bucket",
        "sum(vllm:request_latency_seconds_sum) / sum(vllm:request_latency_seconds_count)"
                + "|vllm:request_latency_seconds_sum never existed in any vLLM version; use"
                + " vllm:e2e_request_latency_seconds_sum",
        "sum(sglang_concurrent_requests)"
                + "|sglang_concurrent_requests does not exist in SGLang; use sglang:num_running_reqs (running requests)",
        "histogram_quantile(0.9, sum(rate(sglang_request_duration_seconds_bucket[1m])) by (le))"
                + "|sglang_request_duration_seconds_bucket does not exist in SGLang; use"
                + " sglang:e2e_request_latency_seconds_bucket",
    })
    void wrongMetricNamesAreNamedWithTheRealOne(String query, String cause) {
        FakePrometheus fake = new FakePrometheus();
        QueryValue v = evaluate(fake, customQuery(query));
        assertThat(v.warning()).isEqualTo("default/llama-chat-engine: Prometheus query \"" + query + "\" returned no"
                + " series, read as 0 as KEDA does (ignoreNullValues). Likely cause: " + cause);
        assertThat(fake.asked).as("no probes when the text explains it").containsExactly(query);
    }

    @Test
    void omesDefaultQueryHasBothFaults() {
        // OME's trigger with class keda and no kedaConfig: its default query after %s
        EffectiveComponentSpec spec = PolicyFixtures.engine("    ome.io/autoscalerClass: keda\n", "    maxReplicas: 5\n",
                "");
        QueryValue v = evaluate(new FakePrometheus(), spec);
        assertThat(v.warning()).endsWith("Likely cause: it selects ome_io_inferenceservice=\"llama-chat-engine\", but"
                + " that label holds the InferenceService name (llama-chat), not the component object name; select"
                + " ome_io_inferenceservice=\"llama-chat\",component=\"engine\" instead; also"
                + " vllm:avg_generation_throughput_toks_per_s is a vLLM V0 gauge that V1 engines (vLLM 0.9 and later,"
                + " what OME runtimes run) do not export; use rate(vllm:generation_tokens_total[1m])");
    }

    @Test
    void otherwiseItNamesTheSelectorThatMatchesNothing() {
        String query = "sum(vllm:num_requests_running{namespace=\"prod\"}) / sum(vllm:num_requests_waiting{namespace=\"prod\"})";
        FakePrometheus fake = new FakePrometheus()
                .answer("count(vllm:num_requests_running{namespace=\"prod\"})", value(2))
                .answer("count(vllm:num_requests_waiting{namespace=\"prod\"})", empty());
        QueryValue v = evaluate(fake, customQuery(query));
        assertThat(v.warning()).isEqualTo("default/llama-chat-engine: Prometheus query \"" + query + "\" returned no"
                + " series, read as 0 as KEDA does (ignoreNullValues). Likely cause: no series match"
                + " vllm:num_requests_waiting{namespace=\"prod\"}; check the metric name and labels in the Prometheus"
                + " UI");
        assertThat(fake.asked).hasSize(3);
    }

    @Test
    void whenEverySelectorMatchesAnOperatorDroppedTheResult() {
        String query = "sum(vllm:num_requests_waiting) > 5";
        FakePrometheus fake = new FakePrometheus().answer("count(vllm:num_requests_waiting)", value(3));
        QueryValue v = evaluate(fake, customQuery(query));
        assertThat(v.warning()).endsWith("Likely cause: each series selector matches series"
                + " (vllm:num_requests_waiting), so an operator or filter dropped them all: a comparison without bool,"
                + " or a binary operation whose sides share no labels; check the query step by step in the"
                + " Prometheus UI");
    }

    @Test
    void whenProbesFailItListsTheSelectorsToCheck() {
        String query = "sum(a) + sum(b)";
        FakePrometheus fake = new FakePrometheus().answer("count(a)", value(1))
                .answer("count(b)", new PromQlException("boom"));
        assertThat(evaluate(fake, customQuery(query)).warning()).endsWith("Likely cause: check in the Prometheus UI"
                + " which of its series selectors matches nothing: b");
    }

    @Test
    void probesAreBounded() {
        String query = "a + b + c + d + e + f + g";
        FakePrometheus fake = new FakePrometheus();
        for (String s : List.of("a", "b", "c", "d", "e", "f", "g")) {
            fake.answer("count(" + s + ")", value(1));
        }
        QueryValue v = evaluate(fake, customQuery(query));
        assertThat(fake.asked).hasSize(1 + PromQlEvaluator.MAX_PROBES);
        assertThat(v.warning()).endsWith("which of its series selectors matches nothing: f, g");
    }

    @Test
    void aQueryWithoutSelectorsSaysSo() {
        assertThat(evaluate(new FakePrometheus(), customQuery("vector(1) > 2")).warning())
                .endsWith("Likely cause: the query has no series selector, so an operator or filter dropped its result");
    }

    @Test
    void nanAndInfinityAreZeroStandIns() {
        EffectiveComponentSpec spec = customQuery("sum(rate(a[1m])) / sum(rate(b[1m]))");
        QueryValue nan = evaluate(new FakePrometheus().answer(spec.keda().query(), value(Double.NaN)), spec);
        assertThat(nan).isEqualTo(QueryValue.standIn(0, "default/llama-chat-engine: Prometheus query \"sum(rate("
                + "a[1m])) / sum(rate(b[1m]))\" returned NaN, read as 0 as KEDA does (ignoreNullValues); NaN comes from"
                + " 0/0, e.g. a ratio of rates over a window without requests", NOW));
        QueryValue inf = evaluate(new FakePrometheus().answer(spec.keda().query(), value(Double.POSITIVE_INFINITY)),
                spec);
        assertThat(inf.value()).isEqualTo(0.0);
        assertThat(inf.warning()).endsWith("returned +Inf, read as 0 as KEDA does (ignoreNullValues); it comes from a"
                + " division by zero: guard the divisor");
    }

    @Test
    void aNullSampleIsKedasMinusOneAndAnEmptyValueIsZero() {
        EffectiveComponentSpec spec = customQuery("sum(a)");
        QueryValue nullSample = evaluate(new FakePrometheus().answer("sum(a)", new QueryResult(ResultType.VECTOR,
                List.of(new SeriesValue(Map.of(), Double.NaN, NOW, true)))), spec);
        assertThat(nullSample.value()).isEqualTo(-1.0);
        assertThat(nullSample.warning()).endsWith("returned a null sample, read as -1 as KEDA does");
        QueryValue emptyValue = evaluate(new FakePrometheus().answer("sum(a)", new QueryResult(ResultType.VECTOR,
                List.of(new SeriesValue(Map.of(), Double.NaN, null, false)))), spec);
        assertThat(emptyValue.value()).isEqualTo(0.0);
        assertThat(emptyValue.warning()).endsWith("returned a series without a value, read as 0 as KEDA does"
                + " (ignoreNullValues)");
    }

    @Test
    void severalSeriesFailWithKedasText() {
        EffectiveComponentSpec spec = customQuery("rate(a[1m])");
        QueryResult two = new QueryResult(ResultType.VECTOR, List.of(
                new SeriesValue(Map.of("pod", "p1"), 1, NOW, false), new SeriesValue(Map.of("pod", "p2"), 2, NOW,
                        false)));
        QueryValue v = evaluate(new FakePrometheus().answer("rate(a[1m])", two), spec);
        assertThat(v).isEqualTo(QueryValue.failed("default/llama-chat-engine: Prometheus query \"rate(a[1m])\""
                + " returned 2 series, but a scaler needs exactly one; aggregate with sum() or max() (Prometheus at "
                + SERVER + ")", NOW));
    }

    @Test
    void aClientErrorKeepsItsTextWithTheComponent() {
        EffectiveComponentSpec spec = customQuery("sum(a");
        String message = "Prometheus at " + SERVER + ", query \"sum(a\": HTTP 400, bad_data: parse error; fix the"
                + " PromQL query";
        QueryValue v = evaluate(new FakePrometheus().answer("sum(a", new PromQlException(message)), spec);
        assertThat(v.error()).isEqualTo("default/llama-chat-engine: " + message);
        assertThat(v.value()).isNull();
    }

    @Test
    void aThrowingFunctionNeverThrowsAndLeaksNoCredentials() {
        EffectiveComponentSpec spec = customQuery("sum(a)");
        PromQlEvaluator.QueryFunction throwing = (q, t) -> {
            throw new IllegalStateException("GET http://admin:hunter2@prom:9090/api/v1/query failed; sent"
                    + " Authorization: Bearer s3cr3t-token, password=pa55");
        };
        QueryValue v = new PromQlEvaluator(throwing, "http://admin:hunter2@prometheus.monitoring:9090?x=1")
                .evaluate("default", "llama-chat", spec, NOW);
        assertThat(v.ok()).isFalse();
        assertThat(v.error()).doesNotContain("hunter2", "s3cr3t-token", "pa55", "admin");
        assertThat(v.error()).isEqualTo("default/llama-chat-engine: Prometheus at http://prometheus.monitoring:9090,"
                + " query \"sum(a)\": unexpected IllegalStateException: GET http://***@prom:9090/api/v1/query failed;"
                + " sent Authorization: Bearer ***, password=***; this is a bug, please report it");
    }

    @Test
    void aRealClientThatCannotConnectGivesAFailedValue() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again before the query: nothing listens there
        }
        URI address = URI.create("http://127.0.0.1:" + port);
        PromQlEvaluator evaluator = PromQlEvaluator.of(new PrometheusClient(PrometheusEndpoint.of(address)));
        QueryValue v = evaluator.evaluate("default", "llama-chat", customQuery("sum(a)"), NOW);
        assertThat(v.ok()).isFalse();
        assertThat(v.error()).startsWith("default/llama-chat-engine: Prometheus at " + address + ", query \"sum(a)\":")
                .contains("check serverAddress");
    }

    @Test
    void anEmptyResultHoldsTheThresholdPolicyWhereKedaWouldScaleDown() {
        EffectiveComponentSpec spec = customQuery(
                "sum(rate(vllm:request_success_total{ome_io_inferenceservice=\"%s\"}[1m]))");
        QueryValue v = evaluate(new FakePrometheus(), spec);
        ComponentInputs inputs = new ComponentInputs("default", "llama-chat", spec, 4, 4, 0, null, List.of(),
                List.of(), Map.of(), v, NOW, Duration.ofSeconds(30));
        Proposal p = ThresholdPolicy.DEFAULT.propose(inputs, NoState.INSTANCE).proposal();
        assertThat(p.replicas()).isNull();
        assertThat(p.missingData()).isTrue();
        assertThat(p.reason()).isEqualTo(v.warning() + "; holding 4 replicas: omescale does not scale on a value"
                + " that stands in for missing data");
    }

    @Test
    void noQueryIsAFailedValue() {
        EffectiveComponentSpec base = customQuery("sum(a)");
        EffectiveComponentSpec none = new EffectiveComponentSpec(base.kind(), base.objectName(), base.minReplicas(),
                base.maxReplicas(), base.scaleMetric(), base.scaleTarget(), base.autoscalerClass(),
                base.deploymentMode(), base.metricsAnnotation(), null, base.omescale(), base.annotations(),
                base.spec());
        assertThat(evaluate(new FakePrometheus(), none)).isEqualTo(QueryValue.failed("default/llama-chat-engine: no"
                + " PromQL query to evaluate; set spec.kedaConfig.customPromQuery or the annotation"
                + " autoscaling.keda.sh/prometheus.query", NOW));
    }
}
