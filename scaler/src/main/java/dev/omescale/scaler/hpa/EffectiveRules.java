package dev.omescale.scaler.hpa;

import java.util.List;
import java.util.Objects;

/**
 * Scaling rules of one direction with every default filled in: what the algorithm actually reads.
 *
 * @param stabilizationWindowSeconds 0..3600
 * @param selectPolicy               which policy limit wins
 * @param policies                   at least one
 * @param tolerance                  this direction's tolerance
 */
public record EffectiveRules(int stabilizationWindowSeconds, SelectPolicy selectPolicy,
        List<HpaScalingPolicy> policies, double tolerance) {

    public EffectiveRules {
        Objects.requireNonNull(selectPolicy, "selectPolicy");
        policies = List.copyOf(policies);
    }

    /** The longest policy period, which bounds how long scale events of this direction matter. */
    public int longestPeriodSeconds() {
        int longest = 0;
        for (HpaScalingPolicy p : policies) {
            longest = Math.max(longest, p.periodSeconds());
        }
        return longest;
    }
}
