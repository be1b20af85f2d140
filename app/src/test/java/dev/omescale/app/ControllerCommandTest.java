package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.keda.proto.GetMetricsRequest;
import dev.omescale.keda.proto.GetMetricsResponse;
import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.scaler.controller.testing.Isvcs;
import dev.omescale.scaler.controller.testing.MockCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code omescale controller} against the mock API server, and {@code omescale explain} against it. */
class ControllerCommandTest {

    @TempDir
    Path dir;

    private Path kubeconfig(String server) throws Exception {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: test, namespace: default}
                current-context: mock
                users:
                - name: test
                  user: {token: not-checked}
                """.formatted(server));
        return file;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void runsAgainstAClusterAndExplainPrintsEachComponentsDecision() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            GenericKubernetesResource isvc = Isvcs.annotate(cluster.sample("Qwen_qwen3-8b.yaml"),
                    Isvcs.EXTERNAL_THRESHOLD);
            Isvcs.bounds(isvc, "engine", 1, 4);
            Isvcs.componentAnnotations(isvc, "router", Map.of("ome.io/autoscalerClass", "hpa"));
            cluster.create(isvc);
            cluster.deployment("qwen3-8b", "qwen3-8b", "engine", 2);
            cluster.deployment("qwen3-8b", "qwen3-8b", "router", 1);
            ControllerCommand.Options o = ControllerCommand.parse(new String[] {
                "--kubeconfig", kubeconfig(cluster.url()).toString(), "--tick", "200ms", "--listen",
                "127.0.0.1:0", "--leader-election", "on", "--identity", "omescale-0", "--keda-listen", "127.0.0.1:0"},
                    Map.of());
            try (ControllerCommand.Running running = ControllerCommand.start(o)) {
                String base = "http://127.0.0.1:" + running.server().port();
                await().atMost(Duration.ofSeconds(15)).until(() -> get(base + "/readyz").statusCode() == 200);
                assertThat(get(base + "/healthz").body()).isEqualTo("ok");
                await().atMost(Duration.ofSeconds(15)).until(() -> get(base + "/explain/qwen3-8b/qwen3-8b")
                        .statusCode() == 200);

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = Omescale.run(new String[] {"explain", "qwen3-8b/qwen3-8b", "--server", base},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                String text = out.toString(StandardCharsets.UTF_8);
                assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
                assertThat(text).startsWith("qwen3-8b/qwen3-8b\n")
                        .contains("  engine: Deployment qwen3-8b-engine, replicas 2")
                        .contains("RawDeployment, class external, replicas [1, 4]")
                        .contains("omescale writes: yes (class external: omescale scales Deployment qwen3-8b-engine")
                        .contains("(hold: missing data)")
                        .contains("  router: Deployment qwen3-8b-router, replicas 1")
                        .contains("omescale writes: no (class hpa: OME's HPA qwen3-8b-router owns the replicas");
                // the KEDA external scaler serves the controller's decisions
                ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", running.keda().port())
                        .usePlaintext().build();
                try {
                    ExternalScalerGrpc.ExternalScalerBlockingStub keda = ExternalScalerGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(5, TimeUnit.SECONDS);
                    ScaledObjectRef ref = ScaledObjectRef.newBuilder().setName("qwen3-8b-engine")
                            .setNamespace("qwen3-8b").putScalerMetadata("inferenceService", "qwen3-8b")
                            .putScalerMetadata("signal", "desired_replicas").build();
                    GetMetricsResponse desired = await().atMost(Duration.ofSeconds(15))
                            .ignoreException(StatusRuntimeException.class)
                            .until(() -> keda.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref)
                                    .setMetricName(keda.getMetricSpec(ref).getMetricSpecs(0).getMetricName())
                                    .build()), r -> r.getMetricValuesCount() == 1);
                    assertThat(desired.getMetricValues(0).getMetricValueFloat()).isEqualTo(2.0);
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }

                // without Prometheus nothing drives a change, and nothing is written
                assertThat(cluster.replicas("qwen3-8b", "qwen3-8b-engine")).isEqualTo(2);
                assertThat(cluster.calls()).noneMatch(c -> c.path().contains("/scale") && c.method().equals("PUT"));
                assertThat(cluster.admin.leases().inNamespace("default").withName("omescale-controller").get()
                        .getSpec().getHolderIdentity()).isEqualTo("omescale-0");

                ByteArrayOutputStream err2 = new ByteArrayOutputStream();
                int missing = Omescale.run(new String[] {"explain", "qwen3-8b/nope", "--server", base},
                        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err2, true,
                                StandardCharsets.UTF_8));
                assertThat(missing).isEqualTo(1);
                assertThat(err2.toString(StandardCharsets.UTF_8)).contains("no decisions for InferenceService "
                        + "qwen3-8b/nope");
            }
            // closing released the Lease: fabric8 shortens it to 1 s so that the next candidate takes it at once
            assertThat(cluster.admin.leases().inNamespace("default").withName("omescale-controller").get()
                    .getSpec().getLeaseDurationSeconds()).isEqualTo(1);
        }
    }

    @Test
    void telemetryOptionsBecomeTheDiscoveryConfiguration() throws Exception {
        ControllerCommand.Options defaults = ControllerCommand.parse(new String[] {"--tick", "2s"}, Map.of());
        assertThat(defaults.discovery().enginePort()).isEqualTo(8080);
        assertThat(defaults.discovery().enginePath()).isEqualTo("/metrics");
        assertThat(defaults.discovery().dcgmSelector()).containsExactly(Map.entry("app.kubernetes.io/name",
                "dcgm-exporter"));
        assertThat(defaults.discovery().dcgmNamespace()).isNull();
        assertThat(defaults.discovery().scrapeInterval()).isEqualTo(Duration.ofSeconds(2)); // the tick
        assertThat(defaults.discovery().scrapeTimeout()).isEqualTo(Duration.ofMillis(1600));
        assertThat(defaults.maxUsageAge()).isEqualTo(Duration.ofSeconds(120));

        ControllerCommand.Options o = ControllerCommand.parse(new String[] {"--namespace", "team-a",
            "--metrics-port", "9090", "--metrics-path", "/prom", "--dcgm-selector", "app=dcgm,team=gpu",
            "--dcgm-namespace", "gpu-operator", "--scrape-interval", "10s", "--max-usage-age", "90s"}, Map.of());
        assertThat(o.discovery().namespace()).isEqualTo("team-a");
        assertThat(o.discovery().enginePort()).isEqualTo(9090);
        assertThat(o.discovery().enginePath()).isEqualTo("/prom");
        assertThat(o.discovery().dcgmSelector()).containsExactly(Map.entry("app", "dcgm"), Map.entry("team", "gpu"));
        assertThat(o.discovery().dcgmNamespace()).isEqualTo("gpu-operator");
        assertThat(o.discovery().scrapeInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.discovery().scrapeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.maxUsageAge()).isEqualTo(Duration.ofSeconds(90));
        assertThat(ControllerCommand.parse(new String[] {"--dcgm-selector", "none"}, Map.of()).discovery()
                .dcgmSelector()).isEmpty();

        assertThatThrownBy(() -> ControllerCommand.parse(new String[] {"--metrics-port", "0"}, Map.of()))
                .hasMessageContaining("--metrics-port").hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> ControllerCommand.parse(new String[] {"--metrics-path", "metrics"}, Map.of()))
                .hasMessageContaining("/metrics");
        assertThatThrownBy(() -> ControllerCommand.parse(new String[] {"--dcgm-selector", "app in (a)"}, Map.of()))
                .hasMessageContaining("--dcgm-selector").hasMessageContaining("key=value");
        assertThatThrownBy(() -> ControllerCommand.parse(new String[] {"--scrape-interval", "0s"}, Map.of()))
                .hasMessageContaining("--scrape-interval");
    }

    @Test
    void badOptionsAreUsageErrorsThatSayWhatToWrite() {
        assertThatThrownBy(() -> ControllerCommand.parse(new String[] {"--tick", "5"}, Map.of()))
                .hasMessageContaining("--tick").hasMessageContaining("5s");
        assertThatThrownBy(() -> ControllerCommand.parse(new String[] {"--leader-election", "yes"}, Map.of()))
                .hasMessageContaining("on or off");
        assertThatThrownBy(() -> ControllerCommand.parse(new String[] {"--listen", "8080"}, Map.of()))
                .hasMessageContaining("HOST:PORT");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Omescale.run(new String[] {"explain", "llama-chat"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not NAMESPACE/NAME");
    }
}
