package dev.omescale.scaler.model;

import java.util.Map;

/**
 * The Prometheus trigger settings of a component, resolved the way OME builds its ScaledObject trigger (annotation,
 * then {@code spec.kedaConfig}, then default), with omescale's extension: {@code spec.<c>.kedaConfig}, which OME
 * ignores, sits between the annotation and {@code spec.kedaConfig}.
 *
 * @param serverAddress     Prometheus base URL
 * @param query             the PromQL to evaluate: an annotation verbatim, or a kedaConfig/default query after
 *                          OME's {@code %s} substitution with the component object name
 * @param queryAsWritten    the query before substitution
 * @param threshold         the threshold text as written (OME passes it through)
 * @param thresholdValue    the threshold as a number; the default 10 when the written one is not a positive number
 * @param operator          one of GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual (KEDA ignores it)
 * @param metricName        OME's trigger {@code metricName}: scaleMetric, else "tps" (KEDA ignores it too)
 * @param authenticationRef only from kedaConfig; null when not set
 * @param authModes         only kept when authenticationRef is set, as OME does
 * @param sources           where each setting came from
 */
public record KedaTrigger(
        String serverAddress,
        String query,
        String queryAsWritten,
        String threshold,
        double thresholdValue,
        String operator,
        String metricName,
        KedaConfig.AuthenticationRef authenticationRef,
        String authModes,
        Map<Field, SettingSource> sources) {

    public enum Field { SERVER_ADDRESS, QUERY, THRESHOLD, OPERATOR, AUTHENTICATION }

    public static final String DEFAULT_SERVER_ADDRESS = "http://prometheus-operated.monitoring.svc.cluster.local:9090";
    public static final String DEFAULT_THRESHOLD = "10";
    /** OME's code default; its ConfigMap and docs say GreaterThanOrEqual. */
    public static final String DEFAULT_OPERATOR = "LessThanOrEqual";
    public static final String DEFAULT_METRIC_NAME = "tps";
    /**
     * OME's default query (whitespace collapsed): 1 when vLLM V0 generation throughput is below 10 tokens/s while
     * requests succeed at over 0.5/s, else 0. {@code %s} is the component object name, so on engine, decoder and
     * router it matches nothing (the label holds the ISVC name).
     */
    public static final String DEFAULT_QUERY = "sum(avg_over_time(vllm:avg_generation_throughput_toks_per_s"
            + "{ome_io_inferenceservice=\"%s\"}[5m]) < bool 10) * sum(rate(vllm:request_success_total"
            + "{ome_io_inferenceservice=\"%s\"}[1m]) > bool 0.50)";

    public KedaTrigger {
        sources = Map.copyOf(sources);
    }

    public SettingSource sourceOf(Field field) {
        return sources.getOrDefault(field, SettingSource.DEFAULT);
    }

    /** Whether someone wrote a query (OME's default query is not one anybody should scale on). */
    public boolean queryConfigured() {
        return sourceOf(Field.QUERY) != SettingSource.DEFAULT;
    }
}
