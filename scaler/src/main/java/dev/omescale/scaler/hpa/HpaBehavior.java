package dev.omescale.scaler.hpa;

/**
 * An HPA {@code behavior} as written by the user; either direction may be null. A null behavior (not this record
 * with nulls inside) selects the HPA's legacy path.
 */
public record HpaBehavior(HpaScalingRules scaleUp, HpaScalingRules scaleDown) {
}
