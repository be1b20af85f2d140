package dev.omescale.scaler.policy;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.EffectiveSpecResolver;
import dev.omescale.scaler.model.InferenceServiceReader;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.telemetry.signal.ComponentSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Specs resolved from real InferenceService YAML, and one tick's inputs built fluently. */
final class KpaSloFixtures {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private KpaSloFixtures() {
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

    static EffectiveComponentSpec component(ComponentKind kind, String annotations, String spec) {
        return service(annotations, spec).component(kind).orElseThrow();
    }

    static EffectiveComponentSpec engine(String engineYaml) {
        return component(ComponentKind.ENGINE, "", "  engine: " + engineYaml + "\n");
    }

    static Tick tick(EffectiveComponentSpec spec, Instant now) {
        return new Tick(spec, now);
    }

    /** One tick of inputs: signals fresh at {@code now} over as many pods as replicas unless told otherwise. */
    static final class Tick {
        private final EffectiveComponentSpec spec;
        private final Instant now;
        private int current = 1;
        private int ready = 1;
        private int starting;
        private Integer scrapedPods;
        private final Map<String, Double> values = new LinkedHashMap<>();
        private final Map<String, Integer> partial = new LinkedHashMap<>();
        private Duration dataAge = Duration.ZERO;
        private boolean noSignals;

        Tick(EffectiveComponentSpec spec, Instant now) {
            this.spec = spec;
            this.now = now;
        }

        Tick replicas(int current, int ready, int starting) {
            this.current = current;
            this.ready = ready;
            this.starting = starting;
            return this;
        }

        Tick replicas(int n) {
            return replicas(n, n, 0);
        }

        Tick signal(String name, Double value) {
            values.put(name, value);
            return this;
        }

        /** The signal's total covers only {@code pods} of the scraped pods. */
        Tick partial(String name, int pods) {
            partial.put(name, pods);
            return this;
        }

        Tick scrapedPods(int n) {
            scrapedPods = n;
            return this;
        }

        Tick dataAge(Duration age) {
            dataAge = age;
            return this;
        }

        Tick noSignals() {
            noSignals = true;
            return this;
        }

        ComponentInputs build() {
            ComponentSignals signals = null;
            if (!noSignals) {
                int podCount = scrapedPods != null ? scrapedPods : Math.max(1, ready + starting);
                List<String> pods = new ArrayList<>();
                for (int i = 0; i < podCount; i++) {
                    pods.add(spec.objectName() + "-" + i);
                }
                Map<String, Integer> with = new LinkedHashMap<>();
                values.forEach((k, v) -> with.put(k, v == null ? 0 : partial.getOrDefault(k, podCount)));
                signals = new ComponentSignals("default", "llama-chat", spec.kind().word(), pods, values, with,
                        now.minus(dataAge).toEpochMilli(), List.of());
            }
            return new ComponentInputs("default", "llama-chat", spec, current, ready, starting, signals, List.of(),
                    List.of(), Map.of(), null, now, Duration.ofSeconds(60));
        }
    }
}
