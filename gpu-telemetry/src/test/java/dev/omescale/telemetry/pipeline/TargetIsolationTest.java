package dev.omescale.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.config.TelemetryConfigLoader;
import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.store.TargetStatus;
import dev.omescale.telemetry.testing.FakeExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of bad target at once, next to healthy ones: one that answers after its timeout, one that accepts
 * the connection and never answers, one that answers garbage, one with 10⁶ series, one with a gzip bomb. The
 * healthy targets are scraped on time throughout (never stale, last success within two intervals), and each bad
 * one is down with its own error.
 */
@Timeout(120)
class TargetIsolationTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @Test
    void badTargetsDoNotHurtTheFreshnessOfTheOthers() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat",
                List.of(DemoLoad.steady(2), DemoLoad.steady(2), DemoLoad.steady(2)), Duration.ofMillis(100)));
                FakeExporter bad = FakeExporter.start();
                ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never read, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-target");
            acceptor.setDaemon(true);
            acceptor.start();

            String text = "text/plain; version=0.0.4";
            bad.serve("/slow", FakeExporter.after(Duration.ofSeconds(5), FakeExporter.page(text,
                    "vllm:num_requests_waiting 1\n")));
            byte[] garbage = new byte[64 * 1024];
            new Random(7).nextBytes(garbage);
            bad.serve("/garbage", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", text);
                exchange.sendResponseHeaders(200, garbage.length);
                exchange.getResponseBody().write(garbage);
            });
            bad.serve("/million", FakeExporter.page(text, millionSeries()));
            bad.serve("/bomb", FakeExporter.gzipPage(text, FakeExporter.gzip(new byte[256 * 1024 * 1024])));

            Map<String, String> badTargets = new LinkedHashMap<>();
            badTargets.put("slow", bad.url("/slow").toString());
            badTargets.put("silent", "http://127.0.0.1:" + silent.getLocalPort() + "/metrics");
            badTargets.put("garbage", bad.url("/garbage").toString());
            badTargets.put("million", bad.url("/million").toString());
            badTargets.put("bomb", bad.url("/bomb").toString());

            List<String> healthy = new ArrayList<>();
            StringBuilder yaml = new StringBuilder("scrape: {interval: 1s, timeout: 800ms}\nwindow: 10s\ntargets:\n");
            for (int i = 0; i < fleet.size(); i++) {
                healthy.add(fleet.engineUrl(i).toString());
                yaml.append("  - {url: '").append(fleet.engineUrl(i)).append("', namespace: ns, pod: ")
                        .append(fleet.podName(i)).append(", inferenceService: chat}\n");
            }
            healthy.add(fleet.gpuUrl().toString());
            yaml.append("  - {url: '").append(fleet.gpuUrl()).append("', kind: dcgm}\n");
            badTargets.forEach((name, url) -> yaml.append("  - {url: '").append(url).append("', namespace: ns, pod: bad-")
                    .append(name).append(", inferenceService: broken}\n"));
            TelemetryConfig config = TelemetryConfigLoader.parse(yaml.toString(), "isolation");

            try (TelemetryPipeline pipeline = new TelemetryPipeline(config, ScraperOptions.DEFAULT, 3,
                    Clock.systemUTC())) {
                pipeline.start();
                await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> healthy.stream().allMatch(url ->
                        status(pipeline.report(), url).up()));
                // Watch for ten intervals: every bad target is tried several times meanwhile.
                long end = System.currentTimeMillis() + 10 * INTERVAL.toMillis();
                int checks = 0;
                while (System.currentTimeMillis() < end) {
                    TelemetryReport report = pipeline.report();
                    long now = System.currentTimeMillis();
                    for (String url : healthy) {
                        TargetStatus s = status(report, url);
                        assertThat(s.stale()).as(url + " stale at check " + checks).isFalse();
                        assertThat(now - s.lastSuccessMillis()).as(url + " age of last success")
                                .isLessThanOrEqualTo(2 * INTERVAL.toMillis() + 500);
                    }
                    assertThat(report.component("ns", "chat", "engine").orElseThrow().podsWithData()
                            .get("queue_length")).isEqualTo(3);
                    checks++;
                    Thread.sleep(100);
                }
                TelemetryReport report = pipeline.report();
                badTargets.forEach((name, url) -> {
                    TargetStatus s = status(report, url);
                    assertThat(s.up()).as(name + " is down").isFalse();
                    assertThat(s.lastError()).as(name + " says why").isNotBlank();
                    assertThat(s.consecutiveFailures()).as(name + " was retried").isGreaterThanOrEqualTo(2);
                });
                assertThat(status(report, badTargets.get("million")).lastError()).containsIgnoringCase("series");
                assertThat(status(report, badTargets.get("bomb")).lastError()).containsIgnoringCase("bytes");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static TargetStatus status(TelemetryReport report, String url) {
        return report.targets().stream().filter(t -> t.target().equals(url)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + url + " in " + report.targets()));
    }

    /** 10⁶ series in 16 MB: under the body cap, so the parser's series limit is what refuses it. */
    private static String millionSeries() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            out.writeBytes(("a{b=\"" + i + "\"} 1\n").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
