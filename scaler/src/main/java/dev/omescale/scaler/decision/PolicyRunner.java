package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.Proposal;
import dev.omescale.scaler.policy.ScalingPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step b: each configured policy proposes with its stored state. A policy that is not registered, or that throws,
 * yields a proposal without replicas (an error, never a scale-down) and keeps its old state; states of policies no
 * longer configured are dropped, so re-adding one starts it afresh.
 */
final class PolicyRunner {

    /** One policy's turn: its proposal, and its state for the next tick (null when it keeps none). */
    record Ran(PolicyKind kind, Proposal proposal, Object nextState) {
    }

    /** Every configured policy's turn, in configuration order, and the states to remember. */
    record Result(List<Ran> ran, Map<PolicyKind, Object> nextStates) {
    }

    private PolicyRunner() {
    }

    static Result run(PolicySet policies, List<PolicyKind> configured, ComponentInputs inputs,
            Map<PolicyKind, Object> states) {
        List<Ran> ran = new ArrayList<>(configured.size());
        EnumMap<PolicyKind, Object> next = new EnumMap<>(PolicyKind.class);
        for (PolicyKind kind : configured) {
            Object state = states.get(kind);
            Optional<ScalingPolicy<?>> policy = policies.get(kind);
            Ran turn;
            if (policy.isEmpty()) {
                turn = new Ran(kind, Proposal.failed(kind.word(), "policy " + kind.word() + " is not registered in "
                        + "this omescale (registered: " + policies.words() + "); remove it from omescale.dev/policy"
                        + " on " + inputs.spec().objectName() + " or run an omescale that has it", List.of()), state);
            } else {
                turn = propose(policy.get(), kind, inputs, state);
            }
            ran.add(turn);
            if (turn.nextState() != null) {
                next.put(kind, turn.nextState());
            }
        }
        // the list is this method's own and no one changes it after: a read-only view, not a copy
        return new Result(Collections.unmodifiableList(ran), EnumMaps.freeze(next));
    }

    private static <S> Ran propose(ScalingPolicy<S> policy, PolicyKind kind, ComponentInputs inputs, Object stored) {
        try {
            @SuppressWarnings("unchecked") // states are stored per kind, and each kind has one policy
            S state = stored == null ? policy.initialState() : (S) stored;
            ScalingPolicy.PolicyOutcome<S> outcome = policy.propose(inputs, state);
            if (outcome == null || outcome.proposal() == null) {
                return new Ran(kind, Proposal.failed(kind.word(), "policy " + kind.word() + " returned no proposal"
                        + " for " + inputs.spec().objectName() + "; this is a bug in the policy", List.of()), stored);
            }
            return new Ran(kind, outcome.proposal(), outcome.state());
        } catch (RuntimeException e) {
            // One broken policy must not stop the tick for every service; it counts as an error, which holds.
            return new Ran(kind, Proposal.failed(kind.word(), "policy " + kind.word() + " failed on "
                    + inputs.spec().objectName() + ": " + e + "; this is a bug in the policy, please report it",
                    List.of()), stored);
        }
    }
}
