package dev.omescale.telemetry.pipeline;

import dev.omescale.telemetry.config.TargetConfig;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.scrape.ScrapeObserver;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import dev.omescale.telemetry.scrape.Scraper;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.signal.SignalEvaluator;
import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.store.TelemetryStore;
import java.time.Clock;
import java.util.List;

/**
 * The telemetry flow wired end to end: scraper → store → evaluator. Standalone use (sidecar, `inspect`) and the
 * controller both run one of these; only where the targets come from differs.
 */
public final class TelemetryPipeline implements AutoCloseable {

    /** Default for how many missed intervals make a target's data stale. */
    public static final int DEFAULT_STALE_AFTER_INTERVALS = 3;

    private final Clock clock;
    private final TelemetryStore store;
    private final SignalEvaluator evaluator;
    private final Scraper scraper;
    private final List<ScrapeTarget> targets;

    public TelemetryPipeline(TelemetryConfig config, ScraperOptions options, int staleAfterIntervals, Clock clock) {
        this(config, options, staleAfterIntervals, clock, ScrapeObserver.NONE);
    }

    /** @param observer told of every scrape, e.g. {@link dev.omescale.telemetry.scrape.ScrapeMetrics} */
    public TelemetryPipeline(TelemetryConfig config, ScraperOptions options, int staleAfterIntervals, Clock clock,
            ScrapeObserver observer) {
        this.clock = clock;
        SignalCatalog catalog = SignalCatalog.standard();
        this.store = new TelemetryStore(catalog, config.window(), staleAfterIntervals);
        this.evaluator = new SignalEvaluator(catalog, config.window());
        this.scraper = new Scraper(options, clock, store, observer);
        this.targets = targetsOf(config);
    }

    /** The scrape targets of a configuration, each with the configuration's interval and timeout. */
    public static List<ScrapeTarget> targetsOf(TelemetryConfig config) {
        return config.targets().stream()
                .map((TargetConfig t) -> ScrapeTarget.from(t, config.scrapeInterval(), config.scrapeTimeout()))
                .toList();
    }

    /** Starts scraping every target on its interval. */
    public void start() {
        scraper.start(targets);
    }

    /** Scrapes every target once, now, on the calling thread. */
    public void scrapeAllOnce() {
        targets.forEach(scraper::scrapeOnce);
    }

    /** Signals of every pod and component over the window ending now. */
    public TelemetryReport report() {
        long now = clock.millis();
        return evaluator.evaluate(store.snapshot(now), now);
    }

    public TelemetryStore store() {
        return store;
    }

    @Override
    public void close() {
        scraper.close();
    }
}
