package dev.omescale.scaler.model;

import java.util.Optional;

/** {@code ome.io/autoscalerClass}: who scales a RawDeployment component. */
public enum AutoscalerClass {
    /** OME creates a CPU (or {@code scaleMetric}) HPA; the default. */
    HPA("hpa"),
    /** OME creates a KEDA ScaledObject with one Prometheus trigger. */
    KEDA("keda"),
    /** OME creates neither and leaves the Deployment's replicas alone: the hook for omescale. */
    EXTERNAL("external");

    private final String word;

    AutoscalerClass(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<AutoscalerClass> fromWord(String word) {
        for (AutoscalerClass c : values()) {
            if (c.word.equals(word)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
