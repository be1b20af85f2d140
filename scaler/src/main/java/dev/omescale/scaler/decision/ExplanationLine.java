package dev.omescale.scaler.decision;

import dev.omescale.scaler.hpa.ConditionReason;
import java.util.StringJoiner;

/**
 * The one-line form of an explanation, for events and logs:
 * {@code <ns>/<isvc> <component>: <current> → <final> (<outcome>) <step>; <step>; ...}, with a step only where it
 * had something to say.
 */
final class ExplanationLine {
    private ExplanationLine() {
    }

    static String write(Explanation x) {
        StringBuilder sb = new StringBuilder(160);
        String id = x.component();
        int slash = id.lastIndexOf('/');
        sb.append(slash < 0 ? id : id.substring(0, slash) + " " + id.substring(slash + 1)).append(": ")
                .append(x.currentReplicas()).append(" → ").append(x.finalReplicas()).append(" (")
                .append(x.outcome().word());
        if (x.outcome() == Outcome.NOT_SCALABLE) {
            sb.append(", would ").append(x.computedOutcome().word());
        }
        sb.append(") ");
        StringJoiner steps = new StringJoiner("; ");
        for (Explanation.PolicyProposal p : x.proposals()) {
            steps.add(p.policy() + ": " + p.reason() + " → " + (p.replicas() == null ? "no proposal" : p.replicas()));
        }
        steps.add(x.combined().note());
        for (Explanation.Condition c : x.conditions()) {
            if (c.reason().equals(ConditionReason.SCALING_DISABLED.kubernetesName())) {
                steps.add("ScalingDisabled: " + c.message());
            }
        }
        Explanation.Stabilization s = x.stabilization();
        if (s != null && s.recommendation() != s.desired()) {
            steps.add(s.reason() + " " + s.desired() + " → " + s.recommendation());
        }
        Explanation.Limits l = x.limits();
        if (l != null) {
            if (l.replicas() != l.recommendation()) {
                steps.add(l.reason() + " " + l.recommendation() + " → " + l.replicas());
            } else if (l.allowed() != null) {
                steps.add((l.recommendation() > x.currentReplicas() ? "ScaleUpLimit" : "ScaleDownLimit")
                        + " would allow " + l.allowed());
            }
        }
        if (x.clamp() != null) {
            steps.add(x.clamp().note());
        }
        if (x.coordination() != null) {
            steps.add("ratio: " + x.coordination().note());
        }
        if (x.scaleToZero() != null) {
            steps.add("scale to zero: " + x.scaleToZero().note());
        }
        if (x.leverNote() != null) {
            steps.add("not written by omescale: " + x.leverNote());
        }
        return sb.append(steps).toString();
    }
}
