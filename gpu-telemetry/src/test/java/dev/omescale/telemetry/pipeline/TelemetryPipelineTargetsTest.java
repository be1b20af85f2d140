package dev.omescale.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.store.SeriesSnapshot;
import dev.omescale.telemetry.store.TargetSnapshot;
import dev.omescale.telemetry.testing.FakeExporter;
import dev.omescale.telemetry.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Swapping the target set of a pipeline, as in-cluster discovery does when pods come and go. */
class TelemetryPipelineTargetsTest {

    private static final String PAGE = "# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting 3\n";
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @Test
    void targetsThatStayKeepTheirWindowsAndRemovedOnesAreForgotten() {
        MutableClock clock = new MutableClock(10_000);
        try (FakeExporter exporter = FakeExporter.start();
                TelemetryPipeline pipeline = pipeline(clock)) {
            for (String path : List.of("/a", "/b", "/c")) {
                exporter.serve(path, FakeExporter.page("text/plain", PAGE));
            }
            ScrapeTarget a = target(exporter, "/a", "pod-a");
            ScrapeTarget b = target(exporter, "/b", "pod-b");
            ScrapeTarget c = target(exporter, "/c", "pod-c");
            pipeline.replaceTargets(List.of(a, b));
            pipeline.scrapeAllOnce();
            clock.advance(1_000);
            pipeline.scrapeAllOnce();
            assertThat(samples(pipeline, clock)).containsOnly(Map.entry(a.id(), 2), Map.entry(b.id(), 2));

            pipeline.replaceTargets(List.of(a, c));
            assertThat(pipeline.targets()).containsExactly(a, c);
            assertThat(samples(pipeline, clock)).containsOnly(Map.entry(a.id(), 2));
            clock.advance(1_000);
            pipeline.scrapeAllOnce();
            assertThat(samples(pipeline, clock)).containsOnly(Map.entry(a.id(), 3), Map.entry(c.id(), 1));
            assertThat(exporter.requests("/b")).isEqualTo(2);
        }
    }

    @Test
    void anAddressTakenOverByAnotherPodStartsWithEmptyWindows() {
        MutableClock clock = new MutableClock(10_000);
        try (FakeExporter exporter = FakeExporter.start();
                TelemetryPipeline pipeline = pipeline(clock)) {
            exporter.serve("/m", FakeExporter.page("text/plain", PAGE));
            ScrapeTarget old = target(exporter, "/m", "engine-old");
            pipeline.replaceTargets(List.of(old));
            pipeline.scrapeAllOnce();
            clock.advance(1_000);
            pipeline.scrapeAllOnce();
            assertThat(samples(pipeline, clock)).containsOnly(Map.entry(old.id(), 2));

            ScrapeTarget reused = target(exporter, "/m", "engine-new");
            assertThat(reused.id()).isEqualTo(old.id());
            pipeline.replaceTargets(List.of(reused));
            assertThat(samples(pipeline, clock)).isEmpty();
            clock.advance(1_000);
            pipeline.scrapeAllOnce();
            assertThat(samples(pipeline, clock)).containsOnly(Map.entry(reused.id(), 1));
            assertThat(pipeline.store().snapshot(clock.millis()).get(0).target().pod()).isEqualTo("engine-new");
        }
    }

    @Test
    void aScrapeInFlightWhenItsTargetIsRemovedDoesNotBringItBack() throws Exception {
        try (FakeExporter exporter = FakeExporter.start();
                TelemetryPipeline pipeline = pipeline(Clock.systemUTC())) {
            exporter.serve("/slow", FakeExporter.after(Duration.ofMillis(400), FakeExporter.page("text/plain", PAGE)));
            ScrapeTarget slow = target(exporter, "/slow", "pod-slow");
            pipeline.replaceTargets(List.of(slow));
            Thread scrape = new Thread(pipeline::scrapeAllOnce);
            scrape.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> exporter.requests("/slow") == 1);
            pipeline.replaceTargets(List.of());
            scrape.join(5_000);
            assertThat(scrape.isAlive()).isFalse();
            assertThat(pipeline.store().snapshot(System.currentTimeMillis())).isEmpty();
        }
    }

    @Test
    void aStartedPipelineSchedulesNewTargetsAndStopsRemovedOnes() {
        try (FakeExporter exporter = FakeExporter.start();
                TelemetryPipeline pipeline = new TelemetryPipeline(
                        new TelemetryConfig(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5),
                                List.of()),
                        ScraperOptions.DEFAULT, 3, Clock.systemUTC())) {
            exporter.serve("/a", FakeExporter.page("text/plain", PAGE));
            exporter.serve("/b", FakeExporter.page("text/plain", PAGE));
            ScrapeTarget a = fast(target(exporter, "/a", "pod-a"));
            ScrapeTarget b = fast(target(exporter, "/b", "pod-b"));
            pipeline.start();
            pipeline.replaceTargets(List.of(a));
            await().atMost(Duration.ofSeconds(5)).until(() -> exporter.requests("/a") >= 2);
            assertThat(exporter.requests("/b")).isZero();

            pipeline.replaceTargets(List.of(b));
            await().atMost(Duration.ofSeconds(5)).until(() -> exporter.requests("/b") >= 2);
            int aAfterRemoval = exporter.requests("/a");
            await().atMost(Duration.ofSeconds(5)).until(() -> exporter.requests("/b") >= 5);
            // at most one scrape of a was already dispatched when it was removed
            assertThat(exporter.requests("/a")).isLessThanOrEqualTo(aAfterRemoval + 1);
            assertThat(pipeline.store().snapshot(System.currentTimeMillis()))
                    .extracting(s -> s.target().pod()).containsExactly("pod-b");
        }
    }

    @Test
    void aTargetListedTwiceIsRefusedAndTheSetStaysAsItWas() {
        try (FakeExporter exporter = FakeExporter.start();
                TelemetryPipeline pipeline = pipeline(Clock.systemUTC())) {
            ScrapeTarget a = target(exporter, "/a", "pod-a");
            pipeline.replaceTargets(List.of(a));
            assertThatThrownBy(() -> pipeline.replaceTargets(List.of(a, target(exporter, "/a", "pod-z"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is listed twice");
            assertThat(pipeline.targets()).containsExactly(a);
        }
    }

    private static TelemetryPipeline pipeline(Clock clock) {
        return new TelemetryPipeline(new TelemetryConfig(INTERVAL, Duration.ofMillis(900), Duration.ofSeconds(30),
                List.of()), ScraperOptions.DEFAULT, 3, clock);
    }

    private static ScrapeTarget target(FakeExporter exporter, String path, String pod) {
        return new ScrapeTarget(exporter.url(path), TargetKind.ENGINE, "ns", pod, "chat", "engine", INTERVAL,
                Duration.ofMillis(900));
    }

    private static ScrapeTarget fast(ScrapeTarget t) {
        return new ScrapeTarget(t.url(), t.kind(), t.namespace(), t.pod(), t.inferenceService(), t.component(),
                Duration.ofMillis(100), Duration.ofMillis(500));
    }

    /** Samples held per target id in the one series the page has. */
    private static Map<String, Integer> samples(TelemetryPipeline pipeline, Clock clock) {
        return pipeline.store().snapshot(clock.millis()).stream().collect(Collectors.toMap(
                (TargetSnapshot s) -> s.target().id(),
                s -> s.series().stream().map(SeriesSnapshot::window).mapToInt(w -> w.size()).sum(),
                (x, y) -> x, java.util.LinkedHashMap::new));
    }
}
