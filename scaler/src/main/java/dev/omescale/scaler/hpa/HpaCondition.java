package dev.omescale.scaler.hpa;

import java.util.Objects;

/** One HPA status condition as the controller would set it. */
public record HpaCondition(ConditionType type, boolean status, ConditionReason reason, String message) {

    public HpaCondition {
        Objects.requireNonNull(type, "condition type");
        Objects.requireNonNull(reason, "condition reason");
        Objects.requireNonNull(message, "condition message");
    }

    public static HpaCondition ableToScale(boolean status, ConditionReason reason, String message) {
        return new HpaCondition(ConditionType.ABLE_TO_SCALE, status, reason, message);
    }

    public static HpaCondition scalingActive(boolean status, ConditionReason reason, String message) {
        return new HpaCondition(ConditionType.SCALING_ACTIVE, status, reason, message);
    }

    public static HpaCondition scalingLimited(boolean status, ConditionReason reason, String message) {
        return new HpaCondition(ConditionType.SCALING_LIMITED, status, reason, message);
    }
}
