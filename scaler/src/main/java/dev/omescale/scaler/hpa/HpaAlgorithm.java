package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.Objects;

/**
 * One HPA reconcile after the scale subresource was read (spec section 6 steps 2–5): the scaling-disabled and
 * min/max branches, otherwise the combined metrics stabilized and rate-limited on the legacy or behavior path.
 */
public record HpaAlgorithm(HpaControllerConfig config) {

    public static final HpaAlgorithm DEFAULT = new HpaAlgorithm(HpaControllerConfig.DEFAULT);

    static final String GOT_SCALE = "the HPA controller was able to get the target's current scale";
    static final String DISABLED = "scaling is disabled since the replica count of the target is zero";

    public HpaAlgorithm {
        Objects.requireNonNull(config, "HPA controller config");
    }

    /** Whether this reconcile reads metrics at all; the disabled and min/max branches do not. */
    public boolean needsMetrics(HpaSpec spec, int currentReplicas) {
        int min = spec.effectiveMinReplicas();
        return !(currentReplicas == 0 && min != 0) && currentReplicas <= spec.maxReplicas()
                && currentReplicas >= min;
    }

    /** The tolerances the replica calculator uses for this HPA. */
    public Tolerances tolerances(HpaSpec spec) {
        return BehaviorDefaults.tolerances(spec.behavior(), config);
    }

    /**
     * Decides one reconcile.
     *
     * @param currentReplicas {@code scale.spec.replicas}
     * @param metrics         the combined metrics; may be null when {@link #needsMetrics} is false
     * @param state           the HPA's memory; an empty history is seeded with {@code {current, now}} first
     */
    public HpaOutcome normalize(HpaSpec spec, int currentReplicas, CombinedMetrics metrics, HpaState state,
            Instant now) {
        if (state.recommendations().isEmpty()) {
            state = new HpaState(RecommendationHistory.seed(currentReplicas, now), state.scaleEvents());
        }
        HpaCondition gotScale = HpaCondition.ableToScale(true, ConditionReason.SUCCEEDED_GET_SCALE, GOT_SCALE);
        int min = spec.effectiveMinReplicas();
        int max = spec.maxReplicas();
        if (currentReplicas == 0 && min != 0) {
            return new HpaOutcome(0, false, RescaleReason.NONE, -1, gotScale,
                    HpaCondition.scalingActive(false, ConditionReason.SCALING_DISABLED, DISABLED), null, state, null);
        }
        if (currentReplicas > max) {
            return new HpaOutcome(max, true, RescaleReason.ABOVE_MAX_REPLICAS, -1, gotScale, null, null, state, null);
        }
        if (currentReplicas < min) {
            return new HpaOutcome(min, true, RescaleReason.BELOW_MIN_REPLICAS, -1, gotScale, null, null, state, null);
        }
        Objects.requireNonNull(metrics, "combined metrics (needsMetrics is true for this reconcile)");
        if (metrics instanceof CombinedMetrics.Invalid invalid) {
            return new HpaOutcome(currentReplicas, false, RescaleReason.NONE, -1, gotScale, invalid.scalingActive(),
                    null, state, invalid.error());
        }
        CombinedMetrics.Valid valid = (CombinedMetrics.Valid) metrics;
        int desired = Math.max(0, valid.replicas());
        RescaleReason reason = RescaleReason.NONE;
        int metricIndex = -1;
        if (desired > currentReplicas) {
            reason = RescaleReason.METRIC_ABOVE_TARGET;
            metricIndex = valid.metricIndex();
        } else if (desired < currentReplicas) {
            reason = RescaleReason.ALL_METRICS_BELOW_TARGET;
        }
        Stabilizer.Stabilized stabilized;
        RateLimiter.Limited limited;
        if (spec.behavior() == null) {
            stabilized = Stabilizer.legacy(state.recommendations(), desired, now,
                    config.downscaleStabilizationWindow());
            limited = RateLimiter.legacy(currentReplicas, stabilized.recommendation(), min, max);
        } else {
            EffectiveBehavior behavior = BehaviorDefaults.apply(spec.behavior(), config);
            stabilized = Stabilizer.withBehavior(state.recommendations(), currentReplicas, desired,
                    behavior.scaleUp().stabilizationWindowSeconds(),
                    behavior.scaleDown().stabilizationWindowSeconds(), now);
            limited = RateLimiter.withBehavior(currentReplicas, stabilized.recommendation(), min, max, behavior,
                    state.scaleEvents(), now);
        }
        HpaState next = new HpaState(stabilized.history(), state.scaleEvents());
        return new HpaOutcome(limited.replicas(), limited.replicas() != currentReplicas, reason, metricIndex,
                stabilized.ableToScale(), valid.scalingActive(), limited.scalingLimited(), next,
                valid.partialError());
    }
}
