package dev.omescale.scaler.hpa;

import java.time.Duration;
import java.time.Instant;

/**
 * Rate limits and min/max clamping after stabilization (spec section 8). Percent policies are computed in IEEE
 * doubles in the controller's exact order — divide, add to or subtract from 1, multiply, then ceil or truncate —
 * because exact decimal arithmetic disagrees in hundreds of cases (e.g. 100 × 1.1 = 110.00000000000001 → 111).
 */
public final class RateLimiter {

    static final String UP_FASTER = "the desired replica count is increasing faster than the maximum scale rate";
    static final String DOWN_FASTER = "the desired replica count is decreasing faster than the maximum scale rate";
    static final String ABOVE_MAX = "the desired replica count is more than the maximum replica count";
    static final String BELOW_MIN = "the desired replica count is less than the minimum replica count";
    static final String IN_RANGE = "the desired count is within the acceptable range";

    private RateLimiter() {
    }

    /**
     * @param replicas       the limited replica count
     * @param scalingLimited {@code ScalingLimited}, True iff {@code replicas} differs from the stabilized count
     */
    public record Limited(int replicas, HpaCondition scalingLimited) {
    }

    /** Legacy path: at most {@code max(2 × current, 4)} per sync, then [min, max]. */
    public static Limited legacy(int current, int stabilized, int min, int max) {
        int upLimit = legacyScaleUpLimit(current);
        int maxAllowed;
        ConditionReason reason;
        String message;
        if (max > upLimit) {
            maxAllowed = upLimit;
            reason = ConditionReason.SCALE_UP_LIMIT;
            message = UP_FASTER;
        } else {
            maxAllowed = max;
            reason = ConditionReason.TOO_MANY_REPLICAS;
            message = ABOVE_MAX;
        }
        if (stabilized < min) {
            return limited(min, stabilized, ConditionReason.TOO_FEW_REPLICAS, BELOW_MIN);
        }
        if (stabilized > maxAllowed) {
            return limited(maxAllowed, stabilized, reason, message);
        }
        return limited(stabilized, stabilized, ConditionReason.DESIRED_WITHIN_RANGE, IN_RANGE);
    }

    /** {@code int32(max(2.0 × current, 4.0))}. */
    public static int legacyScaleUpLimit(int current) {
        return (int) Math.max(2.0 * (double) current, 4.0);
    }

    /** Behavior path: the policy limits of the direction the stabilized count moves in, then [min, max]. */
    public static Limited withBehavior(int current, int stabilized, int min, int max, EffectiveBehavior behavior,
            ScaleEvents events, Instant now) {
        if (stabilized > current) {
            int limit = Math.max(scaleUpLimit(current, events, behavior.scaleUp(), now), current);
            if (max > limit) {
                return stabilized > limit
                        ? limited(limit, stabilized, ConditionReason.SCALE_UP_LIMIT, UP_FASTER)
                        : limited(stabilized, stabilized, ConditionReason.DESIRED_WITHIN_RANGE, IN_RANGE);
            }
            return stabilized > max
                    ? limited(max, stabilized, ConditionReason.TOO_MANY_REPLICAS, ABOVE_MAX)
                    : limited(stabilized, stabilized, ConditionReason.DESIRED_WITHIN_RANGE, IN_RANGE);
        }
        if (stabilized < current) {
            int limit = Math.min(scaleDownLimit(current, events, behavior.scaleDown(), now), current);
            if (min < limit) {
                return stabilized < limit
                        ? limited(limit, stabilized, ConditionReason.SCALE_DOWN_LIMIT, DOWN_FASTER)
                        : limited(stabilized, stabilized, ConditionReason.DESIRED_WITHIN_RANGE, IN_RANGE);
            }
            return stabilized < min
                    ? limited(min, stabilized, ConditionReason.TOO_FEW_REPLICAS, BELOW_MIN)
                    : limited(stabilized, stabilized, ConditionReason.DESIRED_WITHIN_RANGE, IN_RANGE);
        }
        return limited(stabilized, stabilized, ConditionReason.DESIRED_WITHIN_RANGE, IN_RANGE);
    }

    /**
     * The most replicas the scale-up policies allow now: per policy, from the count at the period's start
     * ({@code current − added + removed}), Max takes the largest, Min the smallest; Disabled keeps {@code current}.
     * With no policies, Max yields MinInt32 and Min MaxInt32, as in the controller.
     */
    public static int scaleUpLimit(int current, ScaleEvents events, EffectiveRules rules, Instant now) {
        if (rules.selectPolicy() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean takeMin = rules.selectPolicy() == SelectPolicy.MIN;
        int result = takeMin ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (HpaScalingPolicy policy : rules.policies()) {
            int start = periodStart(current, events, policy, now);
            int proposed = policy.type() == HpaScalingPolicy.Type.PODS
                    ? start + policy.value()
                    : percentUp(start, policy.value());
            result = takeMin ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    /**
     * The fewest replicas the scale-down policies allow now. The largest change wins under Max, so Max takes the
     * <em>smallest</em> count and Min the largest; Disabled keeps {@code current}.
     */
    public static int scaleDownLimit(int current, ScaleEvents events, EffectiveRules rules, Instant now) {
        if (rules.selectPolicy() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean takeMax = rules.selectPolicy() == SelectPolicy.MIN;
        int result = takeMax ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (HpaScalingPolicy policy : rules.policies()) {
            int start = periodStart(current, events, policy, now);
            int proposed = policy.type() == HpaScalingPolicy.Type.PODS
                    ? start - policy.value()
                    : percentDown(start, policy.value());
            result = takeMax ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    /** {@code int32(ceil(float64(start) × (1 + float64(percent)/100)))}. */
    public static int percentUp(int start, int percent) {
        return (int) Math.ceil((double) start * (1 + (double) percent / 100));
    }

    /** {@code int32(float64(start) × (1 − float64(percent)/100))}, truncated toward zero. */
    public static int percentDown(int start, int percent) {
        return (int) ((double) start * (1 - (double) percent / 100));
    }

    private static int periodStart(int current, ScaleEvents events, HpaScalingPolicy policy, Instant now) {
        Duration period = Duration.ofSeconds(policy.periodSeconds());
        return current - events.addedWithin(period, now) + events.removedWithin(period, now);
    }

    private static Limited limited(int replicas, int stabilized, ConditionReason reason, String message) {
        return new Limited(replicas, HpaCondition.scalingLimited(replicas != stabilized, reason, message));
    }
}
