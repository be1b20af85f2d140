package dev.omescale.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.exposition.ExpositionFormat;
import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;
import dev.omescale.telemetry.scrape.Sample;
import dev.omescale.telemetry.scrape.ScrapeResult;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import dev.omescale.telemetry.scrape.ScrapedPage;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryStoreTest {
    static final ScrapeTarget TARGET = new ScrapeTarget(URI.create("http://user:secret@10.0.0.1:8000/metrics"),
            TargetKind.ENGINE, "ns", "p", "chat", "engine", Duration.ofSeconds(5), Duration.ofSeconds(3));

    private final TelemetryStore store = new TelemetryStore(SignalCatalog.standard(), Duration.ofSeconds(60), 3);

    static ScrapeResult page(long t, Sample... samples) {
        return new ScrapeResult(TARGET, t, Duration.ofMillis(4), new ScrapedPage(ExpositionFormat.PROMETHEUS_TEXT,
                100, List.of(samples)), null);
    }

    static ScrapeResult failure(long t) {
        return new ScrapeResult(TARGET, t, Duration.ofSeconds(3), null, "timed out after 3s");
    }

    static Sample gauge(String name, double v) {
        return new Sample(name, MetricType.GAUGE, name, Labels.of("engine", "0"), v, Long.MIN_VALUE);
    }

    @Test
    void keepsOnlyTheSeriesSignalsRead() {
        store.accept(page(1_000, gauge("vllm:num_requests_waiting", 1), gauge("python_info", 1)));
        TargetSnapshot s = store.snapshot(1_000).get(0);
        assertThat(s.series()).extracting(SeriesSnapshot::name).containsExactly("vllm:num_requests_waiting");
    }

    @Test
    void aTargetGoesStaleAfterTheConfiguredNumberOfMissedIntervals() {
        store.accept(page(0, gauge("vllm:num_requests_waiting", 1)));
        store.accept(failure(5_000));
        store.accept(failure(10_000));
        TargetSnapshot stillFresh = store.snapshot(15_000).get(0);
        assertThat(stillFresh.status().stale()).isFalse();
        assertThat(stillFresh.status().up()).isFalse();
        assertThat(stillFresh.series()).hasSize(1);

        TargetSnapshot stale = store.snapshot(15_001).get(0);
        assertThat(stale.status().stale()).isTrue();
        assertThat(stale.status().lastError()).isEqualTo("timed out after 3s");
        assertThat(stale.status().consecutiveFailures()).isEqualTo(2);
        assertThat(stale.series()).isEmpty();

        store.accept(page(20_000, gauge("vllm:num_requests_waiting", 2)));
        TargetSnapshot back = store.snapshot(20_000).get(0);
        assertThat(back.status().stale()).isFalse();
        assertThat(back.status().up()).isTrue();
        assertThat(back.series()).hasSize(1);
    }

    @Test
    void aSeriesMissingFromTheLatestPageIsNotServed() {
        store.accept(page(0, gauge("vllm:num_requests_waiting", 1), gauge("vllm:num_requests_running", 1)));
        store.accept(page(5_000, gauge("vllm:num_requests_running", 2)));
        assertThat(store.snapshot(5_000).get(0).series()).extracting(SeriesSnapshot::name)
                .containsExactly("vllm:num_requests_running");
    }

    @Test
    void snapshotsHoldOnlyTheWindowAndAreCopies() {
        for (long t = 0; t <= 120_000; t += 5_000) {
            store.accept(page(t, gauge("vllm:num_requests_waiting", t)));
        }
        SeriesSnapshot s = store.snapshot(120_000).get(0).series().get(0);
        assertThat(s.window().size()).isEqualTo(13);
        assertThat(s.window().time(0)).isEqualTo(60_000);
        store.accept(page(125_000, gauge("vllm:num_requests_waiting", -1)));
        assertThat(s.window().size()).isEqualTo(13);
    }

    @Test
    void anOlderResultArrivingLateChangesNothing() {
        store.accept(page(10_000, gauge("vllm:num_requests_waiting", 5)));
        store.accept(page(5_000, gauge("vllm:num_requests_waiting", 99)));
        SeriesSnapshot s = store.snapshot(10_000).get(0).series().get(0);
        assertThat(s.window().size()).isEqualTo(1);
        assertThat(s.window().value(0)).isEqualTo(5);
    }

    @Test
    void credentialsInTargetUrlsNeverReachStatus() {
        store.accept(failure(0));
        assertThat(store.snapshot(0).get(0).status().target()).isEqualTo("http://10.0.0.1:8000/metrics");
    }
}
