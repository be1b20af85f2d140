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
import dev.omescale.scaler.model.PolicyKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Steps d and e: the combined proposal goes through {@link HpaAlgorithm#normalize} exactly as one metric of an HPA
 * would — stabilization windows, behavior rate limits, then [min, max] — and the HPA's conditions and reasons are
 * copied into the explanation. A hold (missing data) is fed as invalid metrics, so the HPA keeps the current count
 * and stores no recommendation, as it does when its metrics fail.
 */
final class HpaNormalizer {

    static final String UNABLE = "the HPA was unable to compute the replica count: ";
    static final String ABLE = "the HPA was able to successfully calculate a replica count from ";
    /** ScalingActive as set when a policy's proposal won: the same few conditions for every component. */
    private static final Map<String, HpaCondition> ACTIVE_BY_POLICY = Arrays.stream(PolicyKind.values())
            .collect(Collectors.toUnmodifiableMap(PolicyKind::word, p -> active(p.word())));

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
        List<Condition> conditions = conditions(out.ableToScale(), out.scalingActive(), out.scalingLimited());
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
                activeFrom(c.policy()),
                combined.partialError());
    }

    /** The conditions set, in this order, as an immutable list that the explanation keeps without a copy. */
    private static List<Condition> conditions(HpaCondition a, HpaCondition b, HpaCondition c) {
        if (a != null && b != null && c != null) {
            return List.of(Condition.of(a), Condition.of(b), Condition.of(c));
        }
        if (a == null) {
            return b == null ? one(c) : c == null ? one(b) : List.of(Condition.of(b), Condition.of(c));
        }
        return b == null ? (c == null ? one(a) : List.of(Condition.of(a), Condition.of(c)))
                : List.of(Condition.of(a), Condition.of(b));
    }

    private static List<Condition> one(HpaCondition c) {
        return c == null ? List.of() : List.of(Condition.of(c));
    }

    /** ScalingActive when {@code policy}'s proposal won; made once per known policy. */
    private static HpaCondition activeFrom(String policy) {
        HpaCondition known = policy == null ? null : ACTIVE_BY_POLICY.get(policy);
        return known != null ? known : active(policy);
    }

    private static HpaCondition active(String policy) {
        return HpaCondition.scalingActive(true, ConditionReason.VALID_METRIC_FOUND, ABLE + policy);
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
                b.scaleUp().stabilizationWindowSeconds(), b.scaleDown().stabilizationWindowSeconds(), now)
                .recommendation();
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
