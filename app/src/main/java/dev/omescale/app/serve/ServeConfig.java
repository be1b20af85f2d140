package dev.omescale.app.serve;

import dev.omescale.adapter.AdapterConfig;
import dev.omescale.app.observe.MetricsListen;
import dev.omescale.keda.KedaServerConfig;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import java.util.List;
import java.util.Objects;

/**
 * What {@code omescale serve} runs: the standalone targets file, extended with the servers to start and, optionally,
 * a Prometheus for PromQL and InferenceService files to decide for.
 *
 * @param telemetry  scrape, window and targets
 * @param keda       the KEDA external scaler, or null when not configured
 * @param adapter    the metrics API, or null when not configured
 * @param prometheus for PromQL passthrough and threshold policies, or null
 * @param services   InferenceServices to decide for (from the {@code inferenceServices} files); without them
 *                   {@code desired_replicas} is unavailable and everything else is served
 * @param metrics    where omescale's own {@code /metrics} and {@code /healthz} listen (plain HTTP)
 */
public record ServeConfig(
        TelemetryConfig telemetry,
        KedaServerConfig keda,
        AdapterConfig adapter,
        PrometheusEndpoint prometheus,
        List<ResolvedService> services,
        MetricsListen metrics) {

    public ServeConfig {
        services = List.copyOf(services);
        Objects.requireNonNull(metrics, "metrics");
    }

    /** The same configuration with the metrics listener moved (the {@code --metrics-listen} option). */
    public ServeConfig withMetrics(MetricsListen listen) {
        return new ServeConfig(telemetry, keda, adapter, prometheus, services, listen);
    }
}
