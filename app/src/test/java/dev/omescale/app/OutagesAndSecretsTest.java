package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.omescale.app.serve.Serve;
import dev.omescale.app.serve.ServeConfig;
import dev.omescale.app.serve.ServeConfigLoader;
import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.keda.proto.GetMetricsRequest;
import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.telemetry.config.ConfigException;
import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code omescale serve} with everything around it failing, and credentials everywhere a user might put them: an
 * unreachable Prometheus (with user info in the InferenceService's promServerAddress), a scrape target that refuses connections (with user info), a
 * KEDA PromQL passthrough to an unreachable server (with user info), and configuration errors on URLs with user
 * info. Decisions hold the current replicas; no password appears in the log (slf4j-simple writes to
 * {@code System.err}, captured here), in gRPC errors or in configuration errors.
 */
class OutagesAndSecretsTest {
    private static final List<String> SECRETS = List.of("scrape-s3cret", "keda-s3cret",
            "isvc-s3cret", "config-s3cret");
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
        System.err.print(log.toString(StandardCharsets.UTF_8));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void prometheusAndATargetDownDecisionsHoldAndNoSecretIsShown(@TempDir Path dir) throws Exception {
        int dead = closedPort();
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat",
                List.of(DemoLoad.steady(1), DemoLoad.steady(1)), Duration.ofMillis(50)))) {
            // Threshold policy only: its query is the one source of load, and Prometheus cannot be reached.
            Files.writeString(dir.resolve("chat.yaml"), """
                    apiVersion: ome.io/v1beta1
                    kind: InferenceService
                    metadata:
                      name: chat
                      namespace: ns
                      annotations:
                        ome.io/autoscalerClass: external
                        omescale.dev/policy: threshold
                    spec:
                      model: {name: llama}
                      kedaConfig:
                        promServerAddress: http://isvc-user:isvc-s3cret@127.0.0.1:%d
                        customPromQuery: sum(vllm:num_requests_waiting{namespace="ns"})
                        scalingThreshold: "5"
                        scalingOperator: GreaterThanOrEqual
                      engine: {minReplicas: 1, maxReplicas: 6}
                    """.formatted(dead));
            Files.writeString(dir.resolve("serve.yaml"), """
                    scrape: {interval: 300ms, timeout: 250ms}
                    window: 3s
                    targets:
                      - {url: %s, namespace: ns, pod: %s, inferenceService: chat}
                      - {url: %s, namespace: ns, pod: %s, inferenceService: chat}
                      - {url: 'http://scraper:scrape-s3cret@127.0.0.1:%d/metrics', namespace: ns, pod: gone,
                         inferenceService: other}
                    keda: {listen: 127.0.0.1:0}
                    prometheus: {url: 'http://127.0.0.1:%d'}
                    inferenceServices: [chat.yaml]
                    """.formatted(fleet.engineUrl(0), fleet.podName(0), fleet.engineUrl(1), fleet.podName(1), dead,
                    dead));
            ServeConfig config = ServeConfigLoader.load(dir.resolve("serve.yaml"));
            List<String> grpcErrors = new ArrayList<>();
            try (Serve serve = Serve.start(config, 3, Clock.systemUTC())) {
                ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", serve.kedaPort())
                        .usePlaintext().build();
                try {
                    var keda = ExternalScalerGrpc.newBlockingStub(channel);
                    ScaledObjectRef desired = ScaledObjectRef.newBuilder().setName("chat-engine").setNamespace("ns")
                            .putScalerMetadata("inferenceService", "chat").build();
                    // Over many ticks the decision stays at the two replicas there are: no data never scales down.
                    List<Double> seen = new ArrayList<>();
                    long end = System.currentTimeMillis() + 4_000;
                    while (System.currentTimeMillis() < end) {
                        try {
                            var k = keda.withDeadlineAfter(5, TimeUnit.SECONDS);
                            String name = k.getMetricSpec(desired).getMetricSpecs(0).getMetricName();
                            seen.add(k.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(desired)
                                    .setMetricName(name).build()).getMetricValues(0).getMetricValueFloat());
                        } catch (StatusRuntimeException e) {
                            grpcErrors.add(e.getStatus().toString()); // before the first decision
                        }
                        Thread.sleep(200);
                    }
                    assertThat(seen).as("decisions seen").hasSizeGreaterThan(5).containsOnly(2.0);

                    // A passthrough to an unreachable server with credentials: UNAVAILABLE, without them.
                    ScaledObjectRef passthrough = ScaledObjectRef.newBuilder().setName("q").setNamespace("ns")
                            .putScalerMetadata("query", "sum(up)").putScalerMetadata("threshold", "1")
                            .putScalerMetadata("serverAddress", "http://keda-user:keda-s3cret@127.0.0.1:" + dead)
                            .build();
                    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> keda
                            .withDeadlineAfter(10, TimeUnit.SECONDS).getMetrics(GetMetricsRequest.newBuilder()
                                    .setScaledObjectRef(passthrough).setMetricName("q").build()));
                    assertThat(e).isNotNull();
                    grpcErrors.add(e.getStatus().toString());
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
            assertNoSecrets("gRPC errors", String.join("\n", grpcErrors));
            assertNoSecrets("log", log.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void configurationErrorsOnUrlsWithCredentialsDoNotRepeatThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("serve.yaml"), """
                targets:
                  - {url: 'http://u:config-s3cret@:99999/metrics'}
                  - {url: 'ftp://u:config-s3cret@host/metrics'}
                keda: {listen: 127.0.0.1:0}
                prometheus: {url: 'http://u:config-s3cret@prometheus:9090'}
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ServeConfigLoader.load(dir.resolve("serve.yaml")));
        assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(3)
                .contains("prometheus.url: 'http://***@prometheus:9090' carries user info; this section takes no"
                        + " credentials: give the address without them, e.g. prometheus: {url: http://127.0.0.1:9090}");
        assertNoSecrets("configuration error", e.getMessage());
        // And through the command line, which prints the error.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Omescale.run(new String[] {"serve", "--config", dir.resolve("serve.yaml").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("prometheus.url");
        assertNoSecrets("omescale serve's error output", err.toString(StandardCharsets.UTF_8));
    }

    private static void assertNoSecrets(String where, String text) {
        for (String secret : SECRETS) {
            assertThat(text).as(where + " must not show " + secret).doesNotContain(secret);
        }
    }
}
