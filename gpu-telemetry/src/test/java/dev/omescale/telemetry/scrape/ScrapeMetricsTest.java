package dev.omescale.telemetry.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.testing.FakeExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScrapeMetricsTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private final FakeExporter exporter = FakeExporter.start()
            .serve("/ok", FakeExporter.page("text/plain; version=0.0.4", "# TYPE up gauge\nup 1\n"))
            .serve("/broken", FakeExporter.status(500));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Scraper scraper = new Scraper(ScraperOptions.DEFAULT, Clock.systemUTC(), r -> { },
            new ScrapeMetrics(registry));

    @AfterEach
    void close() {
        scraper.close();
        exporter.close();
    }

    @Test
    void countsScrapesErrorsAndUpPerTargetLabelledByPodNotUrl() {
        ScrapeTarget engine = new ScrapeTarget(exporter.url("/ok"), TargetKind.ENGINE, "team-a", "chat-engine-0",
                "chat", "engine", INTERVAL, INTERVAL);
        ScrapeTarget gpu = new ScrapeTarget(exporter.url("/broken"), TargetKind.DCGM, null, null, null, null,
                INTERVAL, INTERVAL);
        scraper.scrapeOnce(engine);
        scraper.scrapeOnce(engine);
        scraper.scrapeOnce(gpu);

        Labels engineLabels = Labels.of("kind", "engine", "namespace", "team-a", "inferenceservice", "chat",
                "component", "engine", "target", "chat-engine-0");
        String hostPort = "127.0.0.1:" + exporter.url("/").getPort();
        Labels gpuLabels = Labels.of("kind", "dcgm", "namespace", "", "inferenceservice", "", "component", "",
                "target", hostPort);
        assertThat(counter("omescale_scrapes", engineLabels)).isEqualTo(2);
        assertThat(counter("omescale_scrape_errors", engineLabels)).isZero();
        assertThat(gauge("omescale_scrape_up", engineLabels)).isEqualTo(1);
        assertThat(counter("omescale_scrape_errors", gpuLabels)).isEqualTo(1);
        assertThat(gauge("omescale_scrape_up", gpuLabels)).isZero();
        HistogramSnapshot.HistogramDataPointSnapshot d = (HistogramSnapshot.HistogramDataPointSnapshot)
                point("omescale_scrape_duration_seconds", engineLabels).orElseThrow();
        assertThat(d.getCount()).isEqualTo(2);
        assertThat(d.getSum()).isPositive();
    }

    @Test
    void removedTargetsLeaveNoSeriesBehind() {
        ScrapeTarget engine = new ScrapeTarget(exporter.url("/ok"), TargetKind.ENGINE, "team-a", "chat-engine-0",
                "chat", "engine", Duration.ofMillis(50), Duration.ofSeconds(1));
        scraper.start(List.of(engine));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> point("omescale_scrape_up", Labels.EMPTY).isPresent());
        scraper.replaceTargets(List.of());
        // A scrape in flight at removal is dropped, never recorded, so the series stay gone.
        assertThat(point("omescale_scrape_up", Labels.EMPTY)).isEmpty();
        assertThat(point("omescale_scrapes", Labels.EMPTY)).isEmpty();
    }

    private double counter(String name, Labels labels) {
        return ((CounterSnapshot.CounterDataPointSnapshot) point(name, labels).orElseThrow()).getValue();
    }

    private double gauge(String name, Labels labels) {
        return ((GaugeSnapshot.GaugeDataPointSnapshot) point(name, labels).orElseThrow()).getValue();
    }

    /** The data point with exactly these labels; with {@link Labels#EMPTY}, any data point of the metric. */
    private Optional<DataPointSnapshot> point(String name, Labels labels) {
        for (MetricSnapshot m : registry.scrape()) {
            if (m.getMetadata().getPrometheusName().equals(name)) {
                for (DataPointSnapshot d : m.getDataPoints()) {
                    if (labels.isEmpty() || d.getLabels().equals(labels)) {
                        return Optional.of(d);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
