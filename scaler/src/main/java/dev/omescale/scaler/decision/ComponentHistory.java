package dev.omescale.scaler.decision;

import dev.omescale.scaler.hpa.HpaState;
import dev.omescale.scaler.model.PolicyKind;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine remembers about one component between ticks.
 *
 * @param hpa                 the HPA memory (recommendations, scale events) after the last tick, with the last
 *                            rescale recorded as if it succeeded
 * @param hpaIfRescaleFailed  the HPA memory without that rescale recorded, or null when the last tick recorded none;
 *                            see {@link ServiceHistory#rescaleFailed}
 * @param policyStates        each policy's state; a policy with no entry starts from its initial state
 * @param idleSince           since when the component has been seen idle without a break (scale to zero), or null
 * @param zeroedByOmescale    whether omescale took this component to zero and has kept it there since; only
 *                            this survives of the last decision, so a fleet's history stays small
 */
public record ComponentHistory(
        HpaState hpa,
        HpaState hpaIfRescaleFailed,
        Map<PolicyKind, Object> policyStates,
        Instant idleSince,
        boolean zeroedByOmescale) {

    private static final ComponentHistory INITIAL = new ComponentHistory(HpaState.initial(), null, Map.of(), null,
            false);

    public ComponentHistory {
        Objects.requireNonNull(hpa, "HPA state");
        policyStates = EnumMaps.copy(PolicyKind.class, policyStates);
    }

    public static ComponentHistory initial() {
        return INITIAL;
    }

    /** This history with the last rescale forgotten: the write failed, so it must not count against rate limits. */
    ComponentHistory withoutLastRescale() {
        return hpaIfRescaleFailed == null ? this
                : new ComponentHistory(hpaIfRescaleFailed, null, policyStates, idleSince, zeroedByOmescale);
    }
}
