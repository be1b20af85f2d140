package dev.omescale.telemetry.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The real Prometheus server (Debian's package), started on loopback for a test with a scrape configuration the
 * test writes. Tests compare omescale against it, so it must be the real thing: a missing binary fails the test
 * with instructions rather than skipping it.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final Path BINARY = Path.of(System.getenv().getOrDefault("OMESCALE_PROMETHEUS", "/usr/bin/prometheus"));

    private final Process process;
    private final Path dir;
    private final int port;

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts Prometheus with {@code scrapeConfigYaml} (a whole prometheus.yml) and waits until it is ready. */
    public static PrometheusServer start(String scrapeConfigYaml) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Prometheus not found at " + BINARY + "; install Debian's package with "
                    + "'apt-get install -y --no-install-recommends prometheus' (bash .ci/run does), or point "
                    + "OMESCALE_PROMETHEUS at a prometheus binary");
        }
        Path dir = Files.createTempDirectory("omescale-prometheus");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, scrapeConfigYaml);
        int port = freePort();
        Process p = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(p, dir, port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            await("Prometheus ready on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("Prometheus exited: " + server.log());
                        }
                        try {
                            return http.send(HttpRequest.newBuilder(server.url().resolve("/-/ready")).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
