package dev.omescale.telemetry.exposition;

import java.util.Locale;

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

    /** The type named in a {@code # TYPE} line, or null if the word is not a type. */
    public static MetricType fromWord(String word) {
        switch (word.toLowerCase(Locale.ROOT)) {
            case "counter": return COUNTER;
            case "gauge": return GAUGE;
            case "histogram": return HISTOGRAM;
            case "summary": return SUMMARY;
            case "untyped": return UNTYPED;
            case "gaugehistogram": return GAUGE_HISTOGRAM;
            case "stateset": return STATESET;
            case "info": return INFO;
            case "unknown": return UNKNOWN;
            default: return null;
        }
    }
}
