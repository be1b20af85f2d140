package dev.omescale.scaler.observe;

import dev.omescale.scaler.decision.ComponentDecision;
import dev.omescale.scaler.decision.Explanation;
import java.util.Locale;

/**
 * The step of a decision that settled its final count, as a short label value: the last step of the flow (policies
 * → stabilization → rate limits → clamp → engine:decoder ratio → scale to zero) that changed the count it was
 * given, or why the policies gave nothing to change.
 */
public enum DecisionReason {
    /** The combined proposal of the policies stood. */
    POLICY,
    /** No policy had a usable proposal: held. */
    NO_PROPOSAL,
    /** Some policies had no data and the others would not scale up: held. */
    MISSING_DATA,
    /** The HPA stabilization window kept an earlier recommendation. */
    STABILIZED,
    /** The HPA behavior policies limited the change. */
    RATE_LIMITED,
    /** Raised to minReplicas. */
    CLAMPED_MIN,
    /** Lowered to maxReplicas. */
    CLAMPED_MAX,
    /** Moved to keep the engine:decoder ratio. */
    RATIO,
    /** The scale-to-zero step went to zero or woke the component. */
    SCALE_TO_ZERO;

    /** The label value, e.g. {@code rate_limited}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason for one component's decision, read from its explanation. */
    public static DecisionReason of(ComponentDecision decision) {
        Explanation x = decision.explanation();
        if (x.scaleToZero() != null && (x.finalReplicas() == 0) != (x.currentReplicas() == 0)) {
            return SCALE_TO_ZERO;
        }
        Explanation.Coordination c = x.coordination();
        if (c != null && (c.engineBefore() != c.engineAfter() || c.decoderBefore() != c.decoderAfter())
                && changedFor(decision, c)) {
            return RATIO;
        }
        Explanation.Clamp clamp = x.clamp();
        if (clamp != null && clamp.before() != clamp.after()) {
            return clamp.after() == clamp.min() && clamp.before() < clamp.min() ? CLAMPED_MIN : CLAMPED_MAX;
        }
        switch (x.combined().rule()) {
            case HOLD_NONE:
                return NO_PROPOSAL;
            case HOLD_MISSING:
                return MISSING_DATA;
            default:
                break;
        }
        Explanation.Limits l = x.limits();
        if (l != null && l.replicas() != l.recommendation()) {
            return RATE_LIMITED;
        }
        Explanation.Stabilization s = x.stabilization();
        if (s != null && s.recommendation() != s.desired()) {
            return STABILIZED;
        }
        return POLICY;
    }

    private static boolean changedFor(ComponentDecision decision, Explanation.Coordination c) {
        return switch (decision.kind()) {
            case ENGINE -> c.engineBefore() != c.engineAfter();
            case DECODER -> c.decoderBefore() != c.decoderAfter();
            default -> false;
        };
    }
}
