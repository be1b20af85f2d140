package dev.omescale.scaler.hpa;

import java.util.List;

/**
 * Scaling rules for one direction, as written by the user: every field may be null (not set), so that
 * defaulting can follow the API's rules exactly. Mirrors {@code autoscaling/v2 HPAScalingRules}.
 *
 * @param stabilizationWindowSeconds 0..3600, or null
 * @param selectPolicy               or null
 * @param policies                   or null; a non-null list replaces the defaults entirely
 * @param tolerance                  per-direction tolerance (Kubernetes ≥ 1.33), or null for the default
 */
public record HpaScalingRules(
        Integer stabilizationWindowSeconds,
        SelectPolicy selectPolicy,
        List<HpaScalingPolicy> policies,
        Double tolerance) {

    public HpaScalingRules {
        policies = policies == null ? null : List.copyOf(policies);
    }
}
