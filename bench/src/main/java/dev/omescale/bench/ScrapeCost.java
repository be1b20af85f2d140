package dev.omescale.bench;

import dev.omescale.telemetry.config.TargetConfig;
import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.store.TargetStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU cost of omescale's telemetry pipeline scraping many vLLM engines: a {@link TelemetryPipeline} with
 * the standard options scrapes every target of a {@link PageServer} (each a pod of the {@code engine}
 * component, ten pods per InferenceService) and evaluates a report every interval, as the controller does.
 * After a warm-up it measures process CPU time over wall time, as % of one core, with GC, allocation, scrape
 * counts and report times, and prints one JSON object on stdout. {@code bench/run-scrape-cost.sh} runs it
 * beside the real Prometheus scraping the same targets.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.omescale.bench.ScrapeCost --server http://127.0.0.1:PORT
 *     [--targets 1000] [--warmup 60] [--measure 120] [--interval 5] [--timeout 3] [--window 60]</pre>
 * (durations in seconds)
 */
public final class ScrapeCost {
    private static final String USAGE = "ScrapeCost --server URL [--targets 1000] [--warmup 60] [--measure 120]"
            + " [--interval 5] [--timeout 3] [--window 60]   (durations in seconds)";
    private static final Pattern SERVED = Pattern.compile("\"served\":(\\d+)");
    private static final int PODS_PER_SERVICE = 10;

    private ScrapeCost() {
    }

