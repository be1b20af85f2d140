package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.InputUsed;
import dev.omescale.scaler.policy.Proposal;
import dev.omescale.scaler.policy.ScalingPolicy;
import java.util.List;

/** Small policies that test the engine without the real ones. */
final class TestPolicies {
    private TestPolicies() {
    }

    /** Always proposes {@code replicas}. */
    record Fixed(PolicyKind kind, int replicas) implements ScalingPolicy<Void> {
        @Override
        public Void initialState() {
            return null;
        }

        @Override
        public PolicyOutcome<Void> propose(ComponentInputs inputs, Void state) {
            return new PolicyOutcome<>(Proposal.of(kind.word(), replicas, "fixed", List.of()), null);
        }
    }

    /** ceil(load / target) on one fresh component signal; missing data when the signal is absent or stale. */
    record Load(PolicyKind kind, String signal, double target) implements ScalingPolicy<Void> {
        @Override
        public Void initialState() {
            return null;
        }

        @Override
        public PolicyOutcome<Void> propose(ComponentInputs inputs, Void state) {
            Double raw = inputs.signals() == null ? null : inputs.signals().get(signal);
            Double fresh = inputs.freshSignal(signal);
            List<InputUsed> used = List.of(new InputUsed(signal, raw, target, inputs.signalAge()));
            if (fresh == null) {
                return new PolicyOutcome<>(Proposal.missing(kind.word(), signal + " missing or stale", used), null);
            }
            int replicas = (int) Math.ceil(fresh / target);
            return new PolicyOutcome<>(Proposal.of(kind.word(), replicas, signal + " " + Texts.number(fresh)
                    + " / " + Texts.number(target), used), null);
        }
    }

    /** Never has data for {@code input}. */
    record Missing(PolicyKind kind, String input) implements ScalingPolicy<Void> {
        @Override
        public Void initialState() {
            return null;
        }

        @Override
        public PolicyOutcome<Void> propose(ComponentInputs inputs, Void state) {
            return new PolicyOutcome<>(Proposal.missing(kind.word(), "no " + input,
                    List.of(new InputUsed(input, null, 2.0, ComponentInputs.NEVER))), null);
        }
    }

    /** Always fails with an error (not missing data). */
    record Failing(PolicyKind kind) implements ScalingPolicy<Void> {
        @Override
        public Void initialState() {
            return null;
        }

        @Override
        public PolicyOutcome<Void> propose(ComponentInputs inputs, Void state) {
            return new PolicyOutcome<>(Proposal.failed(kind.word(), "query failed", List.of()), null);
        }
    }

    /** Throws, like a policy with a bug. */
    record Throwing(PolicyKind kind) implements ScalingPolicy<Integer> {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public PolicyOutcome<Integer> propose(ComponentInputs inputs, Integer state) {
            throw new IllegalStateException("boom");
        }
    }

    /** Proposes {@code replicas} and counts its ticks in its state. */
    record Counting(PolicyKind kind, int replicas) implements ScalingPolicy<Integer> {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public PolicyOutcome<Integer> propose(ComponentInputs inputs, Integer state) {
            return new PolicyOutcome<>(Proposal.of(kind.word(), replicas, "tick " + (state + 1), List.of()),
                    state + 1);
        }
    }
}
