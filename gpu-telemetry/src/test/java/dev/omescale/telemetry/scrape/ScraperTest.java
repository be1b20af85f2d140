package dev.omescale.telemetry.scrape;

import static dev.omescale.telemetry.testing.FakeExporter.after;
import static dev.omescale.telemetry.testing.FakeExporter.gzip;
import static dev.omescale.telemetry.testing.FakeExporter.gzipPage;
import static dev.omescale.telemetry.testing.FakeExporter.page;
import static dev.omescale.telemetry.testing.FakeExporter.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.omescale.telemetry.config.TargetConfig;
import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.exposition.ExpositionFormat;
import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;
import dev.omescale.telemetry.exposition.ParseLimits;
import dev.omescale.telemetry.testing.FakeExporter;
import dev.omescale.telemetry.testing.MutableClock;

class ScraperTest {
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PAGE = """
            # HELP vllm:num_requests_running Number of requests in model execution batches.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{engine="0",model_name="qwen"} 3.0
            # TYPE vllm:prompt_tokens counter
            vllm:prompt_tokens_total{engine="0",model_name="qwen"} 1234.0
            """;
    private static final Duration LONG = Duration.ofSeconds(5);
    private static final int MIB = 1024 * 1024;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final List<ScrapeResult> results = new CopyOnWriteArrayList<>();
    private FakeExporter exporter;
    private Scraper scraper;

    @BeforeEach
    void startExporter() {
        exporter = FakeExporter.start();
    }

    @AfterEach
    void stopAll() {
        if (scraper != null) {
            scraper.close();
        }
        exporter.close();
    }

    private Scraper scraper(ScraperOptions options) {
        scraper = new Scraper(options, clock, results::add);
        return scraper;
    }

    private Scraper scraper() {
        return scraper(ScraperOptions.DEFAULT);
    }

    private static ScrapeTarget target(URI url, Duration interval, Duration timeout) {
        return new ScrapeTarget(url, TargetKind.ENGINE, "default", "engine-0", null, "engine", interval, timeout);
    }

    private ScrapeTarget target(String path) {
        return target(exporter.url(path), LONG, Duration.ofSeconds(2));
    }

    private long resultsFor(ScrapeTarget t) {
        return results.stream().filter(r -> r.target().id().equals(t.id())).count();
    }

    // ---- formats and headers -----------------------------------------------------------------------------

    @Test
    void scrapesAPrometheusTextPageAndAsksForOpenMetricsFirst() {
        exporter.serve("/metrics", page(TEXT, PAGE));
        ScrapeTarget t = target("/metrics");

        ScrapeResult r = scraper().scrapeOnce(t);

        assertThat(r.error()).isNull();
        assertThat(r.ok()).isTrue();
        assertThat(r.startedAtMillis()).isEqualTo(clock.millis());
        assertThat(r.page().format()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(r.page().bytes()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8).length);
        assertThat(r.page().samples()).containsExactly(
                new Sample("vllm:num_requests_running", MetricType.GAUGE, "vllm:num_requests_running",
                        Labels.of("engine", "0", "model_name", "qwen"), 3.0, clock.millis()),
                new Sample("vllm:prompt_tokens", MetricType.COUNTER, "vllm:prompt_tokens_total",
                        Labels.of("engine", "0", "model_name", "qwen"), 1234.0, clock.millis()));
        assertThat(exporter.requestHeaders("/metrics")).singleElement().satisfies(h -> {
            assertThat(h.getFirst("Accept")).isEqualTo(ExpositionFormat.ACCEPT_HEADER);
            assertThat(h.getFirst("Accept-Encoding")).isEqualTo("gzip");
            assertThat(h.containsKey("Authorization")).isFalse();
        });
        assertThat(results).containsExactly(r);
    }

    @Test
    void readsOpenMetricsWhenTheContentTypeSaysSo() {
        exporter.serve("/om", page(OPENMETRICS, "# TYPE up gauge\nup 1 1700000000123\n# EOF\n"));

        ScrapeResult r = scraper().scrapeOnce(target("/om"));

        assertThat(r.page().format()).isEqualTo(ExpositionFormat.OPENMETRICS);
        assertThat(r.page().samples()).extracting(Sample::name).containsExactly("up");
    }

    @Test
    void keepsThePagesOwnTimestamps() {
        exporter.serve("/ts", page(TEXT, "a 1 1600000000000\nb 2\n"));

        ScrapeResult r = scraper().scrapeOnce(target("/ts"));

        assertThat(r.page().samples()).extracting(Sample::timestampMillis)
                .containsExactly(1_600_000_000_000L, clock.millis());
    }

