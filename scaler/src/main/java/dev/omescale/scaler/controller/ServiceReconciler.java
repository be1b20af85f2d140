package dev.omescale.scaler.controller;

import dev.omescale.scaler.controller.ComponentSignalsSource.ComponentSignalInputs;
import dev.omescale.scaler.controller.realize.Realized;
import dev.omescale.scaler.controller.realize.Realizer;
import dev.omescale.scaler.decision.ComponentDecision;
import dev.omescale.scaler.decision.DecisionEngine;
import dev.omescale.scaler.decision.ServiceDecision;
import dev.omescale.scaler.decision.ServiceHistory;
import dev.omescale.scaler.decision.ServiceInputs;
import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodPhase;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.EffectiveSpecResolver;
import dev.omescale.scaler.model.InferenceService;
import dev.omescale.scaler.model.InferenceServiceReader;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.observe.ControllerMetrics;
import dev.omescale.scaler.observe.DecisionMetrics;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.view.ComponentKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Reconciles one InferenceService: read it and its workloads from the cache, decide with the engine, realize each
 * component's decision, and record what happened. The history per InferenceService lives here, in memory; a
 * component the engine has not decided starts from the replicas its workload has now, never from defaults.
 */
final class ServiceReconciler {
    private final ClusterWatch watch;
    private final WorkloadResolver workloads;
    private final DecisionEngine engine;
    private final ComponentSignalsSource signals;
    private final Realizer realizer;
    private final DecisionBoard board;
    private final ControllerConfig config;
    private final Clock clock;
    private final KubernetesSerialization serialization;
    private final DecisionMetrics decisionMetrics;
    private final ControllerMetrics controllerMetrics;
    private final Map<String, ServiceHistory> histories = new ConcurrentHashMap<>();
    /** Bumped by {@link #resetHistories}; a reconcile that began before a reset does not store its history. */
    private final AtomicLong epoch = new AtomicLong();

    ServiceReconciler(ClusterWatch watch, DecisionEngine engine, ComponentSignalsSource signals, Realizer realizer,
            DecisionBoard board, ControllerConfig config, Clock clock, KubernetesSerialization serialization,
            DecisionMetrics decisionMetrics, ControllerMetrics controllerMetrics) {
        this.decisionMetrics = decisionMetrics;
        this.controllerMetrics = controllerMetrics;
        this.watch = watch;
        this.workloads = new WorkloadResolver(watch);
        this.engine = engine;
        this.signals = signals;
        this.realizer = realizer;
        this.board = board;
        this.config = config;
        this.clock = clock;
        this.serialization = serialization;
    }

    /** Forgets every history: a new leader starts from the replicas it reads, not from what it decided before. */
    void resetHistories() {
        epoch.incrementAndGet();
        histories.clear();
    }

    /**
     * @return the number of replica writes made
     * @throws ReconcileException when a write failed; the work queue retries with backoff
     */
    int reconcile(String key) {
        long startedIn = epoch.get();
        Instant now = clock.instant();
        GenericKubernetesResource object = watch.inferenceService(key);
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        if (object == null) {
            histories.remove(key);
            board.retain(namespace, name, List.of());
            realizer.forget(namespace, name);
            for (ComponentKind kind : ComponentKind.values()) {
                controllerMetrics.forget(namespace, name, kind.word());
            }
            return 0;
        }
        InferenceService isvc = InferenceServiceReader.fromTree(serialization.convertValue(object, JsonNode.class));
        ResolvedService resolved = LeverFloor.apply(EffectiveSpecResolver.resolve(isvc));
        ComponentSignalsSource.Snapshot snapshot = signals.snapshot(now);

        Map<ComponentKind, ComponentInputs> inputs = new EnumMap<>(ComponentKind.class);
        Map<ComponentKind, Observed> observed = new EnumMap<>(ComponentKind.class);
        List<ComponentKey> present = new ArrayList<>();
        for (EffectiveComponentSpec spec : resolved.components()) {
            ComponentKey ck = new ComponentKey(namespace, name, spec.kind());
            present.add(ck);
            Workload workload = workloads.resolve(namespace, spec);
            List<PodInfo> pods = PodReader.read(watch.pods(namespace, name, spec.kind().word()), spec.scaleMetric());
            int ready = 0;
            int starting = 0;
            for (PodInfo p : pods) {
                if (p.deleted()) {
                    continue;
                }
                if (p.runningAndReady()) {
                    ready++;
                } else if (p.phase() == PodPhase.PENDING || p.phase() == PodPhase.RUNNING) {
                    starting++;
                }
            }
            ComponentSignalInputs in = workload.exists() ? snapshot.component(ck, spec, pods)
                    : ComponentSignalInputs.NONE;
            observed.put(spec.kind(), new Observed(ck, spec, workload, ready, starting, in));
            if (workload.exists()) {
                inputs.put(spec.kind(), new ComponentInputs(namespace, name, spec, workload.replicas(), ready,
                        starting, in.signals(), in.podSignals(), pods, in.resourceUsage(), in.promql(), now,
                        config.maxAgeFor(spec.scaleMetric())));
            }
        }
        board.retain(namespace, name, present);

        long decideStart = System.nanoTime();
        ServiceDecision decision = engine.decide(new ServiceInputs(resolved, inputs, now),
                histories.getOrDefault(key, ServiceHistory.empty()));
        decisionMetrics.record(resolved, decision, java.time.Duration.ofNanos(System.nanoTime() - decideStart));
        ServiceHistory next = decision.next();
        int writes = 0;
        List<String> failures = new ArrayList<>();
        for (EffectiveComponentSpec spec : resolved.components()) {
            Observed o = observed.get(spec.kind());
            ComponentDecision d = decision.component(spec.kind()).orElse(null);
            Realized realized = null;
            if (d != null) {
                List<String> conflicts = o.workload().write() == Workload.Write.SCALE_SUBRESOURCE
                        ? ConflictCheck.foreignAutoscalers(watch, namespace, o.workload()) : List.of();
                realized = realizer.realize(object, spec, o.workload(), d, conflicts);
                if (realized.result() == Realized.Result.WROTE) {
                    writes++;
                }
                if (!realized.applied() && d.desiredReplicas() != d.currentReplicas()) {
                    // the engine recorded the rescale as done; it was not, so it must not use up the rate limits
                    next = next.rescaleFailed(spec.kind());
                }
                if (realized.result() == Realized.Result.FAILED
                        || realized.result() == Realized.Result.CHANGED_MEANWHILE) {
                    failures.add(spec.kind().word() + ": " + realized.note());
                }
            }
            board.put(new ComponentReport(o.key(), now, spec, o.workload(), o.ready(), o.starting(),
                    o.in().signals(), d, realized, o.in().usageProblem()));
        }
        if (epoch.get() == startedIn) {
            histories.put(key, next);
        }
        if (!failures.isEmpty()) {
            throw new ReconcileException(key + ": " + String.join("; ", failures), writes);
        }
        return writes;
    }

    private record Observed(ComponentKey key, EffectiveComponentSpec spec, Workload workload, int ready,
            int starting, ComponentSignalInputs in) {
    }

    /** A reconcile that must be retried; {@code writes} were made before it failed. */
    static final class ReconcileException extends RuntimeException {
        final int writes;

        ReconcileException(String message, int writes) {
            super(message);
            this.writes = writes;
        }
    }
}
