package dev.omescale.telemetry.pipeline;

import dev.omescale.telemetry.config.TargetConfig;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.scrape.ScrapeObserver;
import dev.omescale.telemetry.scrape.ScrapeResult;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import dev.omescale.telemetry.scrape.Scraper;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.signal.SignalEvaluator;
import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.store.TelemetryStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The telemetry flow wired end to end: scraper → store → evaluator. Standalone use (sidecar, `inspect`) and the
 * controller both run one of these; only where the targets come from differs. Standalone targets come from the
 * configuration; in a cluster they come from discovery, which hands every change to {@link #replaceTargets}.
 *
 * <p>The store only takes results of targets in the current set: a scrape that was already in flight when its
 * target was removed cannot bring the target's windows back.
 */
public final class TelemetryPipeline implements AutoCloseable {

    /** Default for how many missed intervals make a target's data stale. */
    public static final int DEFAULT_STALE_AFTER_INTERVALS = 3;

    private final Clock clock;
    private final TelemetryStore store;
    private final SignalEvaluator evaluator;
    private final Scraper scraper;
    /** Taken shared by every delivery to the store, exclusively while the target set changes. */
    private final ReadWriteLock targetsLock = new ReentrantReadWriteLock();
    /** The current targets by id; replaced whole, never changed in place. */
    private volatile Map<String, ScrapeTarget> targets;
    private boolean started;

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
        this.scraper = new Scraper(options, clock, this::deliver, observer);
        this.targets = byId(targetsOf(config));
    }

    /** The scrape targets of a configuration, each with the configuration's interval and timeout. */
    public static List<ScrapeTarget> targetsOf(TelemetryConfig config) {
        return config.targets().stream()
                .map((TargetConfig t) -> ScrapeTarget.from(t, config.scrapeInterval(), config.scrapeTimeout()))
                .toList();
    }

    /** Starts scraping every target on its interval. */
    public void start() {
        synchronized (this) {
            scraper.start(List.copyOf(targets.values()));
            started = true;
        }
    }

    /**
     * Makes {@code replacement} the target set, before or after {@link #start}. Targets that stay (same id, same
     * pod, component and settings) keep their schedule and their windows; new ones are scheduled; removed ones
     * stop and their windows are dropped. A target whose id stays but whose pod or component changed (a pod IP
     * reused by another pod) starts with empty windows, since its old samples belong to someone else; one whose
     * interval or timeout changed is rescheduled and keeps its windows.
     *
     * @throws IllegalArgumentException when two targets share an id (the same URL without credentials)
     */
    public void replaceTargets(List<ScrapeTarget> replacement) {
        Map<String, ScrapeTarget> next = byId(replacement);
        synchronized (this) {
            targetsLock.writeLock().lock();
            try {
                Map<String, ScrapeTarget> before = targets;
                if (started) {
                    scraper.replaceTargets(replacement);
                }
                targets = next;
                for (ScrapeTarget old : before.values()) {
                    ScrapeTarget now = next.get(old.id());
                    if (now == null || !sameOwner(old, now)) {
                        store.remove(old.id());
                    }
                }
            } finally {
                targetsLock.writeLock().unlock();
            }
        }
    }

    /** The current targets, in the order they were given. */
    public List<ScrapeTarget> targets() {
        return List.copyOf(targets.values());
    }

    /** Scrapes every target once, now, on the calling thread. */
    public void scrapeAllOnce() {
        targets.values().forEach(scraper::scrapeOnce);
    }

    /** Signals of every pod and component over the window ending now. */
    public TelemetryReport report() {
        long now = clock.millis();
        return evaluator.evaluate(store.snapshot(now), now);
    }

    private void deliver(ScrapeResult result) {
        targetsLock.readLock().lock();
        try {
            // equals, not just the id: a result for a target's former owner must not land in the new one's windows
            if (result.target().equals(targets.get(result.target().id()))) {
                store.accept(result);
            }
        } finally {
            targetsLock.readLock().unlock();
        }
    }

    private static boolean sameOwner(ScrapeTarget a, ScrapeTarget b) {
        return a.kind() == b.kind() && Objects.equals(a.namespace(), b.namespace()) && Objects.equals(a.pod(), b.pod())
                && Objects.equals(a.inferenceService(), b.inferenceService())
                && Objects.equals(a.component(), b.component());
    }

    private static Map<String, ScrapeTarget> byId(List<ScrapeTarget> list) {
        Map<String, ScrapeTarget> out = new LinkedHashMap<>();
        for (ScrapeTarget t : list) {
            if (out.putIfAbsent(t.id(), t) != null) {
                throw new IllegalArgumentException("target " + t.id() + " is listed twice; list each exporter once");
            }
        }
        return out;
    }

    public TelemetryStore store() {
        return store;
    }

    @Override
    public void close() {
        scraper.close();
    }
}
