package dev.omescale.telemetry.store;

import dev.omescale.telemetry.scrape.Sample;
import dev.omescale.telemetry.scrape.ScrapeResult;
import dev.omescale.telemetry.scrape.ScrapeSink;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.window.SeriesWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the recent samples of every series the signal catalog reads, per scrape target, and decides what is
 * fresh enough to serve.
 *
 * <p>Freshness has two levels. A target whose last successful scrape is older than {@code staleAfterIntervals}
 * of its intervals serves nothing. A series that was missing from the target's latest successful page serves
 * nothing either (Prometheus marks such series stale at once; so do we). Samples are stamped with the scrape's
 * start time, as Prometheus does for pages without timestamps.
 */
public final class TelemetryStore implements ScrapeSink {

    private final SignalCatalog catalog;
    private final Duration window;
    private final int staleAfterIntervals;
    private final Map<String, TargetState> targets = new ConcurrentHashMap<>();

    public TelemetryStore(SignalCatalog catalog, Duration window, int staleAfterIntervals) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (staleAfterIntervals < 1) {
            throw new IllegalArgumentException("staleAfterIntervals must be at least 1, got " + staleAfterIntervals);
        }
        this.catalog = catalog;
        this.window = window;
        this.staleAfterIntervals = staleAfterIntervals;
    }

    public Duration window() {
        return window;
    }

    @Override
    public void accept(ScrapeResult result) {
        TargetState state = targets.computeIfAbsent(result.target().id(), id -> new TargetState(result.target()));
        synchronized (state) {
            state.target = result.target();
            state.record(result);
        }
    }

    /** Forgets a target that is no longer scraped (e.g. its pod is gone). */
    public void remove(String targetId) {
        targets.remove(targetId);
    }

    /** Copies of every target's fresh series within {@code [now - window, now]}. */
    public List<TargetSnapshot> snapshot(long nowMillis) {
        List<TargetSnapshot> out = new ArrayList<>(targets.size());
        for (TargetState state : targets.values()) {
            synchronized (state) {
                out.add(state.snapshot(nowMillis));
            }
        }
        return out;
    }

    private static final class StoredSeries {
        final SeriesWindow window;
        long lastSeenMillis;

        StoredSeries(int capacity) {
            this.window = new SeriesWindow(capacity);
        }
    }

    /** One target's series and health; guarded by its own monitor so targets never wait on each other. */
    private final class TargetState {
        ScrapeTarget target;
        final Map<SeriesKey, StoredSeries> series = new HashMap<>();
        long lastSuccessMillis;
        boolean everSucceeded;
        String lastError = "not scraped yet";
        boolean up;
        int consecutiveFailures;
        Duration lastDuration = Duration.ZERO;

        TargetState(ScrapeTarget target) {
            this.target = target;
        }

        void record(ScrapeResult result) {
            lastDuration = result.duration();
            if (!result.ok()) {
                up = false;
                lastError = result.error();
                consecutiveFailures++;
                return;
            }
            long t = result.startedAtMillis();
            if (everSucceeded && t <= lastSuccessMillis) {
                return; // a late result of an older scrape adds nothing newer
            }
            up = true;
            lastError = null;
            consecutiveFailures = 0;
            lastSuccessMillis = t;
            everSucceeded = true;
            int capacity = capacityFor(target);
            for (Sample s : result.page().samples()) {
                if (!catalog.isSourceSample(s.name())) {
                    continue;
                }
                StoredSeries stored = series.computeIfAbsent(new SeriesKey(s.name(), s.labels()),
                        k -> new StoredSeries(capacity));
                stored.window.add(t, s.value());
                stored.lastSeenMillis = t;
            }
            long cutoff = t - window.toMillis() - target.interval().toMillis();
            for (Iterator<StoredSeries> it = series.values().iterator(); it.hasNext(); ) {
                StoredSeries stored = it.next();
                if (stored.lastSeenMillis < cutoff) {
                    it.remove(); // gone from the exporter for longer than a window
                } else {
                    stored.window.evictBefore(cutoff);
                }
            }
        }

        TargetSnapshot snapshot(long nowMillis) {
            long staleLimit = staleAfterIntervals * target.interval().toMillis();
            boolean stale = !everSucceeded || nowMillis - lastSuccessMillis > staleLimit;
            TargetStatus status = new TargetStatus(target.id(), up, stale,
                    stale && lastError == null ? "no successful scrape in the last " + staleAfterIntervals
                            + " intervals" : lastError,
                    lastSuccessMillis, consecutiveFailures, lastDuration);
            if (stale) {
                return new TargetSnapshot(target, status, List.of());
            }
            List<SeriesSnapshot> copies = new ArrayList<>();
            long from = nowMillis - window.toMillis();
            for (Map.Entry<SeriesKey, StoredSeries> e : series.entrySet()) {
                StoredSeries stored = e.getValue();
                if (stored.lastSeenMillis != lastSuccessMillis) {
                    continue; // missing from the latest page: stale, like Prometheus' staleness markers
                }
                copies.add(new SeriesSnapshot(e.getKey().name(), e.getKey().labels(),
                        stored.window.copyRange(from, nowMillis)));
            }
            return new TargetSnapshot(target, status, copies);
        }

        int capacityFor(ScrapeTarget t) {
            long intervalMillis = Math.max(1, t.interval().toMillis());
            return (int) Math.min(10_000, window.toMillis() / intervalMillis + 4);
        }
    }
}