    @Test
    void readsAPageWithoutContentTypeAsPrometheusText() {
        // dcgm-exporter sends no Content-Type at all.
        exporter.serve("/dcgm", page(null, "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 42\n"));

        ScrapeResult r = scraper().scrapeOnce(target("/dcgm"));

        assertThat(r.page().format()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT);
        assertThat(r.page().samples()).extracting(Sample::value).containsExactly(42.0);
    }

    // ---- bodies: gzip and caps ---------------------------------------------------------------------------

    @Test
    void decompressesGzipBodies() {
        exporter.serve("/gz", gzipPage(TEXT, gzip(PAGE.getBytes(StandardCharsets.UTF_8))));

        ScrapeResult r = scraper().scrapeOnce(target("/gz"));

        assertThat(r.error()).isNull();
        assertThat(r.page().bytes()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8).length);
        assertThat(r.page().samples()).hasSize(2);
    }

    @Test
    void rejectsAGzipBombAfterReadingOnlyTheCap() throws IOException {
        // 100 MB of zeros compresses to about 100 KB: small on the wire, huge once inflated.
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[MIB];
            for (int i = 0; i < 100; i++) {
                gz.write(zeros);
            }
        }
        assertThat(compressed.size()).isLessThan(MIB);
        exporter.serve("/bomb", gzipPage(TEXT, compressed.toByteArray()));
        ScrapeTarget t = target("/bomb");

        ScrapeResult r = scraper(new ScraperOptions(4, 0, MIB, ParseLimits.DEFAULT)).scrapeOnce(t);

        assertThat(r.error()).isEqualTo(t.id() + ": body exceeds 1048576 bytes after decompression;"
                + " raise the cap or reduce the exporter's series");
    }

    @Test
    void cutsOffAnOversizeBodyWithoutReadingItAll() {
        // Chunked, so no Content-Length warns the scraper; the server would send 256 MiB if it were read.
        AtomicBoolean sentEverything = new AtomicBoolean();
        AtomicBoolean serverDone = new AtomicBoolean();
        exporter.serve("/huge", exchange -> {
            try {
                exchange.getResponseHeaders().set("Content-Type", TEXT);
                exchange.sendResponseHeaders(200, 0);
                byte[] line = "x 1\n".repeat(16 * 1024).getBytes(StandardCharsets.UTF_8);
                OutputStream out = exchange.getResponseBody();
                for (int sent = 0; sent < 256 * MIB; sent += line.length) {
                    out.write(line);
                }
                out.flush();
                sentEverything.set(true);
            } finally {
                serverDone.set(true);
            }
        });
        ScrapeTarget t = target("/huge");

        ScrapeResult r = scraper(new ScraperOptions(4, 0, MIB, ParseLimits.DEFAULT)).scrapeOnce(t);

        assertThat(r.error()).isEqualTo(t.id() + ": body exceeds 1048576 bytes;"
                + " raise the cap or reduce the exporter's series");
        await().atMost(Duration.ofSeconds(10)).untilTrue(serverDone);
        assertThat(sentEverything).as("the scraper hung up instead of draining the body").isFalse();
    }

    @Test
    void rejectsADeclaredOversizeBodyBeforeReadingIt() {
        exporter.serve("/big", page(TEXT, "x 1\n".repeat(300_000)));
        ScrapeTarget t = target("/big");

        ScrapeResult r = scraper(new ScraperOptions(4, 0, MIB, ParseLimits.DEFAULT)).scrapeOnce(t);

        assertThat(r.error()).isEqualTo(t.id() + ": body exceeds 1048576 bytes;"
                + " raise the cap or reduce the exporter's series");
    }

    @Test
    void acceptsABodyOfExactlyTheCap() {
        String body = "x 1\n".repeat(256);
        exporter.serve("/exact", page(TEXT, body));

        ScrapeResult r = scraper(new ScraperOptions(4, 0, body.length(), ParseLimits.DEFAULT))
                .scrapeOnce(target("/exact"));

        assertThat(r.error()).isNull();
        assertThat(r.page().bytes()).isEqualTo(body.length());
    }

    @Test
    void rejectsCorruptGzipAndUnknownEncodings() {
        exporter.serve("/corrupt", gzipPage(TEXT, "not gzip at all".getBytes(StandardCharsets.UTF_8)));
        exporter.serve("/br", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "br");
            exchange.sendResponseHeaders(200, 3);
            exchange.getResponseBody().write(new byte[3]);
        });
        ScrapeTarget corrupt = target("/corrupt");
        ScrapeTarget br = target("/br");

        assertThat(scraper().scrapeOnce(corrupt).error()).isEqualTo(corrupt.id()
                + ": gzip body is corrupt (ZipException: Not in GZIP format); check the exporter or a proxy in between");
        assertThat(scraper.scrapeOnce(br).error()).isEqualTo(br.id()
                + ": unsupported Content-Encoding 'br'; the scraper asks for gzip only, check a proxy in between");
    }

    // ---- failures ----------------------------------------------------------------------------------------

    @Test
    void givesUpOnATargetThatNeverAnswersWithinItsTimeout() {
        exporter.serve("/slow", after(Duration.ofSeconds(30), status(200)));
        ScrapeTarget t = target(exporter.url("/slow"), LONG, Duration.ofMillis(300));
        Scraper s = scraper();

        CompletableFuture<ScrapeResult> result = CompletableFuture.supplyAsync(() -> s.scrapeOnce(t));

        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThat(result.join().error()).isEqualTo(t.id()
                + ": no response within 300ms (scrape timeout); check the exporter or raise the scrape timeout");
    }

    @Test
    void givesUpOnABodyThatTricklesPastTheTimeout() {
        exporter.serve("/trickle", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", TEXT);
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 300; i++) {
                out.write(("a" + i + " 1\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(100);
            }
        });
        ScrapeTarget t = target(exporter.url("/trickle"), LONG, Duration.ofMillis(500));
        Scraper s = scraper();

        CompletableFuture<ScrapeResult> result = CompletableFuture.supplyAsync(() -> s.scrapeOnce(t));

        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThat(result.join().error()).isEqualTo(t.id()
                + ": body not complete within 500ms (scrape timeout); check the exporter or raise the scrape timeout");
    }

    @Test
    void reportsHttpErrorsWithTheirStatus() {
        exporter.serve("/boom", status(500));
        ScrapeTarget missing = target("/nothing-here");
        ScrapeTarget boom = target("/boom");

        assertThat(scraper().scrapeOnce(missing).error())
                .isEqualTo(missing.id() + ": HTTP 404; check the URL path (usually /metrics)");
        assertThat(scraper.scrapeOnce(boom).error())
                .isEqualTo(boom.id() + ": HTTP 500; the exporter failed, check its logs");
    }

    @Test
    void reportsWhereAGarbagePageGoesWrong() {
        exporter.serve("/garbage", page(TEXT, "ok 1\n{{{ not a metric\n"));
        ScrapeTarget t = target("/garbage");

        String error = scraper().scrapeOnce(t).error();

        assertThat(error)
                .startsWith(t.id() + ": not a valid Prometheus text page (line 2, column ")
                .endsWith("); fetch it with curl and check that line");
    }

    @Test
    void reportsARefusedConnection() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ScrapeTarget t = target(URI.create("http://127.0.0.1:" + port + "/metrics"), LONG, Duration.ofSeconds(2));

        String error = scraper().scrapeOnce(t).error();

        assertThat(error)
                .startsWith("http://127.0.0.1:" + port + "/metrics: cannot connect (ConnectException")
                .endsWith("); check that the exporter is running and listening on that address");
    }

    @Test
    void sendsUrlCredentialsAsBasicAuthAndNeverShowsThem() {
        exporter.serve("/secure", exchange -> {
            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString("scraper:s3cret".getBytes(StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    ? 500 : 401, -1);
        });
        ScrapeTarget t = target(exporter.url("scraper:s3cret", "/secure"), LONG, Duration.ofSeconds(2));

        ScrapeResult r = scraper().scrapeOnce(t);

        // 500 is the fake's way of saying "right credentials", so the error text can be checked for leaks.
        assertThat(r.error()).isEqualTo(exporter.url("/secure") + ": HTTP 500; the exporter failed, check its logs");
        assertThat(t.id()).isEqualTo(exporter.url("/secure").toString());
        assertThat(scraper.health()).containsOnlyKeys(t.id());
    }

    @Test
    void theSinkIsCalledForFailuresToo() {
        ScrapeTarget t = target("/absent");

        ScrapeResult r = scraper().scrapeOnce(t);

        assertThat(r.ok()).isFalse();
        assertThat(r.page()).isNull();
        assertThat(results).containsExactly(r);
    }

    // ---- health ------------------------------------------------------------------------------------------

    @Test
    void healthGoesUpDownAndUpAgain() {
        AtomicReference<FakeExporter.Responder> current = new AtomicReference<>(page(TEXT, PAGE));
        exporter.serve("/flaky", exchange -> current.get().respond(exchange));
        ScrapeTarget t = target("/flaky");
        Scraper s = scraper();
        long t0 = clock.millis();

        s.scrapeOnce(t);
        assertThat(s.health().get(t.id())).satisfies(h -> {
            assertThat(h.up()).isTrue();
            assertThat(h.lastError()).isNull();
            assertThat(h.lastScrapeMillis()).isEqualTo(t0);
            assertThat(h.lastSuccessMillis()).isEqualTo(t0);
            assertThat(h.consecutiveFailures()).isZero();
            assertThat(h.lastDuration()).isPositive();
        });

        current.set(status(503));
        clock.advance(5_000);
        s.scrapeOnce(t);
        clock.advance(5_000);
        s.scrapeOnce(t);
        assertThat(s.health().get(t.id())).satisfies(h -> {
            assertThat(h.up()).isFalse();
            assertThat(h.lastError()).isEqualTo(t.id() + ": HTTP 503; the exporter failed, check its logs");
            assertThat(h.lastScrapeMillis()).isEqualTo(t0 + 10_000);
            assertThat(h.lastSuccessMillis()).isEqualTo(t0);
            assertThat(h.consecutiveFailures()).isEqualTo(2);
        });

        current.set(page(TEXT, PAGE));
        clock.advance(5_000);
        s.scrapeOnce(t);
        assertThat(s.health().get(t.id())).satisfies(h -> {
            assertThat(h.up()).isTrue();
            assertThat(h.lastError()).isNull();
            assertThat(h.lastSuccessMillis()).isEqualTo(t0 + 15_000);
            assertThat(h.consecutiveFailures()).isZero();
        });
    }

    // ---- scheduling --------------------------------------------------------------------------------------

    @Test
    void startScrapesEveryTargetRepeatedly() {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            exporter.serve("/t" + i, page(TEXT, PAGE));
            targets.add(target(exporter.url("/t" + i), Duration.ofMillis(100), Duration.ofMillis(100)));
        }

        scraper().start(targets);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (ScrapeTarget t : targets) {
                assertThat(resultsFor(t)).as(t.id()).isGreaterThanOrEqualTo(3);
            }
        });
        assertThat(results).allMatch(ScrapeResult::ok);
        assertThat(scraper.health()).containsOnlyKeys(targets.stream().map(ScrapeTarget::id).toList());
        assertThatThrownBy(() -> scraper.start(targets))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("scraper already started; use replaceTargets to change its targets");
    }

    @Test
    void neverRunsMoreScrapesAtOnceThanMaxConcurrency() {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            exporter.serve("/slow" + i, after(Duration.ofMillis(300), page(TEXT, PAGE)));
            targets.add(target(exporter.url("/slow" + i), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        }

        scraper(new ScraperOptions(2, 0, MIB, ParseLimits.DEFAULT)).start(targets);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (ScrapeTarget t : targets) {
                assertThat(resultsFor(t)).as(t.id()).isPositive();
            }
        });
        assertThat(results).allMatch(ScrapeResult::ok);
        assertThat(exporter.maxInFlight()).isEqualTo(2);
    }

    @Test
    void neverOverlapsScrapesOfOneTarget() {
        // Each scrape takes longer than the interval; ticks that find it still running are skipped.
        exporter.serve("/sluggish", after(Duration.ofMillis(200), page(TEXT, PAGE)));
        ScrapeTarget t = target(exporter.url("/sluggish"), Duration.ofMillis(50), Duration.ofSeconds(2));

        scraper().start(List.of(t));

        await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(t) >= 3);
        assertThat(exporter.maxInFlight("/sluggish")).isEqualTo(1);
        assertThat(results).allMatch(ScrapeResult::ok);
    }

    @Test
    void keepsSchedulingWhenTheSinkThrows() {
        exporter.serve("/m", page(TEXT, PAGE));
        AtomicInteger calls = new AtomicInteger();
        scraper = new Scraper(ScraperOptions.DEFAULT, clock, r -> {
            calls.incrementAndGet();
            throw new IllegalStateException("sink broke");
        });

        scraper.start(List.of(target(exporter.url("/m"), Duration.ofMillis(50), Duration.ofMillis(50))));

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 3);
    }

    @Test
    void replaceTargetsAddsRemovesAndKeeps() {
        for (String p : List.of("/a", "/b", "/c")) {
            exporter.serve(p, page(TEXT, PAGE));
        }
        Duration every = Duration.ofMillis(50);
        ScrapeTarget a = target(exporter.url("/a"), every, every);
        ScrapeTarget b = target(exporter.url("/b"), every, every);
        ScrapeTarget c = target(exporter.url("/c"), every, every);
        Scraper s = scraper();
        s.start(List.of(a, b));
        await().atMost(Duration.ofSeconds(10)).until(() -> s.health().keySet().containsAll(List.of(a.id(), b.id())));

        s.replaceTargets(List.of(b, c));

        assertThat(s.health()).doesNotContainKey(a.id()).containsKey(b.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> s.health().containsKey(c.id()));
        // Give a scrape of a that was dispatched just before the replace time to finish, then watch a stay quiet.
        long bBefore = resultsFor(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(b) >= bBefore + 2);
        int aRequests = exporter.requests("/a");
        long aResults = resultsFor(a);
        long bNow = resultsFor(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(b) >= bNow + 3);
        assertThat(exporter.requests("/a")).isEqualTo(aRequests);
        assertThat(resultsFor(a)).isEqualTo(aResults);
        assertThat(s.health()).containsOnlyKeys(b.id(), c.id());
    }

    @Test
    void replaceTargetsReschedulesATargetWhoseSettingsChanged() {
        exporter.serve("/m", page(TEXT, PAGE));
        ScrapeTarget slow = target(exporter.url("/m"), Duration.ofHours(1), Duration.ofSeconds(1));
        ScrapeTarget fast = target(exporter.url("/m"), Duration.ofMillis(50), Duration.ofSeconds(1));
        Scraper s = scraper(new ScraperOptions(4, 0, MIB, ParseLimits.DEFAULT));
        s.start(List.of(slow));
        await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(slow) == 1);

        s.replaceTargets(List.of(fast));

        await().atMost(Duration.ofSeconds(10)).until(() -> exporter.requests("/m") >= 4);
        assertThat(s.health()).containsOnlyKeys(fast.id());
    }

    @Test
    void rejectsTheSameTargetTwice() {
        ScrapeTarget t = target("/m");

        assertThatThrownBy(() -> scraper().replaceTargets(List.of(t, t)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target " + t.id() + " is listed twice; list each exporter once");
    }

    @Test
    void closeStopsEverythingAndInterruptsScrapesInFlight() {
        exporter.serve("/m", page(TEXT, PAGE));
        exporter.serve("/stuck", after(Duration.ofSeconds(30), page(TEXT, PAGE)));
        ScrapeTarget m = target(exporter.url("/m"), Duration.ofMillis(50), Duration.ofMillis(50));
        ScrapeTarget stuck = target(exporter.url("/stuck"), Duration.ofMillis(50), Duration.ofSeconds(20));
        Scraper s = scraper();
        s.start(List.of(m, stuck));
        await().atMost(Duration.ofSeconds(10)).until(() -> resultsFor(m) >= 3 && exporter.requests("/stuck") == 1);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);

        await().atMost(Duration.ofSeconds(5)).until(closing::isDone);
        int after = results.size();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> results.size() == after);
        assertThat(resultsFor(stuck)).isZero();
        assertThatThrownBy(() -> s.scrapeOnce(m)).isInstanceOf(IllegalStateException.class)
                .hasMessage("scraper is closed");
    }

    @Test
    void spreadsFirstScrapesEvenlyAcrossTheJitterWindow() {
        // 1,000 pods behind one port pattern: their first scrapes must not bunch up in the window.
        long period = Duration.ofSeconds(10).toNanos();
        int[] buckets = new int[10];
        for (int i = 0; i < 1000; i++) {
            long offset = Scraper.phaseOffset("http://10.0." + (i / 250) + "." + (i % 250) + ":8000/metrics",
                    period, 0.5);
            assertThat(offset).isBetween(0L, period / 2 - 1);
            buckets[(int) (offset * 10 / (period / 2))]++;
        }
        assertThat(Arrays.stream(buckets).boxed()).allSatisfy(n -> assertThat(n).isBetween(60, 140));
        assertThat(Scraper.phaseOffset("http://a:1/metrics", period, 0.0)).isZero();
        assertThat(Scraper.phaseOffset("http://a:1/metrics", period, 0.5))
                .as("a target keeps its phase").isEqualTo(Scraper.phaseOffset("http://a:1/metrics", period, 0.5));
    }

    @Test
    void buildsTargetsFromConfiguration() {
        TargetConfig c = new TargetConfig(URI.create("http://10.0.0.1:8000/metrics"), TargetKind.ENGINE, "ns", "p-0",
                "llama", "decoder");

        ScrapeTarget t = ScrapeTarget.from(c, Duration.ofSeconds(5), Duration.ofSeconds(3));

        assertThat(t).isEqualTo(new ScrapeTarget(c.url(), TargetKind.ENGINE, "ns", "p-0", "llama", "decoder",
                Duration.ofSeconds(5), Duration.ofSeconds(3)));
        assertThat(t.id()).isEqualTo("http://10.0.0.1:8000/metrics");
    }
}
