package dev.omescale.keda;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.EffectiveSpecResolver;
import dev.omescale.scaler.model.InferenceServiceReader;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.scaler.view.DesiredReplicas;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built {@link ScalingSnapshot}s: the signals, specs, ready counts and decisions a test needs, nothing else. */
final class Views {
    static final String NS = "default";
    static final String ISVC = "llama-chat";
    static final ComponentKey ENGINE = new ComponentKey(NS, ISVC, ComponentKind.ENGINE);
    static final ComponentKey DECODER = new ComponentKey(NS, ISVC, ComponentKind.DECODER);
    static final Duration WINDOW = Duration.ofSeconds(60);

    private final Instant at;
    private final List<ComponentSignals> components = new ArrayList<>();
    private final List<PodSignals> pods = new ArrayList<>();
    private final Map<ComponentKey, DesiredReplicas> decisions = new HashMap<>();
    private final Map<ComponentKey, EffectiveComponentSpec> specs = new HashMap<>();
    private final Map<ComponentKey, Integer> ready = new HashMap<>();

    private Views(Instant at) {
        this.at = at;
    }

    /** A snapshot evaluated at {@code at}. */
    static Views at(Instant at) {
        return new Views(at);
    }

    /**
     * A component whose {@code podCount} pods all have every given signal.
     *
     * @param signals name, value, name, value, ...
     */
    Views component(ComponentKey key, int podCount, Object... signals) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Integer> withData = new LinkedHashMap<>();
        for (int i = 0; i < signals.length; i += 2) {
            values.put((String) signals[i], signals[i + 1] == null ? null : ((Number) signals[i + 1]).doubleValue());
            withData.put((String) signals[i], signals[i + 1] == null ? 0 : podCount);
        }
        return component(key, podCount, values, withData, List.of());
    }

    Views component(ComponentKey key, int podCount, Map<String, Double> values, Map<String, Integer> withData,
            List<String> notes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < podCount; i++) {
            names.add(key.inferenceService() + "-" + key.component().word() + "-" + i);
        }
        components.add(new ComponentSignals(key.namespace(), key.inferenceService(), key.component().word(), names,
                values, withData, at.toEpochMilli(), notes));
        return this;
    }

    Views pod(ComponentKey key, String pod, List<String> notes) {
        pods.add(new PodSignals(key.namespace(), pod, key.inferenceService(), key.component().word(), Map.of(),
                0, notes));
        return this;
    }

    Views ready(ComponentKey key, int n) {
        ready.put(key, n);
        return this;
    }

    Views decision(ComponentKey key, int replicas, Instant decidedAt) {
        decisions.put(key, new DesiredReplicas(replicas, replicas, decidedAt, "test decision"));
        return this;
    }

    /** The engine spec of {@code default/llama-chat} with {@code engineYaml} under spec.engine (flow style). */
    Views spec(ComponentKey key, String engineYaml) {
        specs.put(key, spec(engineYaml));
        return this;
    }

    ScalingSnapshot build() {
        TelemetryReport report = new TelemetryReport(at.toEpochMilli(), WINDOW, pods, components, List.of(),
                List.of());
        return new ScalingSnapshot(report, decisions, specs, ready);
    }

    static EffectiveComponentSpec spec(String engineYaml) {
        String yaml = """
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata:
                  name: llama-chat
                  namespace: default
                spec:
                  model: {name: llama}
                  engine: %s
                """.formatted(engineYaml);
        return EffectiveSpecResolver.resolve(InferenceServiceReader.read(yaml)).component(ComponentKind.ENGINE)
                .orElseThrow();
    }
}
