package dev.omescale.scaler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveSpecResolver;
import dev.omescale.scaler.model.InferenceServiceReader;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped policies through the real engine, on InferenceServices as users write them. */
class StandardPoliciesTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final DecisionEngine engine = StandardPolicies.engine();

    static ResolvedService service(String yaml) {
        return EffectiveSpecResolver.resolve(InferenceServiceReader.read(yaml));
    }

    static Map<String, Double> values(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String n : SignalCatalog.standard().names()) {
            m.put(n, null);
        }
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        }
        return m;
    }

    static ComponentSignals component(String kind, List<String> pods, Map<String, Double> values) {
        Map<String, Integer> withData = new HashMap<>();
        values.forEach((k, v) -> withData.put(k, v == null ? 0 : pods.size()));
        return new ComponentSignals("default", "chat", kind, pods, values, withData,
                NOW.minusSeconds(2).toEpochMilli(), List.of());
    }

    static PodSignals pod(String name, String kind, Map<String, Double> values) {
        return new PodSignals("default", name, "chat", kind, values, NOW.minusSeconds(2).toEpochMilli(), List.of());
    }

    static ComponentInputs inputs(ResolvedService s, ComponentKind kind, int current, ComponentSignals signals,
            List<PodSignals> pods) {
        return new ComponentInputs("default", "chat", s.component(kind).orElseThrow(), current, current, 0, signals,
                pods, List.of(), Map.of(), null, NOW, Duration.ofSeconds(30));
    }

    static final String PD = """
            apiVersion: ome.io/v1beta1
            kind: InferenceService
            metadata:
              name: chat
              namespace: default
              annotations:
                ome.io/autoscalerClass: external
                omescale.dev/slo-ttft-p95: 2s
                omescale.dev/slo-itl-p95: 50ms
                omescale.dev/decoder-ratio: "1:1-1:2"
            spec:
              model: {name: llama}
              engine: {minReplicas: 1, maxReplicas: 8}
              decoder: {minReplicas: 1, maxReplicas: 8}
            """;

    @Test
    void sloPolicyScalesThePrefillEngineOnTtftAndCoordinationBringsTheDecoderAlong() {
        ResolvedService s = service(PD);
        List<String> pods = List.of("e0", "e1");
        Map<ComponentKind, ComponentInputs> in = new EnumMap<>(ComponentKind.class);
        in.put(ComponentKind.ENGINE, inputs(s, ComponentKind.ENGINE, 2, component("engine", pods,
                values("concurrency", 40, "queue_length", 12, "running_requests", 28, "ttft_p95_seconds", 3.0,
                        "request_rate", 6, "prompt_token_rate", 4800, "kv_cache_utilization", 0.5)), List.of()));
        in.put(ComponentKind.DECODER, inputs(s, ComponentKind.DECODER, 2, component("decoder", List.of("d0", "d1"),
                values("concurrency", 28, "queue_length", 0, "running_requests", 28, "itl_p95_seconds", 0.03,
                        "generation_token_rate", 1200, "kv_cache_utilization", 0.5)), List.of()));
        ServiceDecision d = engine.decide(new ServiceInputs(s, in, NOW), ServiceHistory.empty());

        ComponentDecision prefill = d.components().stream().filter(c -> c.kind() == ComponentKind.ENGINE)
                .findFirst().orElseThrow();
        ComponentDecision decode = d.components().stream().filter(c -> c.kind() == ComponentKind.DECODER)
                .findFirst().orElseThrow();
        assertThat(prefill.outcome()).isEqualTo(Outcome.SCALE_UP);
        assertThat(prefill.desiredReplicas()).isGreaterThan(2).isLessThanOrEqualTo(8);
        assertThat(prefill.explanation().toLine()).contains("slo").contains("ttft");
        // 1:1-1:2 engine:decoder: at least as many decoders as engines
        assertThat(decode.desiredReplicas()).isGreaterThanOrEqualTo(prefill.desiredReplicas());
        assertThat(s.decoderRatio().allows(prefill.desiredReplicas(), decode.desiredReplicas())).isTrue();
    }

    @Test
    void missingSignalsHoldTheCurrentReplicas() {
        ResolvedService s = service(PD);
        Map<ComponentKind, ComponentInputs> in = new EnumMap<>(ComponentKind.class);
        in.put(ComponentKind.ENGINE, inputs(s, ComponentKind.ENGINE, 4, null, List.of()));
        ServiceDecision d = engine.decide(new ServiceInputs(s, in, NOW), ServiceHistory.empty());
        ComponentDecision e = d.components().get(0);
        assertThat(e.outcome()).isEqualTo(Outcome.HOLD_MISSING_DATA);
        assertThat(e.desiredReplicas()).isEqualTo(4);
    }

    @Test
    void scaleMetricConcurrencyUsesHpaArithmeticPerPod() {
        ResolvedService s = service("""
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata:
                  name: chat
                  namespace: default
                  annotations: {ome.io/autoscalerClass: external}
                spec:
                  model: {name: llama}
                  engine: {minReplicas: 1, maxReplicas: 10, scaleMetric: concurrency, scaleTarget: 10}
                """);
        Map<String, Double> busy = values("concurrency", 20);
        Map<ComponentKind, ComponentInputs> in = new EnumMap<>(ComponentKind.class);
        in.put(ComponentKind.ENGINE, inputs(s, ComponentKind.ENGINE, 2,
                component("engine", List.of("e0", "e1"), values("concurrency", 40)),
                List.of(pod("e0", "engine", busy), pod("e1", "engine", busy))));
        ComponentDecision e = engine.decide(new ServiceInputs(s, in, NOW), ServiceHistory.empty()).components().get(0);
        // 20 per pod against 10 per pod: ratio 2, ceil(2 × 2) = 4, within the default scale-up limit
        assertThat(e.desiredReplicas()).isEqualTo(4);
        assertThat(e.outcome()).isEqualTo(Outcome.SCALE_UP);
        assertThat(e.explanation().toLine()).contains("hpa");
    }
}
