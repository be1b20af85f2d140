package dev.omescale.scaler.hpa;

/** The reasons the HPA writes into its conditions (spec section 9), with their Kubernetes spelling. */
public enum ConditionReason {
    SUCCEEDED_GET_SCALE("SucceededGetScale"),
    SUCCEEDED_RESCALE("SucceededRescale"),
    READY_FOR_NEW_SCALE("ReadyForNewScale"),
    SCALE_UP_STABILIZED("ScaleUpStabilized"),
    SCALE_DOWN_STABILIZED("ScaleDownStabilized"),
    FAILED_GET_SCALE("FailedGetScale"),
    FAILED_UPDATE_SCALE("FailedUpdateScale"),
    VALID_METRIC_FOUND("ValidMetricFound"),
    SCALING_DISABLED("ScalingDisabled"),
    INVALID_SELECTOR("InvalidSelector"),
    AMBIGUOUS_SELECTOR("AmbiguousSelector"),
    FAILED_GET_RESOURCE_METRIC("FailedGetResourceMetric"),
    FAILED_GET_CONTAINER_RESOURCE_METRIC("FailedGetContainerResourceMetric"),
    FAILED_GET_PODS_METRIC("FailedGetPodsMetric"),
    FAILED_GET_OBJECT_METRIC("FailedGetObjectMetric"),
    FAILED_GET_EXTERNAL_METRIC("FailedGetExternalMetric"),
    INVALID_METRIC_SOURCE_TYPE("InvalidMetricSourceType"),
    TOO_FEW_REPLICAS("TooFewReplicas"),
    TOO_MANY_REPLICAS("TooManyReplicas"),
    SCALE_UP_LIMIT("ScaleUpLimit"),
    SCALE_DOWN_LIMIT("ScaleDownLimit"),
    DESIRED_WITHIN_RANGE("DesiredWithinRange");

    private final String kubernetesName;

    ConditionReason(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    /** The reason as Kubernetes spells it, e.g. {@code ScaleUpLimit}. */
    public String kubernetesName() {
        return kubernetesName;
    }
}
