package dev.omescale.scaler.hpa;

/** Why the controller would rescale, as it words it in the {@code SuccessfulRescale} event. */
public enum RescaleReason {
    /** Desired equals current before normalization. */
    NONE,
    /** "&lt;metric&gt; above target". */
    METRIC_ABOVE_TARGET,
    /** "All metrics below target". */
    ALL_METRICS_BELOW_TARGET,
    /** "Current number of replicas above Spec.MaxReplicas". */
    ABOVE_MAX_REPLICAS,
    /** "Current number of replicas below Spec.MinReplicas". */
    BELOW_MIN_REPLICAS;

    /** The controller's wording; {@code metricName} is used for {@link #METRIC_ABOVE_TARGET} only. */
    public String message(String metricName) {
        return switch (this) {
            case NONE -> "";
            case METRIC_ABOVE_TARGET -> metricName + " above target";
            case ALL_METRICS_BELOW_TARGET -> "All metrics below target";
            case ABOVE_MAX_REPLICAS -> "Current number of replicas above Spec.MaxReplicas";
            case BELOW_MIN_REPLICAS -> "Current number of replicas below Spec.MinReplicas";
        };
    }
}
