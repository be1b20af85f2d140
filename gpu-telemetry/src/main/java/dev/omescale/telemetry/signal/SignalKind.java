package dev.omescale.telemetry.signal;

/** How a signal is computed from the samples of one series over the window. */
public enum SignalKind {
    /** A gauge averaged over the window (PromQL {@code avg_over_time}). */
    GAUGE,
    /** A counter's per-second rate over the window (PromQL {@code rate}). */
    RATE,
    /** A quantile of a histogram's bucket increases over the window (PromQL {@code histogram_quantile}). */
    QUANTILE,
    /** Computed from other signals or from several metrics together. */
    DERIVED
}
