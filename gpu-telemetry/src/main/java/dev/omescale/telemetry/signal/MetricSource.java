package dev.omescale.telemetry.signal;

/**
 * One exporter metric that can feed a signal.
 *
 * @param metric    the sample name as exposed: {@code vllm:prompt_tokens_total} for a counter, the family name
 *                  (without {@code _bucket}) for a histogram
 * @param dialect   the exporter that writes it
 * @param scale     multiplier into the signal's unit (DCGM's 0–100 percent becomes a 0–1 ratio with 0.01)
 * @param withinPod how several series of it in one pod combine
 */
public record MetricSource(String metric, Dialect dialect, double scale, WithinPod withinPod) {

    /** The name as SGLang's router or a Prometheus adapter rewrites it: every ':' becomes '_'. */
    public String underscoreForm() {
        return metric.replace(':', '_');
    }
}
