package dev.omescale.scaler.hpa;

/** The kinds of HPA metric sources, each with the condition reason its failures carry. */
public enum MetricSourceType {
    RESOURCE(ConditionReason.FAILED_GET_RESOURCE_METRIC),
    CONTAINER_RESOURCE(ConditionReason.FAILED_GET_CONTAINER_RESOURCE_METRIC),
    PODS(ConditionReason.FAILED_GET_PODS_METRIC),
    OBJECT(ConditionReason.FAILED_GET_OBJECT_METRIC),
    EXTERNAL(ConditionReason.FAILED_GET_EXTERNAL_METRIC);

    private final ConditionReason failureReason;

    MetricSourceType(ConditionReason failureReason) {
        this.failureReason = failureReason;
    }

    /** {@code ScalingActive=False} reason when a metric of this kind cannot give a proposal. */
    public ConditionReason failureReason() {
        return failureReason;
    }
}
