package dev.omescale.scaler.controller;

import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.scaler.view.DesiredReplicas;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last report per component, written by the reconcilers and read by {@code omescale explain} and by the
 * servers (through a {@link ScalingSnapshot} published every tick). Each component's report is replaced whole.
 */
public final class DecisionBoard {
    private final Map<ComponentKey, ComponentReport> reports = new ConcurrentHashMap<>();

    void put(ComponentReport report) {
        reports.put(report.key(), report);
    }

    /** Drops every component of an InferenceService, and components that it no longer has. */
    void retain(String namespace, String isvc, List<ComponentKey> present) {
        reports.keySet().removeIf(k -> k.namespace().equals(namespace) && k.inferenceService().equals(isvc)
                && !present.contains(k));
    }

    /** The reports of one InferenceService, engine first. */
    public List<ComponentReport> service(String namespace, String isvc) {
        List<ComponentReport> out = new ArrayList<>();
        for (ComponentReport r : reports.values()) {
            if (r.key().namespace().equals(namespace) && r.key().inferenceService().equals(isvc)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing(r -> r.key().component()));
        return out;
    }

    public int size() {
        return reports.size();
    }

    /** A snapshot for the KEDA scaler and the metrics API: every decision, spec and ready count. */
    public ScalingSnapshot snapshot(TelemetryReport telemetry) {
        Map<ComponentKey, DesiredReplicas> decisions = new HashMap<>();
        Map<ComponentKey, dev.omescale.scaler.model.EffectiveComponentSpec> specs = new HashMap<>();
        Map<ComponentKey, Integer> ready = new HashMap<>();
        for (ComponentReport r : reports.values()) {
            specs.put(r.key(), r.spec());
            if (r.workload().exists()) {
                ready.put(r.key(), r.readyReplicas());
            }
            if (r.decision() != null) {
                decisions.put(r.key(), new DesiredReplicas(r.decision().desiredReplicas(),
                        r.decision().currentReplicas(), r.evaluatedAt(), r.decision().explanation().toLine()));
            }
        }
        return new ScalingSnapshot(telemetry, decisions, specs, ready);
    }
}
