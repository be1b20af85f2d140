package dev.omescale.scaler.model;

import java.util.Optional;

/**
 * {@code scaleMetric} of a component: exactly the enum of OME's CRD. OME's Go code also knows {@code tps}, but only as
 * its internal default KEDA metric name; the API server rejects it in a spec.
 */
public enum ScaleMetric {
    CPU("cpu"),
    MEMORY("memory"),
    CONCURRENCY("concurrency"),
    RPS("rps");

    private final String word;

    ScaleMetric(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** cpu and memory are HPA Resource metrics with a utilization target; the others are per-pod averages. */
    public boolean isUtilization() {
        return this == CPU || this == MEMORY;
    }

    public static Optional<ScaleMetric> fromWord(String word) {
        for (ScaleMetric m : values()) {
            if (m.word.equals(word)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
