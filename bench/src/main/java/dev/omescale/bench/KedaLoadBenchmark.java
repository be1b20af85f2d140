package dev.omescale.bench;

import dev.omescale.keda.KedaScalerServer;
import dev.omescale.keda.KedaServerConfig;
import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.keda.proto.GetMetricSpecResponse;
import dev.omescale.keda.proto.GetMetricsRequest;
import dev.omescale.keda.proto.GetMetricsResponse;
import dev.omescale.keda.proto.IsActiveResponse;
import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.scaler.view.DesiredReplicas;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import dev.omescale.telemetry.promql.KedaValueRule;
import dev.omescale.telemetry.promql.PrometheusClient;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.testing.PrometheusServer;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Load on the KEDA external scaler as KEDA makes it: {@code objects} distinct ScaledObjects, each poll being
 * GetMetricSpec, then GetMetrics with the spec's name, then IsActive, over one pooled connection (KEDA keeps one
 * per scaler address). Measured open-loop at a fixed rate (latency counted from each poll's scheduled start, so
 * queueing shows) and closed-loop at saturation. In the same run, the path it replaces: KEDA's Prometheus scaler
 * sends one PromQL query per poll, here against the real Prometheus scraping a demo fleet, measured the same two
 * ways.
 *
 * <p>System properties: {@code rate} (polls/s, 2000), {@code objects} (1000), {@code warmup} (10s),
 * {@code duration} (30s), {@code saturation} (15s), {@code concurrency} (32 polls in flight at saturation),
 * {@code baseline} (false skips the Prometheus side), {@code out} (a folder for table.md).
 */
public final class KedaLoadBenchmark {
    private static final String[] SIGNALS = {"queue_length", "kv_cache_utilization", "ttft_p95_seconds",
        "desired_replicas"};
    private static final String[] TARGETS = {"5", "0.8", "0.5", null};
    /** What OME's kedaConfig renders to and users write for KEDA's Prometheus scaler, one per signal kind. */
    private static final String[] QUERIES = {
        "sum(vllm:num_requests_waiting{job=~\"engine.*\"})",
        "avg(vllm:kv_cache_usage_perc{job=~\"engine.*\"})",
        "histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket{job=~\"engine.*\"}[1m])))",
        "sum(rate(vllm:request_success_total{job=~\"engine.*\"}[1m]))"};

    private final int rate = Integer.getInteger("rate", 2000);
    private final int objects = Integer.getInteger("objects", 1000);
    private final Duration warmup = Duration.parse("PT" + System.getProperty("warmup", "10s").toUpperCase(Locale.ROOT));
    private final Duration duration = Duration.parse("PT" + System.getProperty("duration", "30s").toUpperCase(Locale.ROOT));
    private final Duration saturation = Duration.parse("PT" + System.getProperty("saturation", "15s")
            .toUpperCase(Locale.ROOT));
    private final int concurrency = Integer.getInteger("concurrency", 32);
    private final int isvcs;

    private KedaLoadBenchmark() {
        isvcs = Math.max(1, objects / SIGNALS.length);
    }

    public static void main(String[] args) throws Exception {
        new KedaLoadBenchmark().run();
    }

    /** One row of the result table. */
    private record Row(String path, String mode, double offered, double achieved, long errors,
            Latencies.Summary latency) {
    }

