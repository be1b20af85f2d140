package dev.omescale.telemetry.signal;

/**
 * How the per-pod values of a signal combine into its InferenceService component value.
 *
 * <p>The split follows what the number means. Additive quantities (requests, rates, watts) sum, so that the
 * component value is the total a KEDA or HPA AverageValue target divides by its per-pod target. Intensive
 * quantities (utilizations) average, because 0.9 KV cache on each of two pods is 0.9, not 1.8. Latency
 * quantiles cannot be averaged at all: they come from the pods' bucket increases added up.
 */
public enum Aggregation {
    SUM,
    AVERAGE,
    MERGED_BUCKETS
}
