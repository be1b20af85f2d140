package dev.omescale.telemetry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.telemetry.exposition.ExpositionFormat;
import dev.omescale.telemetry.exposition.ExpositionHandler;
import dev.omescale.telemetry.exposition.ExpositionParser;
import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;
import dev.omescale.telemetry.exposition.ParseLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoFleetTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private DemoFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private Map<String, Double> scrape(URI url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> values = new HashMap<>();
        new ExpositionParser(ParseLimits.DEFAULT).parse(r.body(), r.body().length, ExpositionFormat.PROMETHEUS_TEXT,
                new ExpositionHandler() {
                    @Override
                    public void sample(String family, MetricType type, String name, Labels labels, double value,
                            long ts) {
                        values.merge(name + labels, value, Double::sum);
                    }
                });
        return values;
    }

    private static double sum(Map<String, Double> page, String prefix) {
        return page.entrySet().stream().filter(e -> e.getKey().startsWith(prefix + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    @Test
    void enginePagesKeepEveryRealFamilyAndMoveWithLoad() throws Exception {
        fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat", List.of(DemoLoad.steady(5)), Duration.ZERO));
        Map<String, Double> before = scrape(fleet.engineUrl(0));
        String capture = new String(DemoFleetTest.class.getResourceAsStream(
                "/dev/omescale/telemetry/captures/vllm-sample.prom").readAllBytes(), StandardCharsets.UTF_8);
        long captureSamples = capture.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        assertThat(before).hasSize((int) captureSamples);

        for (int i = 0; i < 40; i++) {
            fleet.advance(0.25);
        }
        Map<String, Double> after = scrape(fleet.engineUrl(0));
        assertThat(sum(after, "vllm:prompt_tokens_total")).isEqualTo(10 * 5 * 800.0);
        assertThat(sum(after, "vllm:generation_tokens_total")).isPositive();
        assertThat(sum(after, "vllm:num_requests_running")).isPositive();
        assertThat(sum(after, "vllm:time_to_first_token_seconds_count")).isEqualTo(50.0);
        assertThat(after.get("vllm:time_to_first_token_seconds_bucket"
                + Labels.of("engine", "0", "le", "+Inf", "model_name", "Qwen/Qwen2.5-0.5B-Instruct"))).isEqualTo(50.0);
    }

    @Test
    void aRestartResetsCountersLikeARealCrash() throws Exception {
        fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat", List.of(DemoLoad.steady(5)), Duration.ZERO));
        fleet.advance(4);
        assertThat(sum(scrape(fleet.engineUrl(0)), "vllm:prompt_tokens_total")).isPositive();
        fleet.restartPod(0);
        assertThat(sum(scrape(fleet.engineUrl(0)), "vllm:prompt_tokens_total")).isZero();
    }

    @Test
    void gpuPageAttributesOneGpuPerPodAndLeavesOneIdle() throws Exception {
        fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat",
                List.of(DemoLoad.steady(5), DemoLoad.steady(1)), Duration.ZERO));
        fleet.advance(5);
        Map<String, Double> page = scrape(fleet.gpuUrl());
        long utilSeries = page.keySet().stream().filter(k -> k.startsWith("DCGM_FI_DEV_GPU_UTIL{")).count();
        assertThat(utilSeries).isEqualTo(3);
        assertThat(page.keySet()).anyMatch(k -> k.startsWith("DCGM_FI_DEV_GPU_UTIL{") && k.contains("pod=\"chat-engine-0\""));
        assertThat(page.keySet()).anyMatch(k -> k.startsWith("DCGM_FI_DEV_GPU_UTIL{") && !k.contains("pod="));
    }

    @Test
    void aSilencedPodAnswers503() throws Exception {
        fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat", List.of(DemoLoad.steady(5)), Duration.ZERO));
        fleet.setAnswering(0, false);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(fleet.engineUrl(0)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
    }
}
