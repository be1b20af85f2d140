package dev.omescale.telemetry.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import dev.omescale.telemetry.store.SeriesSnapshot;
import dev.omescale.telemetry.store.TargetSnapshot;
import dev.omescale.telemetry.store.TargetStatus;
import dev.omescale.telemetry.window.SeriesWindow;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class SignalEvaluatorTest {
    static final long NOW = 10_000_000L;
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final long STEP = 5_000L;
    static final int POINTS = 13; // NOW-60s .. NOW inclusive, every 5 s

    private final SignalEvaluator evaluator = new SignalEvaluator(SignalCatalog.standard(), WINDOW);

    /** A series sampled every 5 s across the window, value a function of the sample index. */
    static SeriesSnapshot series(String name, Labels labels, IntToDoubleFunction value) {
        SeriesWindow w = new SeriesWindow(POINTS + 2);
        for (int i = 0; i < POINTS; i++) {
            w.add(NOW - WINDOW.toMillis() + i * STEP, value.applyAsDouble(i));
        }
        return new SeriesSnapshot(name, labels, w);
    }

    static SeriesSnapshot constant(String name, Labels labels, double v) {
        return series(name, labels, i -> v);
    }

    static TargetSnapshot engine(String pod, String isvc, String component, SeriesSnapshot... series) {
        ScrapeTarget t = new ScrapeTarget(URI.create("http://" + pod + ":8000/metrics"), TargetKind.ENGINE, "ns", pod,
                isvc, component, Duration.ofSeconds(5), Duration.ofSeconds(3));
        return new TargetSnapshot(t, new TargetStatus(t.url().toString(), true, false, null, NOW, 0,
                Duration.ofMillis(3)), List.of(series));
    }

    static TargetSnapshot dcgm(SeriesSnapshot... series) {
        ScrapeTarget t = new ScrapeTarget(URI.create("http://node-1:9400/metrics"), TargetKind.DCGM, null, null, null,
                null, Duration.ofSeconds(5), Duration.ofSeconds(3));
        return new TargetSnapshot(t, new TargetStatus(t.url().toString(), true, false, null, NOW, 0,
                Duration.ofMillis(3)), List.of(series));
    }

    /** Histogram buckets that grow linearly from 0 to {@code finalCounts} over the window. */
    static List<SeriesSnapshot> histogram(String family, Labels labels, String[] les, double[] finalCounts) {
        List<SeriesSnapshot> out = new ArrayList<>();
        for (int b = 0; b < les.length; b++) {
            double end = finalCounts[b];
            String[] pairs = new String[labels.size() * 2 + 2];
            for (int i = 0; i < labels.size(); i++) {
                pairs[2 * i] = labels.name(i);
                pairs[2 * i + 1] = labels.value(i);
            }
            pairs[pairs.length - 2] = "le";
            pairs[pairs.length - 1] = les[b];
            out.add(series(family + "_bucket", Labels.of(pairs), i -> end * i / (POINTS - 1)));
        }
        return out;
    }

    static final Labels V = Labels.of("model_name", "m", "engine", "0");

    @Test
    void gaugesAverageOverTheWindowAndSumAcrossEngines() {
        TelemetryReport r = evaluator.evaluate(List.of(engine("p0", "chat", "engine",
                series("vllm:num_requests_waiting", V, i -> i % 2 == 0 ? 2 : 4), // avg over 13 points: (7*2+6*4)/13
                constant("vllm:num_requests_waiting", Labels.of("model_name", "m", "engine", "1"), 1),
                constant("vllm:num_requests_running", V, 10),
                constant("vllm:kv_cache_usage_perc", V, 0.5),
                constant("vllm:kv_cache_usage_perc", Labels.of("model_name", "m", "engine", "1"), 0.7))), NOW);
        PodSignals p = r.pod("ns", "p0").orElseThrow();
        assertThat(p.get("queue_length")).isCloseTo(38.0 / 13 + 1, within(1e-9));
        assertThat(p.get("running_requests")).isEqualTo(10.0);
        assertThat(p.get("concurrency")).isCloseTo(38.0 / 13 + 11, within(1e-9));
        assertThat(p.get("kv_cache_utilization")).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void ratesComeFromCountersAndSurviveAReset() {
        TelemetryReport r = evaluator.evaluate(List.of(engine("p0", "chat", "engine",
                series("vllm:prompt_tokens_total", V, i -> 1000 + 500.0 * i),
                // restarts after index 6: 0,50,...,300 then 0,50,...,250 → 12 steps of 50 = 600 over 60 s
                series("vllm:generation_tokens_total", V, i -> i <= 6 ? 50.0 * i : 50.0 * (i - 7)),
                series("vllm:request_success_total", Labels.of("finished_reason", "stop"), i -> 2.0 * i),
                series("vllm:request_success_total", Labels.of("finished_reason", "length"), i -> 1.0 * i))), NOW);
        PodSignals p = r.pod("ns", "p0").orElseThrow();
        assertThat(p.get("prompt_token_rate")).isCloseTo(100.0, within(1e-9));
        assertThat(p.get("generation_token_rate")).isCloseTo(550.0 / 60, within(1e-9));
        assertThat(p.get("request_rate")).isCloseTo(36.0 / 60, within(1e-9));
    }

    @Test
    void quantilesInterpolateLikePromQL() {
        List<SeriesSnapshot> s = histogram("vllm:time_to_first_token_seconds", V,
                new String[] {"0.1", "0.5", "1.0", "+Inf"}, new double[] {10, 60, 90, 100});
        TelemetryReport r = evaluator.evaluate(List.of(engine("p0", "chat", "engine",
                s.toArray(SeriesSnapshot[]::new))), NOW);
        PodSignals p = r.pod("ns", "p0").orElseThrow();
        assertThat(p.get("ttft_p50_seconds")).isCloseTo(0.42, within(1e-9));
        assertThat(p.get("ttft_p90_seconds")).isCloseTo(1.0, within(1e-9));
        assertThat(p.get("ttft_p95_seconds")).isCloseTo(1.0, within(1e-9)); // rank in +Inf: highest finite bound
        assertThat(p.get("itl_p95_seconds")).isNull();
    }

    @Test
    void componentQuantileMergesPodsThatShareALayoutAndSaysWhoWasLeftOut() {
        String[] les = {"0.1", "0.5", "1", "+Inf"};
        TargetSnapshot a = engine("a", "chat", "engine", histogram("vllm:time_to_first_token_seconds", V, les,
                new double[] {10, 20, 30, 40}).toArray(SeriesSnapshot[]::new));
        TargetSnapshot b = engine("b", "chat", "engine", histogram("vllm:time_to_first_token_seconds", V,
                new String[] {"0.1", "0.5", "1.0", "+Inf"}, new double[] {0, 40, 60, 60}).toArray(SeriesSnapshot[]::new));
        TargetSnapshot c = engine("c", "chat", "engine", histogram("vllm:time_to_first_token_seconds", V,
                new String[] {"1", "10", "+Inf"}, new double[] {0, 0, 500}).toArray(SeriesSnapshot[]::new));
        TelemetryReport r = evaluator.evaluate(List.of(a, b, c), NOW);
        ComponentSignals comp = r.component("ns", "chat", "engine").orElseThrow();
        // merged: 10, 60, 90, 100 → p50 = 0.1 + 0.4 * (50-10)/(60-10)
        assertThat(comp.get("ttft_p50_seconds")).isCloseTo(0.42, within(1e-9));
        assertThat(comp.podsWithData().get("ttft_p50_seconds")).isEqualTo(2);
        assertThat(comp.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("vllm:time_to_first_token_seconds: ns/c left out, its buckets (3 buckets up to 10.0)"));
        // every observation above the highest finite bound: PromQL answers that bound
        assertThat(r.pod("ns", "c").orElseThrow().get("ttft_p50_seconds")).isEqualTo(10.0);
    }

    @Test
    void componentSumsAdditiveSignalsAndAveragesIntensiveOnes() {
        TelemetryReport r = evaluator.evaluate(List.of(
                engine("a", "chat", "engine", constant("vllm:num_requests_waiting", V, 3),
                        constant("vllm:kv_cache_usage_perc", V, 0.2)),
                engine("b", "chat", "engine", constant("vllm:num_requests_waiting", V, 5),
                        constant("vllm:kv_cache_usage_perc", V, 0.6)),
                engine("d", "chat", "decoder", constant("vllm:num_requests_waiting", V, 7))), NOW);
        ComponentSignals engine = r.component("ns", "chat", "engine").orElseThrow();
        assertThat(engine.pods()).containsExactly("a", "b");
        assertThat(engine.get("queue_length")).isEqualTo(8.0);
        assertThat(engine.get("kv_cache_utilization")).isCloseTo(0.4, within(1e-9));
        assertThat(r.component("ns", "chat", "decoder").orElseThrow().get("queue_length")).isEqualTo(7.0);
    }

    @Test
    void noDataIsNullNeverZero() {
        TelemetryReport r = evaluator.evaluate(List.of(engine("a", "chat", "engine")), NOW);
        assertThat(r.pod("ns", "a").orElseThrow().signals().values()).containsOnlyNulls();
        ComponentSignals c = r.component("ns", "chat", "engine").orElseThrow();
        assertThat(c.signals().values()).containsOnlyNulls();
        assertThat(c.signals()).hasSize(SignalCatalog.standard().names().size());
    }

    @Test
    void aPartialTotalIsFlagged() {
        TelemetryReport r = evaluator.evaluate(List.of(
                engine("a", "chat", "engine", constant("vllm:num_requests_waiting", V, 3)),
                engine("b", "chat", "engine")), NOW);
        ComponentSignals c = r.component("ns", "chat", "engine").orElseThrow();
        assertThat(c.get("queue_length")).isEqualTo(3.0);
        assertThat(c.podsWithData().get("queue_length")).isEqualTo(1);
        assertThat(c.notes()).contains("queue_length: total over 1 of 2 pods; the rest have no data");
    }

    @Test
    void staleTargetsServeNothingAndSayWhy() {
        ScrapeTarget t = new ScrapeTarget(URI.create("http://a:8000/metrics"), TargetKind.ENGINE, "ns", "a", "chat",
                "engine", Duration.ofSeconds(5), Duration.ofSeconds(3));
        TargetSnapshot stale = new TargetSnapshot(t, new TargetStatus("http://a:8000/metrics", false, true,
                "connection refused", NOW - 60_000, 12, Duration.ofMillis(1)), List.of());
        TelemetryReport r = evaluator.evaluate(List.of(stale), NOW);
        PodSignals p = r.pod("ns", "a").orElseThrow();
        assertThat(p.signals().values()).containsOnlyNulls();
        assertThat(p.notes()).containsExactly("target http://a:8000/metrics is stale: connection refused");
    }

    @Test
    void gpuSeriesFindTheirPodThroughEveryLabelVariant() {
        Labels direct = Labels.of("gpu", "0", "UUID", "GPU-a", "Hostname", "n1", "pod", "a", "namespace", "ns");
        Labels renamed = Labels.of("gpu", "1", "UUID", "GPU-b", "hostname", "n1", "pod", "dcgm-exporter-x",
                "namespace", "gpu-operator", "exported_pod", "b", "exported_namespace", "ns");
        Labels oldNames = Labels.of("gpu", "2", "UUID", "GPU-c", "Hostname", "n1", "pod_name", "c", "pod_namespace", "ns");
        Labels idle = Labels.of("gpu", "3", "UUID", "GPU-d", "hostname", "n2");
        TelemetryReport r = evaluator.evaluate(List.of(
                engine("a", "chat", "engine"), engine("b", "chat", "engine"), engine("c", "chat", "decoder"),
                dcgm(constant("DCGM_FI_DEV_GPU_UTIL", direct, 80), constant("DCGM_FI_DEV_GPU_UTIL", renamed, 40),
                        constant("DCGM_FI_PROF_GR_ENGINE_ACTIVE", oldNames, 0.25),
                        constant("DCGM_FI_DEV_GPU_UTIL", idle, 0),
                        constant("DCGM_FI_DEV_POWER_USAGE", direct, 70), constant("DCGM_FI_DEV_POWER_USAGE", renamed, 30))),
                NOW);
        assertThat(r.pod("ns", "a").orElseThrow().get("gpu_utilization")).isCloseTo(0.8, within(1e-12));
        assertThat(r.pod("ns", "b").orElseThrow().get("gpu_utilization")).isCloseTo(0.4, within(1e-12));
        assertThat(r.pod("ns", "c").orElseThrow().get("gpu_utilization")).isCloseTo(0.25, within(1e-12));
        assertThat(r.pod("gpu-operator", "dcgm-exporter-x")).isEmpty();
        assertThat(r.component("ns", "chat", "engine").orElseThrow().get("gpu_utilization")).isCloseTo(0.6, within(1e-12));
        assertThat(r.component("ns", "chat", "engine").orElseThrow().get("gpu_power_watts")).isCloseTo(100, within(1e-12));
        assertThat(r.gpusWithoutPod()).containsExactly(new GpuWithoutPod("http://node-1:9400/metrics", "n2", "GPU-d"));
    }

    @Test
    void gpuMemoryIsUsedOverTotalAcrossThePodsGpus() {
        Labels g0 = Labels.of("gpu", "0", "UUID", "GPU-a", "pod", "a", "namespace", "ns");
        Labels g1 = Labels.of("gpu", "1", "UUID", "GPU-b", "pod", "a", "namespace", "ns");
        TelemetryReport r = evaluator.evaluate(List.of(engine("a", "chat", "engine"), dcgm(
                constant("DCGM_FI_DEV_FB_USED", g0, 6000), constant("DCGM_FI_DEV_FB_FREE", g0, 1500),
                constant("DCGM_FI_DEV_FB_RESERVED", g0, 500),
                constant("DCGM_FI_DEV_FB_USED", g1, 0), constant("DCGM_FI_DEV_FB_FREE", g1, 8000))), NOW);
        assertThat(r.pod("ns", "a").orElseThrow().get("gpu_memory_utilization")).isCloseTo(6000.0 / 16000, within(1e-12));
    }

    @Test
    void sglangCountsRankZeroOnceAndReadsTheRoutersUnderscoreNames() {
        TelemetryReport r = evaluator.evaluate(List.of(
                engine("s", "chat", "engine",
                        constant("sglang:num_queue_reqs", Labels.of("tp_rank", "0", "engine_type", "unified"), 3),
                        constant("sglang:num_queue_reqs", Labels.of("tp_rank", "1", "engine_type", "unified"), 3),
                        constant("sglang:num_running_reqs", Labels.of("tp_rank", "0"), 4),
                        constant("sglang:token_usage", Labels.of("tp_rank", "0"), 0.3)),
                engine("r", "chat", "router",
                        constant("sglang_num_queue_reqs", Labels.of("worker_addr", "http://w1"), 2),
                        constant("sglang_num_queue_reqs", Labels.of("worker_addr", "http://w2"), 5))), NOW);
        PodSignals s = r.pod("ns", "s").orElseThrow();
        assertThat(s.get("queue_length")).isEqualTo(3.0);
        assertThat(s.get("concurrency")).isEqualTo(7.0);
        assertThat(s.get("kv_cache_utilization")).isEqualTo(0.3);
        assertThat(r.pod("ns", "r").orElseThrow().get("queue_length")).isEqualTo(7.0);
    }

    @Test
    void newerVllmNamesWinOverRemovedOnesAndOldOnesStillWork() {
        TelemetryReport r = evaluator.evaluate(List.of(
                engine("new", "chat", "engine", constant("vllm:kv_cache_usage_perc", V, 0.5),
                        constant("vllm:gpu_cache_usage_perc", V, 0.9)),
                engine("old", "chat", "engine", constant("vllm:gpu_cache_usage_perc", V, 0.9))), NOW);
        assertThat(r.pod("ns", "new").orElseThrow().get("kv_cache_utilization")).isEqualTo(0.5);
        assertThat(r.pod("ns", "old").orElseThrow().get("kv_cache_utilization")).isEqualTo(0.9);
    }

    @Test
    void sameInputsGiveTheSameReport() {
        List<TargetSnapshot> in = List.of(engine("a", "chat", "engine", constant("vllm:num_requests_waiting", V, 3)));
        assertThat(evaluator.evaluate(in, NOW)).isEqualTo(evaluator.evaluate(in, NOW));
    }
}
