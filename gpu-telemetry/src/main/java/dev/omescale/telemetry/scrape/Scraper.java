package dev.omescale.telemetry.scrape;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.omescale.telemetry.config.Durations;
import dev.omescale.telemetry.exposition.ExpositionException;
import dev.omescale.telemetry.exposition.ExpositionFormat;
import dev.omescale.telemetry.exposition.ExpositionHandler;
import dev.omescale.telemetry.exposition.ExpositionParser;

/**
 * Scrapes exporters on their schedules with bounded concurrency and hands every result to a sink.
 *
 * <p>Threads: one scheduler thread only dispatches ticks; scrapes run on a pool of {@code maxConcurrency}
 * threads, and a fair semaphore of as many permits also bounds {@link #scrapeOnce} callers, so at most
 * {@code maxConcurrency} pages are fetched or held in memory at once. A target is never scraped twice at the
 * same time: a tick that finds its previous scrape still running (or still queued for a permit) is skipped,
 * which also keeps the scrape queue no longer than the number of targets. Nothing a target does, and nothing
 * the sink throws, stops the schedule.
 */
public final class Scraper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scraper.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final ScraperOptions options;
    private final Clock clock;
    private final ScrapeSink sink;
    private final Semaphore permits;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor scrapeExecutor;
    private final ThreadPoolExecutor httpExecutor;
    private final PageFetcher fetcher;
    private final ScrapeObserver observer;
    private final Object scheduleLock = new Object();
    private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();
    private final Map<String, TargetHealth> health = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean closed;

    /** A target on its schedule. */
    private static final class Scheduled {
        final ScrapeTarget target;
        final AtomicBoolean running = new AtomicBoolean();
        ScheduledFuture<?> future;
        /** Set, under this object's lock, when the target is removed; its in-flight result is then dropped. */
        volatile boolean removed;

        Scheduled(ScrapeTarget target) {
            this.target = target;
        }
    }

    public Scraper(ScraperOptions options, Clock clock, ScrapeSink sink) {
        this(options, clock, sink, ScrapeObserver.NONE);
    }

    /** @param observer told of every kept result and every removed target, e.g. {@link ScrapeMetrics} */
    public Scraper(ScraperOptions options, Clock clock, ScrapeSink sink, ScrapeObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.permits = new Semaphore(options.maxConcurrency(), true);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("omescale-scrape-scheduler"));
        this.scrapeExecutor = pool(options.maxConcurrency(), "omescale-scrape");
        // The HTTP client's own work (connection setup, body delivery) is small; bound it like the scrapes.
        this.httpExecutor = pool(Math.max(2, Math.min(options.maxConcurrency(), 8)), "omescale-scrape-http");
        // Tasks offered after close are dropped: the client may still deliver into a closed scraper.
        this.httpExecutor.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
        this.fetcher = new PageFetcher(options.maxBodyBytes(), httpExecutor, scheduler);
    }

    /**
     * Scrapes {@code target} now, on the calling thread (waiting for a permit if all are taken); updates its
     * health and feeds the sink like a scheduled scrape.
     */
    public ScrapeResult scrapeOnce(ScrapeTarget target) {
        ensureOpen();
        ScrapeResult result = scrape(target);
        if (!closed) {
            recordHealth(result);
            deliver(result);
        }
        return result;
    }

    /** Schedules {@code targets}; call once, then use {@link #replaceTargets} for changes. */
    public void start(List<ScrapeTarget> targets) {
        synchronized (scheduleLock) {
            ensureOpen();
            if (started) {
                throw new IllegalStateException("scraper already started; use replaceTargets to change its targets");
            }
            started = true;
            replaceTargets(targets);
        }
    }

    /**
     * Makes {@code targets} the scheduled set: new ones are scheduled, removed ones stop (their health is
     * dropped and a scrape still in flight is discarded), unchanged ones keep their schedule. A target whose
     * settings changed is rescheduled but keeps its health.
     */
    public void replaceTargets(List<ScrapeTarget> targets) {
        Map<String, ScrapeTarget> wanted = new LinkedHashMap<>();
        for (ScrapeTarget t : targets) {
            if (wanted.putIfAbsent(t.id(), t) != null) {
                throw new IllegalArgumentException("target " + t.id() + " is listed twice; list each exporter once");
            }
        }
        synchronized (scheduleLock) {
            ensureOpen();
            started = true;
            for (Scheduled s : new ArrayList<>(scheduled.values())) {
                String id = s.target.id();
                ScrapeTarget replacement = wanted.get(id);
                if (s.target.equals(replacement)) {
                    continue;
                }
                unschedule(s, replacement == null);
                log.info("{}: {}", id, replacement == null ? "removed from scraping" : "settings changed; rescheduled");
            }
            for (ScrapeTarget t : wanted.values()) {
                if (!scheduled.containsKey(t.id())) {
                    schedule(t);
                }
            }
        }
    }

    /** Health of every target scraped at least once, keyed by {@link ScrapeTarget#id()}. */
    public Map<String, TargetHealth> health() {
        return Map.copyOf(health);
    }

    /**
     * Stops all schedules, interrupts scrapes in flight and waits for them to end; once this returns the sink
     * is not called again.
     */
    @Override
    public void close() {
        synchronized (scheduleLock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Scheduled s : scheduled.values()) {
                s.future.cancel(false);
            }
        }
        scheduler.shutdownNow();
        scrapeExecutor.shutdownNow();
        try {
            if (!scrapeExecutor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("scrapes still running {}s after close; abandoning them", CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpExecutor.shutdownNow();
    }

    private void schedule(ScrapeTarget target) {
        Scheduled s = new Scheduled(target);
        long period = target.interval().toNanos();
        long offset = phaseOffset(target.id(), period, options.jitterFraction());
        s.future = scheduler.scheduleAtFixedRate(() -> tick(s), offset, period, TimeUnit.NANOSECONDS);
        scheduled.put(target.id(), s);
        log.debug("{}: scraping every {}, first in {} ms", target.id(), Durations.format(target.interval()),
                offset / 1_000_000);
    }

    private void unschedule(Scheduled s, boolean dropHealth) {
        s.future.cancel(false);
        scheduled.remove(s.target.id());
        synchronized (s) {
            s.removed = true;
            if (dropHealth) {
                health.remove(s.target.id());
            }
            // Also on a settings change: the labels may differ, and the next scrape records the new ones.
            observe(() -> observer.removed(s.target));
        }
    }

    /**
     * Where in its interval a target's first scrape falls: a fixed fraction of {@code jitterFraction} of the
     * interval, derived from the target's id, so targets spread out and a target keeps its phase across restarts.
     */
    static long phaseOffset(String id, long periodNanos, double jitterFraction) {
        // String.hashCode differs little between similar URLs; a multiplicative mix spreads it over 64 bits.
        long h = id.hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        double unit = (h >>> 11) * 0x1.0p-53;
        return (long) (unit * jitterFraction * periodNanos);
    }

    /** Runs on the scheduler thread, so it only dispatches; it must never throw, or the schedule ends. */
    private void tick(Scheduled s) {
        try {
            if (closed || s.removed) {
                return;
            }
            if (!s.running.compareAndSet(false, true)) {
                log.warn("{}: previous scrape still running; skipping this tick (scrapes take longer than {},"
                        + " or all {} scrape slots are busy)", s.target.id(), Durations.format(s.target.interval()),
                        options.maxConcurrency());
                return;
            }
            try {
                scrapeExecutor.execute(() -> runScheduled(s));
            } catch (RejectedExecutionException e) {
                s.running.set(false);
            }
        } catch (RuntimeException e) {
            log.error("{}: dispatching a scrape failed; will retry next tick", s.target.id(), e);
        }
    }

    private void runScheduled(Scheduled s) {
        try {
            ScrapeResult result = scrape(s.target);
            boolean current;
            synchronized (s) {
                current = !s.removed && !closed;
                if (current) {
                    recordHealth(result);
                }
            }
            if (current) {
                deliver(result);
            }
        } catch (Throwable t) {
            // scrape() already turns every exception into a result; this is the last guard for the pool thread.
            log.error("{}: scrape crashed", s.target.id(), t);
        } finally {
            s.running.set(false);
        }
    }

    /** One scrape; every failure becomes an error result. */
    private ScrapeResult scrape(ScrapeTarget target) {
        long startedAt = clock.millis();
        long t0 = System.nanoTime();
        boolean permitted = false;
        try {
            permits.acquire();
            permitted = true;
            // The scrape's time starts once it may run; waiting for a permit is not the target's fault.
            startedAt = clock.millis();
            t0 = System.nanoTime();
            PageFetcher.Fetched fetched = fetcher.fetch(target);
            ScrapedPage page = parse(target, fetched, startedAt);
            return new ScrapeResult(target, startedAt, elapsedSince(t0), page, null);
        } catch (ScrapeFailure e) {
            return new ScrapeResult(target, startedAt, elapsedSince(t0), null, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ScrapeResult(target, startedAt, elapsedSince(t0), null,
                    target.id() + ": scrape interrupted; the scraper is closing");
        } catch (RejectedExecutionException e) {
            // The body watchdog runs on the scheduler, which close() has shut down.
            return new ScrapeResult(target, startedAt, elapsedSince(t0), null,
                    target.id() + ": scrape abandoned; the scraper is closing");
        } catch (RuntimeException e) {
            log.warn("{}: unexpected scrape failure", target.id(), e);
            return new ScrapeResult(target, startedAt, elapsedSince(t0), null,
                    target.id() + ": unexpected failure (" + PageFetcher.describe(e) + "); please report it");
        } finally {
            if (permitted) {
                permits.release();
            }
        }
    }

    private ScrapedPage parse(ScrapeTarget target, PageFetcher.Fetched fetched, long startedAt) throws ScrapeFailure {
        List<Sample> samples = new ArrayList<>();
        ExpositionHandler collector = (family, type, name, labels, value, timestampMillis) -> samples.add(new Sample(
                family, type, name, labels, value,
                timestampMillis == ExpositionHandler.NO_TIMESTAMP ? startedAt : timestampMillis));
        try {
            new ExpositionParser(options.parseLimits())
                    .parse(fetched.body().data(), fetched.body().length(), fetched.format(), collector);
        } catch (ExpositionException e) {
            throw new ScrapeFailure(target.id() + ": not a valid " + formatName(fetched.format()) + " page ("
                    + e.getMessage() + "); fetch it with curl and check that line");
        }
        return new ScrapedPage(fetched.format(), fetched.body().length(), samples);
    }

    private static String formatName(ExpositionFormat format) {
        return format == ExpositionFormat.OPENMETRICS ? "OpenMetrics" : "Prometheus text";
    }

    private void recordHealth(ScrapeResult r) {
        String id = r.target().id();
        TargetHealth before = health.get(id);
        TargetHealth after = health.compute(id, (k, prev) -> new TargetHealth(
                r.ok(),
                r.error(),
                r.duration(),
                r.startedAtMillis(),
                r.ok() ? r.startedAtMillis() : prev == null ? 0 : prev.lastSuccessMillis(),
                r.ok() ? 0 : (prev == null ? 0 : prev.consecutiveFailures()) + 1));
        observe(() -> observer.scraped(r));
        // Log changes of state, not every scrape, so a target that stays down does not flood the log.
        if (!after.up() && (before == null || before.up())) {
            log.warn("target down: {}", r.error());
        } else if (after.up() && before != null && !before.up()) {
            log.info("{} is up again after {} failed scrapes", id, before.consecutiveFailures());
        } else if (!after.up()) {
            log.debug("{} still down: {}", id, r.error());
        }
    }

    /** Metrics must never cost a scrape or the schedule. */
    private static void observe(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("scrape observer failed; metrics may be incomplete", e);
        }
    }

    private void deliver(ScrapeResult result) {
        try {
            sink.accept(result);
        } catch (RuntimeException e) {
            log.error("{}: scrape sink failed; the result is lost", result.target().id(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("scraper is closed");
        }
    }

    private static Duration elapsedSince(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static ThreadPoolExecutor pool(int threads, String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
