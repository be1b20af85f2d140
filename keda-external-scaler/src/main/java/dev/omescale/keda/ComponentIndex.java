package dev.omescale.keda;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One telemetry report's components and pods by {@link ComponentKey}, built once per report so that every call
 * is a hash lookup rather than a scan over all components (a thousand ScaledObjects poll the same report).
 */
final class ComponentIndex {
    private final TelemetryReport report;
    private final Map<ComponentKey, ComponentSignals> components;
    private final Map<ComponentKey, List<PodSignals>> pods;

    private ComponentIndex(TelemetryReport report) {
        this.report = report;
        Map<ComponentKey, ComponentSignals> c = new HashMap<>();
        for (ComponentSignals s : report.components()) {
            ComponentKey key = key(s.namespace(), s.inferenceService(), s.component());
            if (key != null) {
                c.put(key, s);
            }
        }
        Map<ComponentKey, List<PodSignals>> p = new HashMap<>();
        for (PodSignals s : report.pods()) {
            ComponentKey key = key(s.namespace(), s.inferenceService(), s.component());
            if (key != null) {
                p.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            }
        }
        this.components = c;
        this.pods = p;
    }

    static ComponentIndex of(TelemetryReport report) {
        return new ComponentIndex(report);
    }

    TelemetryReport report() {
        return report;
    }

    ComponentSignals component(ComponentKey key) {
        return components.get(key);
    }

    List<PodSignals> pods(ComponentKey key) {
        return pods.getOrDefault(key, List.of());
    }

    boolean knows(ComponentKey key) {
        return components.containsKey(key) || pods.containsKey(key);
    }

    /** InferenceServices of {@code namespace} that have telemetry, for NOT_FOUND messages. */
    List<String> inferenceServices(String namespace) {
        return components.keySet().stream().filter(k -> k.namespace().equals(namespace))
                .map(ComponentKey::inferenceService).distinct().sorted().toList();
    }

    private static ComponentKey key(String namespace, String isvc, String component) {
        if (namespace == null || isvc == null || component == null) {
            return null;
        }
        for (ComponentKind k : ComponentKind.values()) {
            if (k.word().equals(component)) {
                return new ComponentKey(namespace, isvc, k);
            }
        }
        return null;
    }
}