    private void run() throws Exception {
        List<Row> rows = new ArrayList<>();
        LatestScalingView view = new LatestScalingView(snapshot(0));
        // The evaluation loop replaces the snapshot every second; so does this publisher, so index rebuilds count.
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger tick = new AtomicInteger();
        publisher.scheduleAtFixedRate(() -> view.publish(snapshot(tick.incrementAndGet())), 1, 1, TimeUnit.SECONDS);
        List<ScaledObjectRef> refs = refs();

        try (KedaScalerServer server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0), view,
                null)) {
            // Callbacks only start the next call, so they run on the transport thread, as in Go's client.
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                    .directExecutor().build();
            ExternalScalerGrpc.ExternalScalerStub stub = ExternalScalerGrpc.newStub(channel);
            checkAnswers(stub, refs);
            Consumer<Done> poll = done -> poll(stub, refs.get(done.index % refs.size()), done);
            System.out.println("== scaler: warm-up " + warmup.toSeconds() + " s at " + rate + " polls/s");
            openLoop(poll, rate, warmup);
            System.out.println("== scaler: open loop " + duration.toSeconds() + " s at " + rate + " polls/s");
            rows.add(openLoop(poll, rate, duration).row("omescale gRPC (GetMetricSpec + GetMetrics + IsActive)",
                    "open loop"));
            System.out.println("== scaler: closed loop " + saturation.toSeconds() + " s, " + concurrency + " in flight");
            rows.add(closedLoop(poll, concurrency, saturation).row("omescale gRPC (GetMetricSpec + GetMetrics"
                    + " + IsActive)", "saturation, " + concurrency + " in flight"));
            channel.shutdownNow();
        } finally {
            publisher.shutdownNow();
        }

        if (!Boolean.parseBoolean(System.getProperty("baseline", "true"))) {
            System.out.println(table(rows));
            return;
        }
        System.out.println("== baseline: demo fleet and the real Prometheus");
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options("default", "llama-chat",
                List.of(DemoLoad.steady(2), DemoLoad.steady(3), DemoLoad.steady(4)), Duration.ofMillis(100)));
                PrometheusServer prometheus = PrometheusServer.start(scrapeConfig(fleet))) {
            PrometheusClient client = new PrometheusClient(PrometheusEndpoint.of(prometheus.url()));
            waitForData(client);
            ExecutorService workers = Executors.newFixedThreadPool(64);
            Consumer<Done> query = done -> workers.execute(() -> {
                try {
                    KedaValueRule.kedaValue("", client.query(QUERIES[done.index % QUERIES.length], Instant.now()),
                            true);
                    done.ok();
                } catch (Exception e) {
                    done.failed();
                }
            });
            System.out.println("== baseline: warm-up " + warmup.toSeconds() + " s at " + rate + " queries/s");
            openLoop(query, rate, warmup);
            System.out.println("== baseline: open loop " + duration.toSeconds() + " s at " + rate + " queries/s");
            rows.add(openLoop(query, rate, duration).row("KEDA Prometheus scaler path (1 PromQL query per poll)",
                    "open loop"));
            System.out.println("== baseline: closed loop " + saturation.toSeconds() + " s, " + concurrency
                    + " in flight");
            rows.add(closedLoop(query, concurrency, saturation).row("KEDA Prometheus scaler path (1 PromQL query"
                    + " per poll)", "saturation, " + concurrency + " in flight"));
            workers.shutdownNow();
        }
        String table = table(rows);
        System.out.println(table);
        String out = System.getProperty("out");
        if (out != null) {
            Files.createDirectories(Path.of(out));
            Files.writeString(Path.of(out, "table.md"), table);
        }
    }

    /** A poll in flight: reports its end once. */
    private static final class Done {
        final int index;
        final long scheduledNanos;
        final Run run;

        Done(int index, long scheduledNanos, Run run) {
            this.index = index;
            this.scheduledNanos = scheduledNanos;
            this.run = run;
        }

        void ok() {
            run.finish(this, true);
        }

        void failed() {
            run.finish(this, false);
        }
    }

    /** One measured phase. */
    private static final class Run {
        final Latencies latencies;
        final AtomicLong errors = new AtomicLong();
        final AtomicInteger outstanding = new AtomicInteger();
        final double offered;
        long startNanos;
        long endNanos;
        Consumer<Done> onFinish = d -> { };

        Run(int capacity, double offered) {
            this.latencies = new Latencies(capacity);
            this.offered = offered;
        }

        void finish(Done d, boolean ok) {
            latencies.record(System.nanoTime() - d.scheduledNanos);
            if (!ok) {
                errors.incrementAndGet();
            }
            outstanding.decrementAndGet();
            onFinish.accept(d);
        }

        Row row(String path, String mode) {
            Latencies.Summary s = latencies.summary();
            double seconds = (endNanos - startNanos) / 1e9;
            return new Row(path, mode, offered, s.count() / seconds, errors.get(), s);
        }
    }

    /** Starts polls at a fixed rate for {@code length}, then waits (up to 10 s) for the last ones. */
    private Run openLoop(Consumer<Done> action, int perSecond, Duration length) throws InterruptedException {
        long total = perSecond * length.toSeconds();
        Run run = new Run((int) total, perSecond);
        long period = 1_000_000_000L / perSecond;
        run.startNanos = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = run.startNanos + i * period;
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            run.outstanding.incrementAndGet();
            action.accept(new Done(i, scheduled, run));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (run.outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        run.endNanos = Math.max(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(5), run.startNanos + length.toNanos());
        run.errors.addAndGet(run.outstanding.get()); // never finished: counted as errors
        return run;
    }

    /** Keeps {@code inFlight} polls going back to back for {@code length}; latency from each poll's start. */
    private Run closedLoop(Consumer<Done> action, int inFlight, Duration length) throws InterruptedException {
        Run run = new Run(5_000_000, Double.NaN);
        AtomicInteger next = new AtomicInteger();
        run.startNanos = System.nanoTime();
        long stopAt = run.startNanos + length.toNanos();
        run.onFinish = d -> {
            if (System.nanoTime() < stopAt) {
                run.outstanding.incrementAndGet();
                action.accept(new Done(next.getAndIncrement(), System.nanoTime(), run));
            }
        };
        for (int i = 0; i < inFlight; i++) {
            run.outstanding.incrementAndGet();
            action.accept(new Done(next.getAndIncrement(), System.nanoTime(), run));
        }
        while (System.nanoTime() < stopAt) {
            Thread.sleep(10);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (run.outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        run.endNanos = System.nanoTime();
        return run;
    }

    /** GetMetricSpec, then GetMetrics with the spec's metric name, then IsActive: KEDA's poll of one trigger. */
    private static void poll(ExternalScalerGrpc.ExternalScalerStub stub, ScaledObjectRef ref, Done done) {
        stub.getMetricSpec(ref, new Step<>(done, spec -> stub.getMetrics(GetMetricsRequest.newBuilder()
                .setScaledObjectRef(ref).setMetricName(spec.getMetricSpecs(0).getMetricName()).build(),
                new Step<GetMetricsResponse>(done, values -> stub.isActive(ref,
                        new Step<IsActiveResponse>(done, active -> done.ok()))))));
    }

    /** One call of a poll: on success the next step, on error the poll fails. */
    private record Step<T>(Done done, Consumer<T> then) implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
            then.accept(value);
        }

        @Override
        public void onError(Throwable t) {
            done.failed();
        }

        @Override
        public void onCompleted() {
        }
    }

    /** Fails fast if the scaler answers anything but values for every ScaledObject. */
    private static void checkAnswers(ExternalScalerGrpc.ExternalScalerStub stub, List<ScaledObjectRef> refs) {
        var blocking = ExternalScalerGrpc.newBlockingStub(stub.getChannel());
        for (ScaledObjectRef ref : refs) {
            GetMetricSpecResponse spec = blocking.getMetricSpec(ref);
            blocking.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref)
                    .setMetricName(spec.getMetricSpecs(0).getMetricName()).build());
            blocking.isActive(ref);
        }
        System.out.println("checked: all " + refs.size() + " ScaledObjects answer");
    }

    /** ScaledObject i reads signal i / isvcs of InferenceService isvc-(i % isvcs): all distinct. */
    private List<ScaledObjectRef> refs() {
        List<ScaledObjectRef> refs = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            int kind = (i / isvcs) % SIGNALS.length;
            Map<String, String> md = new LinkedHashMap<>();
            md.put("scalerAddress", "omescale.omescale-system:9443");
            md.put("inferenceService", "isvc-" + (i % isvcs));
            md.put("signal", SIGNALS[kind]);
            if (TARGETS[kind] != null) {
                md.put("target", TARGETS[kind]);
            }
            refs.add(ScaledObjectRef.newBuilder().setName("so-" + i).setNamespace("bench").putAllScalerMetadata(md)
                    .build());
        }
        return refs;
    }

    /** Every InferenceService's engine with 3 ready pods, all catalog signals and a decision. */
    private ScalingSnapshot snapshot(int tick) {
        long now = System.currentTimeMillis();
        List<ComponentSignals> components = new ArrayList<>();
        Map<ComponentKey, DesiredReplicas> decisions = new HashMap<>();
        Map<ComponentKey, Integer> ready = new HashMap<>();
        List<String> names = SignalCatalog.standard().names();
        for (int i = 0; i < isvcs; i++) {
            Map<String, Double> values = new LinkedHashMap<>();
            Map<String, Integer> withData = new LinkedHashMap<>();
            for (int s = 0; s < names.size(); s++) {
                values.put(names.get(s), 0.1 + ((i * 31 + s * 7 + tick) % 97) / 100.0);
                withData.put(names.get(s), 3);
            }
            String isvc = "isvc-" + i;
            components.add(new ComponentSignals("bench", isvc, "engine", List.of(isvc + "-engine-0",
                    isvc + "-engine-1", isvc + "-engine-2"), values, withData, now, List.of()));
            ComponentKey key = new ComponentKey("bench", isvc, ComponentKind.ENGINE);
            decisions.put(key, new DesiredReplicas(1 + (i + tick) % 5, 3, Instant.ofEpochMilli(now), "bench"));
            ready.put(key, 3);
        }
        TelemetryReport report = new TelemetryReport(now, Duration.ofSeconds(60), List.of(), components, List.of(),
                List.of());
        return new ScalingSnapshot(report, decisions, Map.of(), ready);
    }

    private static String scrapeConfig(DemoFleet fleet) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                """);
        for (int i = 0; i < fleet.size(); i++) {
            yaml.append("""
                      - job_name: engine%d
                        metrics_path: %s
                        static_configs: [{targets: ['%s']}]
                    """.formatted(i, fleet.engineUrl(i).getPath(), fleet.engineUrl(i).getAuthority()));
        }
        return yaml.toString();
    }

    /** Until every baseline query returns one series (Prometheus needs two scrapes for rates). */
    private static void waitForData(PrometheusClient client) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            boolean all = true;
            for (String q : QUERIES) {
                try {
                    KedaValueRule.kedaValue(q, client.query(q, Instant.now()), false);
                } catch (Exception e) {
                    all = false;
                }
            }
            if (all) {
                System.out.println("Prometheus has data for every baseline query");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Prometheus had no data for the baseline queries after 90 s");
            }
            Thread.sleep(500);
        }
    }

    private String table(List<Row> rows) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%d distinct ScaledObjects; a poll = GetMetricSpec + GetMetrics +"
                + " IsActive (omescale) or one PromQL query (baseline); latency from the poll's scheduled start"
                + " (open loop) or its start (saturation), in ms; client and server in one JVM on %d cores%n%n",
                objects, Runtime.getRuntime().availableProcessors()));
        t.append("| path | mode | offered polls/s | achieved polls/s | errors | p50 ms | p99 ms | p999 ms | max ms |\n");
        t.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            t.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %d | %s | %s | %s | %s |%n", r.path(),
                    r.mode(), Double.isNaN(r.offered()) ? "—" : String.format(Locale.ROOT, "%.0f", r.offered()),
                    r.achieved(), r.errors(), Latencies.Summary.ms(r.latency().p50()),
                    Latencies.Summary.ms(r.latency().p99()), Latencies.Summary.ms(r.latency().p999()),
                    Latencies.Summary.ms(r.latency().max())));
        }
        return t.toString();
    }
}
