package dev.omescale.scaler.controller;

import dev.omescale.scaler.controller.realize.Realized;
import dev.omescale.scaler.decision.ComponentDecision;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.telemetry.signal.ComponentSignals;
import java.time.Instant;

/**
 * What {@code omescale explain} shows for one component: the effective spec, where its replicas live and whether
 * omescale writes them, the signals of the last evaluation, the last decision with its reasons, and what the
 * realizer did with it.
 *
 * @param evaluatedAt      when the component was last evaluated
 * @param spec             the effective spec the decision used
 * @param workload         where the replicas live
 * @param readyReplicas    Running and Ready pods
 * @param startingReplicas pods not Ready yet
 * @param signals          the component's signals at that evaluation, or null when telemetry had none
 * @param decision         the last decision, or null when the workload was not there to decide for
 * @param realized         what was done with it, or null without a decision
 * @param usageProblem     why cpu/memory usage could not be read from metrics.k8s.io for a component scaling on
 *                         it (which HTTP answer, and the fix); null when it was read or not needed
 */
public record ComponentReport(
        ComponentKey key,
        Instant evaluatedAt,
        EffectiveComponentSpec spec,
        Workload workload,
        int readyReplicas,
        int startingReplicas,
        ComponentSignals signals,
        ComponentDecision decision,
        Realized realized,
        String usageProblem) {
}
