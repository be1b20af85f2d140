package dev.omescale.keda;

import static dev.omescale.keda.Views.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.scaler.view.LatestScalingView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An independent client: Python's gRPC (Debian's python3-grpcio) with stubs that grpc_tools.protoc (Debian's
 * python3-grpc-tools) generates from the project's .proto during this test, calling every rpc as KEDA does,
 * including StreamIsActive and StreamMetricSpec with cancel. Debian's interpreter is used explicitly: a
 * {@code python3} on PATH may be another one without grpc.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonClientTest {
    static final Path PYTHON = Path.of(System.getenv().getOrDefault("OMESCALE_PYTHON", "/usr/bin/python3"));
    static final Path PROTO = Path.of("src/main/proto/externalscaler.proto");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path dir;
    private Path script;
    private final LatestScalingView view = new LatestScalingView(Views.at(Instant.now()).build());

    @BeforeAll
    void generateStubs(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Process protoc = new ProcessBuilder(PYTHON.toString(), "-m", "grpc_tools.protoc",
                "-I" + PROTO.toAbsolutePath().getParent(), "--python_out=" + stubs, "--grpc_python_out=" + stubs,
                PROTO.getFileName().toString()).redirectErrorStream(true).start();
        String output = new String(protoc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(protoc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(protoc.exitValue()).as("grpc_tools.protoc failed (install Debian's python3-grpcio and"
                + " python3-grpc-tools; bash .ci/run does): %s", output).isZero();
        assertThat(stubs.resolve("externalscaler_pb2_grpc.py")).exists();
        script = dir.resolve("keda_client.py");
        try (InputStream in = PythonClientTest.class.getResourceAsStream("/python/keda_client.py")) {
            Files.copy(in, script);
        }
        Instant now = Instant.now();
        view.publish(Views.at(now).component(ENGINE, 3, "queue_length", 17.0, "kv_cache_utilization", 0.85,
                "ttft_p95_seconds", null).ready(ENGINE, 3).decision(ENGINE, 4, now).build());
    }

    private Process python(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(),
                dir.resolve("stubs").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(dir.resolve("python-stderr.txt").toFile()).start();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("python-stderr.txt"));
    }

    @Test
    void callsEveryRpcAndCancelsBothStreams() throws Exception {
        try (KedaScalerServer server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0), view,
                null)) {
            Process p = python("127.0.0.1:" + server.port());
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the client's report; stderr: %s", stderr()).isNotNull();
            JsonNode r = JSON.readTree(line);

            // Both streams were cancelled and the client is still connected: the server dropped them.
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openStreams() == 0);
            try (OutputStream in = p.getOutputStream()) {
                in.write('\n');
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("python exit; stderr: %s", stderr()).isZero();

            // Additive: 17 waiting, target 5 → the HPA's ceil(17 / 5) = 4.
            assertThat(r.at("/queue/spec/0/metricName").asString()).isEqualTo("omescale-engine-queue_length");
            assertThat(r.at("/queue/spec/0/targetSizeFloat").asDouble()).isEqualTo(5.0);
            assertThat(r.at("/queue/spec/0/targetSize").asLong()).isEqualTo(5);
            assertThat(r.at("/queue/values").size()).isEqualTo(1);
            assertThat(r.at("/queue/values/0/metricValueFloat").asDouble()).isEqualTo(17.0);
            assertThat(r.at("/queue/values/0/metricValue").asLong()).isEqualTo(17);
            assertThat(r.at("/queue/active").asBoolean()).isTrue();
            // Intensive: 0.85 × 3 ready = 2.55 (int 3), target 0.7 (int 1); activation reads 0.85, not above 0.9.
            assertThat(r.at("/kv/values/0/metricValueFloat").asDouble()).isBetween(2.549, 2.551);
            assertThat(r.at("/kv/values/0/metricValue").asLong()).isEqualTo(3);
            assertThat(r.at("/kv/spec/0/targetSize").asLong()).isEqualTo(1);
            assertThat(r.at("/kv/active").asBoolean()).isFalse();
            // desired_replicas: 4 with target 1.
            assertThat(r.at("/desired/values/0/metricValueFloat").asDouble()).isEqualTo(4.0);
            assertThat(r.at("/desired/spec/0/targetSizeFloat").asDouble()).isEqualTo(1.0);
            // Errors.
            assertThat(r.at("/badKey/code").asString()).isEqualTo("INVALID_ARGUMENT");
            assertThat(r.at("/badKey/details").asString()).contains("unknown key 'targt'", "did you mean 'target'");
            assertThat(r.at("/notFound/code").asString()).isEqualTo("NOT_FOUND");
            assertThat(r.at("/unavailable/code").asString()).isEqualTo("UNAVAILABLE");
            assertThat(r.at("/unavailable/details").asString()).contains("no fresh data for signal ttft_p95_seconds");
            // Streams: the current value first, then the client's cancel ends them.
            assertThat(r.at("/streamIsActive/first").asBoolean()).isTrue();
            assertThat(r.at("/streamIsActive/ended").asString()).isEqualTo("CANCELLED");
            assertThat(r.at("/streamMetricSpec/first/0/metricName").asString())
                    .isEqualTo("omescale-engine-queue_length");
            assertThat(r.at("/streamMetricSpec/ended").asString()).isEqualTo("CANCELLED");
        }
    }

    @Test
    void mutualTlsWithTheMaterialOfATriggerAuthentication() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
        try (KedaScalerServer server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0)
                .withTls(new TlsFiles(pki.serverCert(), pki.serverKey(), pki.caCert())), view, null)) {
            String target = "127.0.0.1:" + server.port();
            JsonNode withCert = run(python(target, pki.caCert().toString(), pki.clientCert().toString(),
                    pki.clientKey().toString()));
            assertThat(withCert.at("/tls/code").asString()).as("stderr: %s", stderr()).isEqualTo("OK");
            assertThat(withCert.at("/tls/poll/values/0/metricValueFloat").asDouble()).isEqualTo(4.0);

            JsonNode withoutCert = run(python(target, pki.caCert().toString(), "-"));
            assertThat(withoutCert.at("/tls/code").asString()).as("a client without a certificate is refused")
                    .isEqualTo("UNAVAILABLE");
        }
    }

    private JsonNode run(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python exit; stderr: %s", stderr()).isZero();
        return JSON.readTree(out);
    }
}
