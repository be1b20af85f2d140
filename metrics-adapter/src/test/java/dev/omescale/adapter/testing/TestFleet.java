package dev.omescale.adapter.testing;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.scaler.view.DesiredReplicas;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-built snapshot with every case the API distinguishes: complete and partial components, a pod without
 * data, a stale InferenceService, a second namespace, fresh and stale decisions. Data is 5 s old at {@link #NOW}.
 */
public final class TestFleet {
    public static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final long FRESH = NOW.minusSeconds(5).toEpochMilli();
    public static final String FRESH_TEXT = "2026-01-05T09:59:55Z";
    public static final long STALE = NOW.minusSeconds(95).toEpochMilli();
    public static final Duration WINDOW = Duration.ofSeconds(30);

    private TestFleet() {
    }

    public static ScalingSnapshot snapshot() {
        List<PodSignals> pods = List.of(
                pod("llm", "qwen3-8b-engine-0", "qwen3-8b", "engine", FRESH,
                        signals("queue_length", 2.5, "running_requests", 4.0, "kv_cache_utilization", 0.5)),
                pod("llm", "qwen3-8b-engine-1", "qwen3-8b", "engine", FRESH,
                        signals("queue_length", 1.0, "running_requests", 3.0, "kv_cache_utilization", 0.3)),
                pod("llm", "qwen3-8b-decoder-0", "qwen3-8b", "decoder", FRESH,
                        signals("queue_length", 0.5, "kv_cache_utilization", 0.8)),
                new PodSignals("llm", "qwen3-8b-decoder-1", "qwen3-8b", "decoder", signals("queue_length", null), 0,
                        List.of("target http://10.0.0.9:8000/metrics has not answered yet")),
                pod("llm", "llama-engine-0", "llama", "engine", STALE, signals("queue_length", 4.0)),
                pod("other", "x-engine-0", "x", "engine", FRESH, signals("queue_length", 9.0)));
        List<ComponentSignals> components = List.of(
                component("llm", "qwen3-8b", "engine", List.of("qwen3-8b-engine-0", "qwen3-8b-engine-1"), FRESH,
                        signals("queue_length", 3.5, "running_requests", 7.0, "kv_cache_utilization", 0.4,
                                "ttft_p95_seconds", 0.25),
                        Map.of("queue_length", 2, "running_requests", 2, "kv_cache_utilization", 2,
                                "ttft_p95_seconds", 2)),
                component("llm", "qwen3-8b", "decoder", List.of("qwen3-8b-decoder-0", "qwen3-8b-decoder-1"), FRESH,
                        signals("queue_length", 0.5, "kv_cache_utilization", 0.8, "ttft_p95_seconds", 0.6),
                        Map.of("queue_length", 1, "kv_cache_utilization", 1, "ttft_p95_seconds", 1)),
                component("llm", "llama", "engine", List.of("llama-engine-0"), STALE,
                        signals("queue_length", 4.0, "ttft_p95_seconds", 9.0),
                        Map.of("queue_length", 1, "ttft_p95_seconds", 1)),
                component("other", "x", "engine", List.of("x-engine-0"), FRESH, signals("queue_length", 9.0),
                        Map.of("queue_length", 1)));
        Map<ComponentKey, DesiredReplicas> decisions = Map.of(
                new ComponentKey("llm", "qwen3-8b", ComponentKind.ENGINE),
                new DesiredReplicas(4, 2, NOW.minusSeconds(3), "queue_length 3.5 over target"),
                new ComponentKey("llm", "qwen3-8b", ComponentKind.DECODER),
                new DesiredReplicas(2, 2, NOW.minusSeconds(3), "within tolerance"),
                new ComponentKey("llm", "llama", ComponentKind.ENGINE),
                new DesiredReplicas(1, 1, NOW.minusSeconds(120), "old"),
                // A component scaled to zero: a decision but no telemetry.
                new ComponentKey("llm", "sleepy", ComponentKind.ENGINE),
                new DesiredReplicas(1, 0, NOW.minusSeconds(1), "activity: scale from zero"));
        return new ScalingSnapshot(new dev.omescale.telemetry.signal.TelemetryReport(NOW.toEpochMilli(), WINDOW, pods,
                components, List.of(), List.of()), decisions, Map.of(), Map.of());
    }

    public static Map<String, Double> signals(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return m;
    }

    private static PodSignals pod(String ns, String pod, String isvc, String component, long time,
            Map<String, Double> signals) {
        return new PodSignals(ns, pod, isvc, component, signals, time, List.of());
    }

    private static ComponentSignals component(String ns, String isvc, String component, List<String> pods, long time,
            Map<String, Double> signals, Map<String, Integer> withData) {
        return new ComponentSignals(ns, isvc, component, pods, signals, new HashMap<>(withData), time, List.of());
    }
}
