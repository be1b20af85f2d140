package dev.omescale.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole flow over real HTTP: demo exporters → scraper → store → evaluator. */
class TelemetryPipelineTest {

    @Test
    void aTargetThatStopsAnsweringGoesStaleAndComesBack() throws Exception {
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat",
                List.of(DemoLoad.steady(2), DemoLoad.steady(2)), Duration.ofMillis(50)));
                TelemetryPipeline pipeline = new TelemetryPipeline(
                        fleet.config(Duration.ofMillis(200), Duration.ofMillis(150), Duration.ofSeconds(2)),
                        ScraperOptions.DEFAULT, 3, Clock.systemUTC())) {
            pipeline.start();
            String pod0 = fleet.podName(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                // the component appears with its first scrape, which may come after the first poll
                ComponentSignals c = pipeline.report().component("ns", "chat", "engine").orElse(null);
                return c != null && c.get("prompt_token_rate") != null && c.get("gpu_utilization") != null
                        && c.podsWithData().get("prompt_token_rate") == 2;
            });

            fleet.setAnswering(0, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.report().pod("ns", pod0).orElseThrow()
                    .get("prompt_token_rate") == null);
            TelemetryReport stale = pipeline.report();
            PodSignals p = stale.pod("ns", pod0).orElseThrow();
            // the engine's own signals are gone; its GPU, reported by the still-healthy DCGM target, is not
            assertThat(p.get("queue_length")).isNull();
            assertThat(p.get("ttft_p95_seconds")).isNull();
            assertThat(p.get("gpu_utilization")).isNotNull();
            assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("is stale").contains("503"));
            ComponentSignals c = stale.component("ns", "chat", "engine").orElseThrow();
            assertThat(c.podsWithData().get("prompt_token_rate")).isEqualTo(1);
            assertThat(c.notes()).contains("prompt_token_rate: total over 1 of 2 pods; the rest have no data");
            assertThat(stale.targets()).anySatisfy(t -> {
                assertThat(t.target()).isEqualTo(fleet.engineUrl(0).toString());
                assertThat(t.up()).isFalse();
                assertThat(t.stale()).isTrue();
            });

            fleet.setAnswering(0, true);
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.report().pod("ns", pod0).orElseThrow()
                    .get("prompt_token_rate") != null);
        }
    }

    @Test
    void gpusWithoutPodsAreListedByNode() throws Exception {
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat", List.of(DemoLoad.steady(1)),
                Duration.ZERO));
                TelemetryPipeline pipeline = new TelemetryPipeline(
                        fleet.config(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(2)),
                        ScraperOptions.DEFAULT, 3, Clock.systemUTC())) {
            pipeline.scrapeAllOnce();
            TelemetryReport r = pipeline.report();
            assertThat(r.gpusWithoutPod()).hasSize(1);
            assertThat(r.gpusWithoutPod().get(0).node()).isEqualTo("i-030791dc5a37cd257");
            assertThat(r.pod("ns", fleet.podName(0)).orElseThrow().get("gpu_utilization")).isNotNull();
        }
    }
}
