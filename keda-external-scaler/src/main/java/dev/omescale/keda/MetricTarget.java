package dev.omescale.keda;

/** What GetMetricSpec returns for one trigger: its metric name and per-replica target (always above 0). */
public record MetricTarget(String metricName, double target) {
}
