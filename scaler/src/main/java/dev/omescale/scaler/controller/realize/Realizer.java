package dev.omescale.scaler.controller.realize;

import dev.omescale.scaler.controller.Workload;
import dev.omescale.scaler.controller.leader.Leadership;
import dev.omescale.scaler.decision.ComponentDecision;
import dev.omescale.scaler.decision.Outcome;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.observe.ConflictKind;
import dev.omescale.scaler.observe.ControllerMetrics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Applies one component's decision, or refuses with the reason: omescale writes only workloads it owns (class
 * external, the opted-in MultiNode lever, an InferenceReplica), only as leader, only inside [minReplicas,
 * maxReplicas] (below only for a scale to zero the engine decided), never beside a foreign HPA or ScaledObject, and
 * only when the replicas change. Every write and every refusal is an Event on the InferenceService with the
 * decision's one-line explanation.
 */
public final class Realizer {
    private final Leadership leadership;
    private final EventRecorder events;
    private final ScaleWriter scales;
    private final MinReplicasLever lever;
    private final ControllerMetrics metrics;
    private final boolean writeReplicas;

    /**
     * @param metrics       counts every write attempt and every conflict
     * @param writeReplicas false in metrics-only mode: nothing is written, not even an Event
     */
    public Realizer(KubernetesClient client, Leadership leadership, EventRecorder events, int writeAttempts,
            ControllerMetrics metrics, boolean writeReplicas) {
        this.writeReplicas = writeReplicas;
        this.leadership = leadership;
        this.events = events;
        this.metrics = metrics;
        this.scales = new ScaleWriter(client, writeAttempts);
        this.lever = new MinReplicasLever(client, writeAttempts);
    }

    /**
     * @param isvc      the InferenceService as cached (Events refer to it)
     * @param spec      the component's effective spec as decided (for the lever: with its floor)
     * @param workload  where the replicas live
     * @param decision  the engine's decision
     * @param conflicts foreign autoscalers of the workload, one line each
     */
    public Realized realize(GenericKubernetesResource isvc, EffectiveComponentSpec spec, Workload workload,
            ComponentDecision decision, List<String> conflicts) {
        String ns = isvc.getMetadata().getNamespace();
        String component = spec.kind().word();
        int desired = decision.desiredReplicas();
        int current = decision.currentReplicas();
        String line = decision.explanation().toLine();
        Outcome wanted = decision.explanation().computedOutcome();
        if (!writeReplicas) {
            // before every other check: in this mode no path may reach the API server with a write
            return new Realized(Realized.Result.METRICS_ONLY, "metrics-only mode (--write-replicas off): omescale "
                    + "writes no replicas" + (desired == current || workload.write() == Workload.Write.NONE
                    || !workload.exists() ? "" : ", it would scale " + workload.describe(ns)
                    + " from " + current + " to " + desired) + "; HPAs or ScaledObjects act on what it serves");
        }
        if (workload.write() == Workload.Write.NONE) {
            if (spec.deploymentMode() == dev.omescale.scaler.model.DeploymentMode.MULTI_NODE
                    && wanted != null && wanted.changesReplicas() && desired != current) {
                events.refusal(isvc, component, "ScaleNotPossible", current + "->" + desired, workload.note() + ": "
                        + line);
            }
            return new Realized(Realized.Result.NOT_MANAGED, workload.note());
        }
        if (!workload.exists()) {
            return new Realized(Realized.Result.NO_WORKLOAD, workload.note());
        }
        if (desired == current) {
            events.clear(isvc, component);
            return new Realized(Realized.Result.UNCHANGED, workload.describe(ns) + " stays at " + current);
        }
        if (!conflicts.isEmpty()) {
            metrics.recordConflict(ns, isvc.getMetadata().getName(), component, ConflictKind.OTHER_AUTOSCALER);
            String text = String.join("; ", conflicts);
            events.refusal(isvc, component, "ScaleConflict", text + "|" + current + "->" + desired, text
                    + ": omescale writes nothing for " + component + "; remove the other autoscaler or set class "
                    + "hpa/keda to leave it in charge. " + line);
            return new Realized(Realized.Result.REFUSED_CONFLICT, text + ": omescale writes nothing for "
                    + component);
        }
        boolean toZero = desired == 0 && decision.outcome() == Outcome.SCALE_TO_ZERO && spec.scaleToZeroAllowed();
        if (desired > spec.maxReplicas() || (desired < spec.minReplicas() && !toZero)) {
            String text = "decided " + desired + " replicas, outside [" + spec.minReplicas() + ", "
                    + spec.maxReplicas() + "]: omescale writes nothing";
            events.refusal(isvc, component, "ScaleOutOfBounds", current + "->" + desired, text + ". " + line);
            return new Realized(Realized.Result.REFUSED_BOUNDS, text);
        }
        if (!leadership.isLeader()) {
            return new Realized(Realized.Result.NOT_LEADER, "not the leader: another omescale replica writes "
                    + workload.describe(ns));
        }
        WriteRecorder recorder = new WriteRecorder(metrics, ns, isvc.getMetadata().getName(), component);
        Realized r = workload.write() == Workload.Write.ISVC_MIN_REPLICAS
                ? lever.write(ns, isvc.getMetadata().getName(), spec.kind(), desired, recorder)
                : scales.write(ns, workload.kind().word(), workload.name(), current, desired, recorder);
        if (r.result() == Realized.Result.WROTE) {
            events.normal(isvc, component, reason(decision.outcome(), current, desired), r.note() + ": " + line);
        } else if (r.result() == Realized.Result.FAILED) {
            events.refusal(isvc, component, "ScaleFailed", current + "->" + desired, r.note() + ". " + line);
        }
        return r;
    }

    /** Drops what the realizer remembers about a deleted InferenceService. */
    public void forget(String namespace, String name) {
        events.forget(namespace, name);
    }

    private static String reason(Outcome outcome, int current, int desired) {
        if (outcome == Outcome.SCALE_TO_ZERO) {
            return "ScaledToZero";
        }
        if (outcome == Outcome.WAKE_FROM_ZERO) {
            return "WokeFromZero";
        }
        return desired > current ? "ScaledUp" : "ScaledDown";
    }
}
