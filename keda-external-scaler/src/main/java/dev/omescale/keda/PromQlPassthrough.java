package dev.omescale.keda;

import dev.omescale.telemetry.promql.KedaValueRule;
import dev.omescale.telemetry.promql.PromQlException;
import dev.omescale.telemetry.promql.PrometheusClient;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import dev.omescale.telemetry.promql.QueryResult;
import dev.omescale.telemetry.promql.SeriesValue;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PromQL passthrough for {@code query} triggers: evaluates the query against Prometheus the way KEDA's Prometheus
 * scaler would, and caches each (serverAddress, query) value for {@code ttl}, so that KEDA's polling loop and the
 * HPA's reads (together several calls per poll interval) cost one query per interval. Queries run on this
 * class's own small pool, never on a gRPC worker; concurrent misses of one key share one query.
 *
 * <p>One difference from KEDA's defaults, on purpose: an empty result, an empty or null sample and NaN/±Inf are
 * missing data and fail with UNAVAILABLE (KEDA's {@code ignoreNullValues: true} reads them as 0). Write
 * {@code or vector(0)} in the query where an empty result truly means zero.
 *
 * <p>The caller owns an instance and closes it after the server.
 */
public final class PromQlPassthrough implements AutoCloseable {

    /** KEDA's default pollingInterval: cache for one poll, so each ScaledObject costs one query per poll. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    /** Distinct (serverAddress, query) entries kept; a bound on memory whatever the triggers ask. */
    static final int MAX_ENTRIES = 10_000;
    /** Distinct Prometheus servers clients are kept for. */
    static final int MAX_SERVERS = 64;
    private static final int THREADS = 4;

    private final PrometheusEndpoint defaultEndpoint;
    private final Duration ttl;
    private final Clock clock;
    private final ExecutorService pool;
    private final Map<URI, PrometheusClient> clients = new ConcurrentHashMap<>();
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();

    private record Key(URI server, String query) {
    }

    /** A value being fetched or fetched at {@code startedMillis}. */
    private record Entry(CompletableFuture<Double> value, long startedMillis) {
    }

    /**
     * @param defaultEndpoint the Prometheus for triggers without serverAddress (with its auth and TLS), or null
     * @param ttl             how long a value is served from the cache; match the ScaledObjects' pollingInterval
     */
    public PromQlPassthrough(PrometheusEndpoint defaultEndpoint, Duration ttl, Clock clock) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("PromQL cache ttl must not be negative, got " + ttl);
        }
        this.defaultEndpoint = defaultEndpoint;
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pool = Executors.newFixedThreadPool(THREADS, daemon("omescale-keda-promql"));
        if (defaultEndpoint != null) {
            clients.put(defaultEndpoint.serverAddress(), new PrometheusClient(defaultEndpoint));
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * The trigger's value: from the cache when fresh, else from one query. The future fails with a
     * {@link ScalerException}: INVALID_ARGUMENT for a query Prometheus rejects or one returning several series,
     * UNAVAILABLE for missing data or an unreachable Prometheus, FAILED_PRECONDITION without any Prometheus.
     */
    CompletableFuture<Double> value(QueryTrigger t) {
        URI server;
        try {
            server = serverOf(t);
        } catch (ScalerException e) {
            return CompletableFuture.failedFuture(e);
        }
        Key key = new Key(server, t.query());
        long now = clock.millis();
        Entry e = cache.get(key);
        if (e != null && fresh(e, now)) {
            return e.value;
        }
        if (e == null && cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(old -> !fresh(old, now));
            if (cache.size() >= MAX_ENTRIES) {
                return CompletableFuture.failedFuture(new ScalerException(io.grpc.Status.Code.RESOURCE_EXHAUSTED,
                        "omescale caches at most " + MAX_ENTRIES + " distinct PromQL passthrough queries and all are"
                                + " in use; use fewer distinct queries, or signal triggers"));
            }
        }
        Entry[] created = new Entry[1];
        Entry next = cache.compute(key, (k, current) -> {
            if (current != null && fresh(current, now)) {
                return current;
            }
            created[0] = new Entry(new CompletableFuture<>(), now);
            return created[0];
        });
        if (next == created[0]) {
            start(key, next); // only the caller that created the entry queries; the others share its future
        }
        return next.value;
    }

    private boolean fresh(Entry e, long now) {
        if (!e.value.isDone()) {
            return true; // in flight: share it
        }
        // Failures are not cached: the next poll asks again, as KEDA would.
        return !e.value.isCompletedExceptionally() && now - e.startedMillis < ttl.toMillis();
    }

    private void start(Key key, Entry entry) {
        try {
            pool.execute(() -> {
                try {
                    entry.value.complete(evaluate(key));
                } catch (ScalerException ex) {
                    cache.remove(key, entry);
                    entry.value.completeExceptionally(ex);
                } catch (RuntimeException ex) {
                    cache.remove(key, entry);
                    entry.value.completeExceptionally(ScalerException.unavailable("PromQL passthrough failed: "
                            + ex));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            cache.remove(key, entry);
            entry.value.completeExceptionally(ScalerException.unavailable("omescale is shutting down"));
        }
    }

    private double evaluate(Key key) throws ScalerException {
        PrometheusClient client = client(key.server);
        QueryResult result;
        try {
            result = client.query(key.query, clock.instant());
        } catch (PromQlException e) {
            boolean badQuery = e.errorType().filter("bad_data"::equals).isPresent()
                    || e.httpStatus().orElse(0) == 400;
            String message = e.getMessage() + " (PromQL passthrough)";
            throw badQuery ? ScalerException.invalidArgument(message) : ScalerException.unavailable(message);
        }
        String context = "PromQL passthrough query \"" + key.query + "\" at " + key.server;
        int count = result.series().size();
        if (count > 1) {
            throw ScalerException.invalidArgument(context + " returned " + count + " series, but a trigger needs"
                    + " exactly one; aggregate with sum() or max()");
        }
        if (count == 0) {
            throw ScalerException.unavailable(context + " returned no series: missing data, not 0; check the"
                    + " query's labels, or append 'or vector(0)' where no series truly means zero; KEDA's fallback"
                    + " applies meanwhile");
        }
        SeriesValue sample = result.series().get(0);
        if (sample.emptyValue() || sample.nullSample() || Double.isNaN(sample.value())
                || Double.isInfinite(sample.value())) {
            throw ScalerException.unavailable(context + " returned " + (sample.emptyValue() ? "an empty value"
                    : sample.nullSample() ? "a null sample" : Double.toString(sample.value()))
                    + ", which is missing data, not a number; guard the query (e.g. a division by zero);"
                    + " KEDA's fallback applies meanwhile");
        }
        try {
            // What is left is one finite sample; KEDA's rule reads it exactly as KEDA does.
            return KedaValueRule.kedaValue(key.query, result, false);
        } catch (PromQlException e) {
            throw ScalerException.unavailable(e.getMessage());
        }
    }

    private URI serverOf(QueryTrigger t) throws ScalerException {
        if (t.serverAddress() != null) {
            return t.serverAddress();
        }
        if (defaultEndpoint == null) {
            throw new ScalerException(io.grpc.Status.Code.FAILED_PRECONDITION, "the trigger has no serverAddress"
                    + " and omescale has no Prometheus configured; add serverAddress: http://<prometheus>:9090 to"
                    + " the trigger metadata, or configure prometheus.url for omescale");
        }
        return defaultEndpoint.serverAddress();
    }

    private PrometheusClient client(URI server) throws ScalerException {
        PrometheusClient c = clients.get(server);
        if (c != null) {
            return c;
        }
        if (clients.size() >= MAX_SERVERS) {
            throw new ScalerException(io.grpc.Status.Code.RESOURCE_EXHAUSTED, "omescale keeps clients for at most "
                    + MAX_SERVERS + " Prometheus servers; point the triggers at fewer serverAddress values");
        }
        return clients.computeIfAbsent(server, s -> new PrometheusClient(PrometheusEndpoint.of(s)));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
