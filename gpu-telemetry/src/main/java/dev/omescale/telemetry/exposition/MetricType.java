package dev.omescale.telemetry.exposition;

/** The metric family types of Prometheus text 0.0.4 and OpenMetrics 1.0. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED,
    /** OpenMetrics only. */
    GAUGE_HISTOGRAM,
    /** OpenMetrics only. */
    STATESET,
    /** OpenMetrics only. */
    INFO,
    /** OpenMetrics' name for untyped. */
    UNKNOWN;
}
