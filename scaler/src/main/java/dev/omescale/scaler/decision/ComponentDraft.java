package dev.omescale.scaler.decision;

import dev.omescale.scaler.decision.Explanation.CombineRule;
import dev.omescale.scaler.hpa.HpaBehavior;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.policy.ComponentInputs;

/**
 * One component's decision between the per-component steps and the pair step: everything the explanation needs,
 * and the count so far. Immutable; the pair step returns changed copies.
 *
 * @param normalized         the HPA step, or null when it did not run (at zero with scale to zero)
 * @param normalizedReplicas the count after the HPA step (or at zero, 0), before scale to zero
 * @param zero               the scale-to-zero step, or null when it does not apply
 * @param replicas           the count so far
 * @param coordination       the pair step, or null
 */
record ComponentDraft(
        EffectiveComponentSpec spec,
        ComponentInputs inputs,
        ComponentHistory history,
        PolicyRunner.Result ran,
        ProposalCombiner.Combined combined,
        HpaBehavior behavior,
        HpaNormalizer.Normalized normalized,
        int normalizedReplicas,
        ScaleToZeroStep.Zero zero,
        int replicas,
        Explanation.Coordination coordination) {

    int current() {
        return inputs.currentReplicas();
    }

    ScaleToZeroStep.Move move() {
        return zero == null ? ScaleToZeroStep.Move.NONE : zero.move();
    }

    /** Whether the count stays where it is only because some policy lacked data. */
    boolean heldOnMissingData() {
        CombineRule rule = combined.combination().rule();
        return rule != CombineRule.MAX && normalizedReplicas == current();
    }

    ComponentDraft withReplicas(int newReplicas, ScaleToZeroStep.Zero newZero) {
        return new ComponentDraft(spec, inputs, history, ran, combined, behavior, normalized, normalizedReplicas,
                newZero, newReplicas, coordination);
    }

    ComponentDraft withCoordination(Explanation.Coordination c) {
        return new ComponentDraft(spec, inputs, history, ran, combined, behavior, normalized, normalizedReplicas,
                zero, replicas, c);
    }
}
