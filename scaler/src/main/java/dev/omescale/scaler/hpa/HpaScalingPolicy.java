package dev.omescale.scaler.hpa;

/**
 * One rate-limit policy of an HPA behavior: at most {@code value} pods, or {@code value} percent, per
 * {@code periodSeconds}. Mirrors {@code autoscaling/v2 HPAScalingPolicy}.
 */
public record HpaScalingPolicy(Type type, int value, int periodSeconds) {
    public enum Type { PODS, PERCENT }
}
