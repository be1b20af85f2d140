package dev.omescale.scaler.decision;

import dev.omescale.scaler.decision.Explanation.Clamp;
import dev.omescale.scaler.decision.Explanation.Condition;
import dev.omescale.scaler.decision.Explanation.Limits;
import dev.omescale.scaler.decision.Explanation.Stabilization;
import dev.omescale.scaler.hpa.BehaviorDefaults;
import dev.omescale.scaler.hpa.CombinedMetrics;
import dev.omescale.scaler.hpa.ConditionReason;
import dev.omescale.scaler.hpa.EffectiveBehavior;
import dev.omescale.scaler.hpa.HpaAlgorithm;
import dev.omescale.scaler.hpa.HpaCondition;
import dev.omescale.scaler.hpa.HpaOutcome;
import dev.omescale.scaler.hpa.HpaSpec;
import dev.omescale.scaler.hpa.HpaState;
import dev.omescale.scaler.hpa.RateLimiter;
import dev.omescale.scaler.hpa.RecommendationHistory;
import dev.omescale.scaler.hpa.RescaleReason;
import dev.omescale.scaler.hpa.Stabilizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps d and e: the combined proposal goes through {@link HpaAlgorithm#normalize} exactly as one metric of an HPA
 * would — stabilization windows, behavior rate limits, then [min, max] — and the HPA's conditions and reasons are
 * copied into the explanation. A hold (missing data) is fed as invalid metrics, so the HPA keeps the current count
 * and stores no recommendation, as it does when its metrics fail.
 */
final class HpaNormalizer {

    static final String UNABLE = "the HPA was unable to compute the replica count: ";
    static final String ABLE = "the HPA was able to successfully calculate a replica count from ";

    /**
     * @param replicas      the normalized count
     * @param state         the HPA memory after this tick (no rescale recorded yet)
     * @param conditions    AbleToScale, ScalingActive, ScalingLimited as set this tick
     * @param stabilization null when stabilization did not run
     * @param limits        null when the rate limits did not run
     * @param clamp         null when the clamp did not run (a hold, or scaling disabled at 0)
     */
    record Normalized(int replicas, HpaState state, List<Condition> conditions, Stabilization stabilization,
            Limits limits, Clamp clamp) {
    }

    private HpaNormalizer() {
    }

    static Normalized normalize(HpaAlgorithm algorithm, HpaSpec spec, int current,
            ProposalCombiner.Combined combined, HpaState state, Instant now) {
        CombinedMetrics metrics = algorithm.needsMetrics(spec, current) ? metrics(combined, now) : null;
        HpaOutcome out = algorithm.normalize(spec, current, metrics, state, now);
        List<Condition> conditions = new ArrayList<>(3);
        addCondition(conditions, out.ableToScale());
        addCondition(conditions, out.scalingActive());
        addCondition(conditions, out.scalingLimited());
        int min = spec.effectiveMinReplicas();
        int max = spec.maxReplicas();
        if (out.rescaleReason() == RescaleReason.ABOVE_MAX_REPLICAS) {
            return new Normalized(out.desiredReplicas(), out.state(), conditions, null, null, new Clamp(min, max,
                    current, out.desiredReplicas(), "current " + current + " above maxReplicas " + max
                    + ": lowered to " + max));
        }
        if (out.rescaleReason() == RescaleReason.BELOW_MIN_REPLICAS) {
            return new Normalized(out.desiredReplicas(), out.state(), conditions, null, null, new Clamp(min, max,
                    current, out.desiredReplicas(), "current " + current + " below minReplicas " + min
                    + ": raised to " + min));
        }
        if (!(metrics instanceof CombinedMetrics.Valid valid)) {
            // scaling disabled at 0 replicas, or a hold: nothing was stabilized, limited or clamped
            return new Normalized(out.desiredReplicas(), out.state(), conditions, null, null, null);
        }
        int desired = Math.max(0, valid.replicas());
        boolean limited = out.scalingLimited() != null && out.scalingLimited().status();
        EffectiveBehavior behavior = spec.behavior() == null || (!limited && out.desiredReplicas() == current) ? null
                : BehaviorDefaults.apply(spec.behavior(), algorithm.config());
        int stabilized = limited ? stabilized(algorithm, spec, behavior, current, desired, state, now)
                : out.desiredReplicas();
        HpaCondition able = out.ableToScale();
        Stabilization stabilization = new Stabilization(desired, stabilized, able.reason().kubernetesName(),
                able.message());
        ConditionReason limitReason = out.scalingLimited().reason();
        boolean clamped = limitReason == ConditionReason.TOO_MANY_REPLICAS
                || limitReason == ConditionReason.TOO_FEW_REPLICAS;
        int afterLimits = clamped ? stabilized : out.desiredReplicas();
        Limits limits = new Limits(stabilized, afterLimits, allowed(spec, behavior, current, stabilized, state, now),
                limitReason.kubernetesName(), out.scalingLimited().message());
        String note = limitReason == ConditionReason.TOO_MANY_REPLICAS ? "lowered to maxReplicas " + max
                : limitReason == ConditionReason.TOO_FEW_REPLICAS ? "raised to minReplicas " + min
                : "within [" + min + "," + max + "]";
        return new Normalized(out.desiredReplicas(), out.state(), conditions, stabilization, limits,
                new Clamp(min, max, afterLimits, out.desiredReplicas(), note));
    }

    private static CombinedMetrics metrics(ProposalCombiner.Combined combined, Instant now) {
        Explanation.Combination c = combined.combination();
        if (c.replicas() == null) {
            // As the HPA reads omescale's decision: an external metric that could not be fetched.
            return new CombinedMetrics.Invalid(HpaCondition.scalingActive(false,
                    ConditionReason.FAILED_GET_EXTERNAL_METRIC, UNABLE + c.note()), c.note());
        }
        return new CombinedMetrics.Valid(c.replicas(), combined.winner(), now,
                HpaCondition.scalingActive(true, ConditionReason.VALID_METRIC_FOUND, ABLE + c.policy()),
                combined.partialError());
    }

    private static void addCondition(List<Condition> into, HpaCondition c) {
        if (c != null) {
            into.add(Condition.of(c));
        }
    }

    /** The stabilized count, which the outcome does not carry once the limits changed it; only then recomputed. */
    private static int stabilized(HpaAlgorithm algorithm, HpaSpec spec, EffectiveBehavior b, int current,
            int desired, HpaState state, Instant now) {
        RecommendationHistory history = state.recommendations().isEmpty()
                ? RecommendationHistory.seed(current, now) : state.recommendations();
        if (spec.behavior() == null) {
            return Stabilizer.legacy(history, desired, now, algorithm.config().downscaleStabilizationWindow())
                    .recommendation();
        }
        return Stabilizer.withBehavior(history, current, desired,
                Duration.ofSeconds(b.scaleUp().stabilizationWindowSeconds()),
                Duration.ofSeconds(b.scaleDown().stabilizationWindowSeconds()), now).recommendation();
    }

    /** The rate limit in the direction the recommendation moves, for "ScaleUpLimit would allow 7"; else null. */
    private static Integer allowed(HpaSpec spec, EffectiveBehavior b, int current, int stabilized, HpaState state,
            Instant now) {
        if (stabilized == current) {
            return null;
        }
        if (spec.behavior() == null) {
            return stabilized > current ? RateLimiter.legacyScaleUpLimit(current) : null;
        }
        return stabilized > current
                ? Math.max(RateLimiter.scaleUpLimit(current, state.scaleEvents(), b.scaleUp(), now), current)
                : Math.min(RateLimiter.scaleDownLimit(current, state.scaleEvents(), b.scaleDown(), now), current);
    }
}