    /** The benchmark's targets: pod {@code i} of InferenceService {@code svc-(i/10)}, component engine. */
    static TelemetryConfig config(URI server, int targets, Duration interval, Duration timeout, Duration window) {
        List<TargetConfig> list = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            list.add(new TargetConfig(server.resolve("/t/" + i + "/metrics"), TargetKind.ENGINE, "bench", "pod-" + i,
                    "svc-" + (i / PODS_PER_SERVICE), "engine"));
        }
        return new TelemetryConfig(interval, timeout, window, list);
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args, Set.of("server", "targets", "warmup", "measure", "interval", "timeout", "window"),
                USAGE);
        String server = a.value("server", null);
        if (server == null) {
            throw new IllegalArgumentException("--server is required (the PageServer's http://127.0.0.1:PORT); usage: "
                    + USAGE);
        }
        URI base = URI.create(server);
        int targets = a.intValue("targets", 1000);
        int warmup = a.intValue("warmup", 60);
        int measure = a.intValue("measure", 120);
        Duration interval = Duration.ofSeconds(a.intValue("interval", 5));
        TelemetryConfig config = config(base, targets, interval, Duration.ofSeconds(a.intValue("timeout", 3)),
                Duration.ofSeconds(a.intValue("window", 60)));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        ReportTally tally = new ReportTally();
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-report");
            t.setDaemon(true);
            return t;
        });
        Map<String, Object> result = new LinkedHashMap<>();
        try (TelemetryPipeline pipeline = new TelemetryPipeline(config, ScraperOptions.DEFAULT,
                TelemetryPipeline.DEFAULT_STALE_AFTER_INTERVALS, Clock.systemUTC())) {
            pipeline.start();
            reporter.scheduleAtFixedRate(() -> {
                long t0 = System.nanoTime();
                TelemetryReport report = pipeline.report();
                tally.record(report, System.nanoTime() - t0);
            }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            progress("scraping " + targets + " targets every " + interval.toSeconds() + "s; warming up for "
                    + warmup + "s");
            Thread.sleep(warmup * 1000L);

            long servedBefore = served(http, base);
            // Switch the tally on the report thread, between two reports, so none is half counted.
            reporter.submit(() -> tally.measuring(true)).get();
            JvmUsage before = JvmUsage.now();
            progress("measuring for " + measure + "s");
            Thread.sleep(measure * 1000L);
            JvmUsage after = JvmUsage.now();
            progress("measured");
            reporter.submit(() -> tally.measuring(false)).get();
            long servedAfter = served(http, base);
            reporter.shutdown();
            reporter.awaitTermination(30, TimeUnit.SECONDS);

            double seconds = (after.wallNanos() - before.wallNanos()) / 1e9;
            double expected = targets * seconds / interval.toSeconds();
            long pages = servedAfter - servedBefore;
            result.put("tool", "omescale TelemetryPipeline");
            result.put("targets", targets);
            result.put("intervalSeconds", interval.toSeconds());
            result.put("warmupSeconds", warmup);
            result.put("measuredSeconds", seconds);
            result.put("cpuPercentOfOneCore", 100.0 * (after.processCpuNanos() - before.processCpuNanos())
                    / (after.wallNanos() - before.wallNanos()));
            result.put("pagesServed", pages);
            result.put("pagesExpected", Math.round(expected));
            result.put("scrapesPerSecond", pages / seconds);
            result.put("scrapeErrors", tally.failures());
            result.put("warmupScrapeErrors", tally.warmupFailures());
            result.put("successesSeenByReports", tally.successes());
            result.put("targetDownObservations", tally.downObservations());
            result.put("targetStaleObservations", tally.staleObservations());
            result.put("someErrors", tally.someErrors());
            double[] eval = tally.evalMillis();
            result.put("reports", tally.measuredReports());
            result.put("reportEvalMillis", Map.of("mean", eval[0], "median", eval[1], "max", eval[2]));
            result.put("gcCollections", after.gcCount() - before.gcCount());
            result.put("gcMillis", after.gcMillis() - before.gcMillis());
            result.put("gcCollectors", JvmUsage.collectorNames());
            result.put("allocatedMegabytesPerSecond", after.allocMegabytesPerSecondSince(before));
            result.put("cpuPercentByThreadGroup", after.cpuPercentByGroupSince(before));
            result.put("lastReport", summary(tally.last()));
        }
        // Outside the measurement: what stays live once the garbage is gone.
        System.gc();
        Runtime rt = Runtime.getRuntime();
        result.put("heapAfterFullGcMegabytes", (rt.totalMemory() - rt.freeMemory()) / 1e6);
        result.put("maxHeapMegabytes", rt.maxMemory() / 1e6);
        result.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        result.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        result.put("ok", (long) result.get("scrapeErrors") == 0
                && Math.abs((long) result.get("pagesServed") - (long) result.get("pagesExpected"))
                        <= 0.02 * (long) result.get("pagesExpected"));
        System.out.println(Json.write(result));
    }

    /** Enough of the last report to see that the pipeline produced real signals for every pod and component. */
    private static Map<String, Object> summary(TelemetryReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (report == null) {
            return out;
        }
        out.put("pods", report.pods().size());
        out.put("components", report.components().size());
        out.put("targetsUp", report.targets().stream().filter(TargetStatus::up).count());
        out.put("meanScrapeMillis", report.targets().stream()
                .mapToDouble(t -> t.lastDuration().toNanos() / 1e6).average().orElse(0));
        out.put("maxScrapeMillis", report.targets().stream()
                .mapToDouble(t -> t.lastDuration().toNanos() / 1e6).max().orElse(0));
        report.component("bench", "svc-0", "engine").ifPresent((ComponentSignals c) -> {
            Map<String, Object> signals = new LinkedHashMap<>();
            for (String s : List.of("request_rate", "queue_length", "concurrency", "kv_cache_utilization",
                    "ttft_p95_seconds", "generation_token_rate")) {
                signals.put(s, c.get(s));
            }
            out.put("svc-0/engine", signals);
        });
        return out;
    }

    private static long served(HttpClient http, URI base) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = SERVED.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IOException("page server at " + base + " answered /stats with HTTP " + response.statusCode()
                    + " and no served count; is it a PageServer?");
        }
        return Long.parseLong(m.group(1));
    }

    private static void progress(String message) {
        System.err.println("scrape-cost: " + message);
    }
}
