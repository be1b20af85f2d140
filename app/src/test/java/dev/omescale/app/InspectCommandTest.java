package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InspectCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Omescale.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void demoJsonHasExactlyTheDocumentedShape() {
        assertThat(run("inspect", "--demo", "--duration", "4s", "--output", "json")).isEqualTo(0);
        JsonNode root = JsonMapper.builder().build().readTree(stdout());
        assertThat(names(root)).containsExactly("pods", "components");
        assertThat(root.get("pods")).hasSize(3);
        for (JsonNode pod : root.get("pods")) {
            assertThat(names(pod)).containsExactly("namespace", "pod", "inferenceService", "component", "signals");
            assertThat(names(pod.get("signals"))).containsExactlyElementsOf(SignalCatalog.standard().names());
            assertThat(pod.get("inferenceService").asString()).isEqualTo("llama-chat");
        }
        JsonNode component = root.get("components").get(0);
        assertThat(names(component)).containsExactly("namespace", "inferenceService", "component", "signals");
        JsonNode signals = component.get("signals");
        assertThat(signals.get("prompt_token_rate").isNumber()).isTrue();
        assertThat(signals.get("prompt_token_rate").asDouble()).isPositive();
        assertThat(signals.get("gpu_utilization").asDouble()).isBetween(0.0, 1.0);
        assertThat(signals.get("ttft_p95_seconds").isNumber()).isTrue();
    }

    @Test
    void signalsWithoutDataAreNullNotZero(@TempDir Path dir) throws Exception {
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat", List.of(DemoLoad.steady(0)),
                Duration.ZERO))) {
            Path config = dir.resolve("targets.yaml");
            Files.writeString(config, """
                    scrape: {interval: 1s, timeout: 500ms}
                    window: 2s
                    targets:
                      - url: %s
                        namespace: ns
                        pod: chat-engine-0
                        inferenceService: chat
                    """.formatted(fleet.engineUrl(0)));
            assertThat(run("inspect", "--config", config.toString(), "--duration", "2500ms", "--output", "json"))
                    .isEqualTo(0);
            JsonNode signals = JsonMapper.builder().build().readTree(stdout()).get("pods").get(0).get("signals");
            // no traffic: no request ever finished, so there is no latency to report; and no DCGM target at all
            assertThat(signals.get("ttft_p95_seconds").isNull()).isTrue();
            assertThat(signals.get("gpu_utilization").isNull()).isTrue();
            assertThat(signals.get("queue_length").asDouble()).isZero();
        }
    }

    @Test
    void aUrlIsRecognisedAsDcgmByItsMetricNames() throws Exception {
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat", List.of(DemoLoad.steady(1)),
                Duration.ZERO))) {
            assertThat(run("inspect", "--url", fleet.gpuUrl().toString(), "--duration", "1s", "--output", "json"))
                    .isEqualTo(0);
            JsonNode pods = JsonMapper.builder().build().readTree(stdout()).get("pods");
            // the GPU's pod comes from the series' own labels; no engine target means no component
            assertThat(pods).hasSize(1);
            assertThat(pods.get(0).get("pod").asString()).isEqualTo("chat-engine-0");
            assertThat(pods.get(0).get("inferenceService").isNull()).isTrue();
            assertThat(pods.get(0).get("signals").get("gpu_utilization").isNumber()).isTrue();
            assertThat(stderr()).contains("is under two scrape intervals");
        }
    }

    @Test
    void aUrlOfAnEngineIsOnePodNamedAfterItsAddress() throws Exception {
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat", List.of(DemoLoad.steady(1)),
                Duration.ZERO))) {
            assertThat(run("inspect", "--url", fleet.engineUrl(0).toString(), "--duration", "1s")).isEqualTo(0);
            assertThat(stdout()).contains("pods outside any InferenceService component")
                    .contains("default/" + fleet.engineUrl(0).getAuthority());
        }
    }

    @Test
    void tableListsFailedTargetsWithTheirError(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("targets.yaml");
        Files.writeString(config, """
                scrape: {interval: 1s, timeout: 500ms}
                window: 2s
                targets:
                  - url: http://127.0.0.1:9/metrics
                    pod: gone-0
                    inferenceService: chat
                """);
        assertThat(run("inspect", "--config", config.toString(), "--duration", "2s")).isEqualTo(1);
        assertThat(stdout()).contains("targets").contains("http://127.0.0.1:9/metrics").contains("down");
    }

    @Test
    void badUsageExplainsAndExitsWith2() {
        assertThat(run("inspect", "--demo", "--output", "yaml")).isEqualTo(2);
        assertThat(stderr()).contains("--output 'yaml' is not a format; use table or json");
        err.reset();
        assertThat(run("inspect")).isEqualTo(2);
        assertThat(stderr()).contains("give exactly one of --demo, --config FILE or --url URL");
        err.reset();
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(stderr()).contains("unknown command 'frobnicate'");
    }

    @Test
    void aBadTargetsFileNamesTheKeyAndExitsWith2(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("targets.yaml");
        Files.writeString(config, """
                targets:
                  - url: http://127.0.0.1:8000/metrics
                    kind: gpu
                """);
        assertThat(run("inspect", "--config", config.toString())).isEqualTo(2);
        assertThat(stderr()).contains("targets[0].kind");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
