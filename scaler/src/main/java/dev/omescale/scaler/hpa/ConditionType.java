package dev.omescale.scaler.hpa;

/** The three HPA status conditions. */
public enum ConditionType {
    ABLE_TO_SCALE("AbleToScale"),
    SCALING_ACTIVE("ScalingActive"),
    SCALING_LIMITED("ScalingLimited");

    private final String kubernetesName;

    ConditionType(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    /** The condition type as Kubernetes spells it. */
    public String kubernetesName() {
        return kubernetesName;
    }
}
