package dev.omescale.scaler.policy;

import dev.omescale.scaler.model.PolicyKind;

/**
 * One way of turning a component's inputs into a replica count. Pure: the state a policy carries between ticks
 * (a KPA panic window, an SLO policy's learned capacity) goes in and comes out as a value, so the same inputs
 * and state always give the same proposal, and the simulator can replay a decision exactly.
 *
 * @param <S> the policy's state between ticks of one component; immutable
 */
public interface ScalingPolicy<S> {

    PolicyKind kind();

    /** The state of a component this policy has never seen. */
    S initialState();

    PolicyOutcome<S> propose(ComponentInputs inputs, S state);

    /** A proposal and the state for the next tick. */
    record PolicyOutcome<S>(Proposal proposal, S state) {
    }
}
