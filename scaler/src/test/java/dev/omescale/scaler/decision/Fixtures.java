package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveSpecResolver;
import dev.omescale.scaler.model.InferenceServiceReader;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.QueryValue;
import dev.omescale.telemetry.signal.ComponentSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Services, inputs and ticks for the decision engine tests: {@code default/llama-chat}, signals 5 s old. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Duration MAX_AGE = Duration.ofSeconds(30);
    static final Duration FRESH = Duration.ofSeconds(5);

    private Fixtures() {
    }

    /**
     * @param annotations YAML lines for metadata.annotations, each indented by 4 spaces, or ""
     * @param spec        YAML lines under spec, each indented by 2 spaces
     */
    static ResolvedService service(String annotations, String spec) {
        String meta = annotations.isEmpty() ? "" : "  annotations:\n" + annotations;
        return EffectiveSpecResolver.resolve(InferenceServiceReader.read("""
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata:
                  name: llama-chat
                  namespace: default
                """ + meta + "spec:\n  model: {name: llama}\n" + spec));
    }

    /** An external-class engine (omescale scales it) with the given extra annotations and engine fields. */
    static ResolvedService engineOnly(String extraAnnotations, String engineFields) {
        return service("    ome.io/autoscalerClass: external\n" + extraAnnotations,
                "  engine: {" + engineFields + "}\n");
    }

    static ComponentSignals signals(ComponentKind kind, int pods, Map<String, Double> values, Duration age,
            Instant now) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            names.add("llama-chat-" + kind.word() + "-" + i);
        }
        Map<String, Integer> withData = new HashMap<>();
        values.forEach((k, v) -> withData.put(k, v == null ? 0 : pods));
        return new ComponentSignals("default", "llama-chat", kind.word(), names, values, withData,
                now.minus(age).toEpochMilli(), List.of());
    }

    static ComponentInputs inputs(ResolvedService service, ComponentKind kind, int current,
            Map<String, Double> values) {
        return inputs(service, kind, current, values, FRESH, NOW);
    }

    static ComponentInputs inputs(ResolvedService service, ComponentKind kind, int current,
            Map<String, Double> values, Duration age, Instant now) {
        ComponentSignals s = values == null ? null : signals(kind, current, values, age, now);
        return inputs(service, kind, current, s, null, now);
    }

    static ComponentInputs inputs(ResolvedService service, ComponentKind kind, int current, ComponentSignals s,
            QueryValue promql, Instant now) {
        return new ComponentInputs("default", "llama-chat", service.component(kind).orElseThrow(), current, current,
                0, s, List.of(), List.of(), Map.of(), promql, now, MAX_AGE);
    }

    /** Signal values in a stable order: {@code values("concurrency", 12.0, "queue_length", 0.0)}. */
    static Map<String, Double> values(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            Object v = nameValue[i + 1];
            m.put((String) nameValue[i], v == null ? null : ((Number) v).doubleValue());
        }
        return m;
    }

    static ServiceInputs tick(ResolvedService service, Instant now, ComponentInputs... components) {
        Map<ComponentKind, ComponentInputs> m = new EnumMap<>(ComponentKind.class);
        for (ComponentInputs c : components) {
            m.put(c.spec().kind(), c);
        }
        return new ServiceInputs(service, m, now);
    }

    static ServiceInputs tick(ResolvedService service, ComponentInputs... components) {
        return tick(service, NOW, components);
    }
}
