package dev.omescale.app.serve;

import dev.omescale.scaler.decision.ComponentDecision;
import dev.omescale.scaler.decision.DecisionEngine;
import dev.omescale.scaler.decision.ServiceDecision;
import dev.omescale.scaler.decision.ServiceHistory;
import dev.omescale.scaler.decision.ServiceInputs;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.observe.DecisionMetrics;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.QueryValue;
import dev.omescale.scaler.promql.PromQlEvaluator;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.scaler.view.DesiredReplicas;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decisions without a cluster: the InferenceServices come from files, the pods from the targets file. A
 * component's current replicas are then the pods it has targets for, and its ready replicas those whose data is
 * fresh. Not thread-safe: one loop calls {@link #tick}.
 */
final class StandaloneDecisions {
    private final List<ResolvedService> services;
    private final DecisionEngine engine;
    private final PromQlEvaluator promql;
    private final Duration maxSignalAge;
    private final DecisionMetrics metrics;
    private final Map<String, ServiceHistory> histories = new HashMap<>();

    /**
     * @param promql evaluates components' PromQL queries; null when no Prometheus is configured (threshold
     *               policies then hold for lack of data, and say so)
     */
    StandaloneDecisions(List<ResolvedService> services, DecisionEngine engine, PromQlEvaluator promql,
            Duration maxSignalAge, DecisionMetrics metrics) {
        this.services = List.copyOf(services);
        this.engine = engine;
        this.promql = promql;
        this.maxSignalAge = maxSignalAge;
        this.metrics = metrics;
    }

    ScalingSnapshot tick(TelemetryReport report, Instant now) {
        Map<ComponentKey, DesiredReplicas> decisions = new HashMap<>();
        Map<ComponentKey, EffectiveComponentSpec> specs = new HashMap<>();
        Map<ComponentKey, Integer> ready = new HashMap<>();
        for (ComponentSignals c : report.components()) {
            ComponentKind.fromWord(c.component()).ifPresent(kind -> ready.put(
                    new ComponentKey(c.namespace(), c.inferenceService(), kind), readyPods(report, c)));
        }
        for (ResolvedService service : services) {
            String namespace = service.isvc().namespace();
            String name = service.isvc().name();
            Map<ComponentKind, ComponentInputs> inputs = new EnumMap<>(ComponentKind.class);
            for (EffectiveComponentSpec spec : service.components()) {
                ComponentKey key = new ComponentKey(namespace, name, spec.kind());
                specs.put(key, spec);
                ComponentSignals signals = report.component(namespace, name, spec.kind().word()).orElse(null);
                if (signals == null) {
                    continue; // no targets for this component: nothing to decide from, and nothing to serve
                }
                List<PodSignals> pods = podsOf(report, signals);
                int current = signals.pods().size();
                int readyCount = ready.getOrDefault(key, 0);
                QueryValue query = promql != null && spec.keda() != null && spec.keda().queryConfigured()
                        ? promql.evaluate(namespace, name, spec, now) : null;
                inputs.put(spec.kind(), new ComponentInputs(namespace, name, spec, current, readyCount,
                        current - readyCount, signals, pods, List.of(), Map.of(), query, now, maxSignalAge));
            }
            if (inputs.isEmpty()) {
                continue;
            }
            String id = namespace + "/" + name;
            long t0 = System.nanoTime();
            ServiceDecision d = engine.decide(new ServiceInputs(service, inputs, now),
                    histories.getOrDefault(id, ServiceHistory.empty()));
            metrics.record(service, d, Duration.ofNanos(System.nanoTime() - t0));
            histories.put(id, d.next());
            for (ComponentDecision c : d.components()) {
                decisions.put(new ComponentKey(namespace, name, c.kind()), new DesiredReplicas(c.desiredReplicas(),
                        c.currentReplicas(), now, c.explanation().toLine()));
            }
        }
        metrics.endTick();
        return new ScalingSnapshot(report, decisions, specs, ready);
    }

    private static List<PodSignals> podsOf(TelemetryReport report, ComponentSignals c) {
        List<PodSignals> pods = new ArrayList<>();
        for (PodSignals p : report.pods()) {
            if (p.namespace().equals(c.namespace()) && c.pods().contains(p.pod())) {
                pods.add(p);
            }
        }
        return pods;
    }

    /** Pods whose targets are fresh: what standalone serving can say about readiness. */
    private static int readyPods(TelemetryReport report, ComponentSignals c) {
        return (int) podsOf(report, c).stream().filter(p -> p.dataTimeMillis() > 0).count();
    }
}
