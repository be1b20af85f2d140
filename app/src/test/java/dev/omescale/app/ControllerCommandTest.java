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
import dev.omescale.telemetry.testing.FakeExporter;
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
import java.util.concurrent.atomic.AtomicInteger;
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
            ControllerOptions o = ControllerOptions.parse(new String[] {
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

    /**
     * The whole command on the mock cluster with pods pointing at loopback vLLM pages: scraped load scales the
     * engine up, and the one {@code /metrics} beside {@code /healthz} shows what the controller decided and wrote,
     * that it leads, what it scraped, and the requests its KEDA scaler and metrics API served.
     */
    @Test
    void scrapedLoadScalesAndMetricsShowTheDecisionTheWriteAndTheLease() throws Exception {
        AtomicInteger running = new AtomicInteger(5);
        try (MockCluster cluster = new MockCluster(); FakeExporter exporter = FakeExporter.start()) {
            GenericKubernetesResource isvc = Isvcs.annotate(cluster.sample("Qwen_qwen3-8b.yaml"), Map.of(
                    "ome.io/autoscalerClass", "external",
                    "omescale.dev/behavior", Isvcs.EXTERNAL_THRESHOLD.get("omescale.dev/behavior")));
            Isvcs.bounds(isvc, "engine", 2, 8);
            Isvcs.component(isvc, "engine").put("scaleMetric", "concurrency");
            Isvcs.component(isvc, "engine").put("scaleTarget", 10);
            Isvcs.componentAnnotations(isvc, "router", Map.of("ome.io/autoscalerClass", "hpa"));
            cluster.create(isvc);
            cluster.deployment("qwen3-8b", "qwen3-8b", "engine", 2);
            for (int i = 0; i < 2; i++) {
                String path = "/engine/" + i + "/metrics";
                exporter.serve(path, exchange -> FakeExporter.page("text/plain; version=0.0.4; charset=utf-8",
                        "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{engine=\"0\"} "
                                + running.get() + "\n# TYPE vllm:num_requests_waiting gauge\n"
                                + "vllm:num_requests_waiting{engine=\"0\"} 0\n").respond(exchange));
                cluster.scrapedPod("qwen3-8b", "qwen3-8b", "engine", "qwen3-8b-engine-" + i, exporter.url(path));
            }
            Path adapterConfig = dir.resolve("adapter.yaml");
            Files.writeString(adapterConfig, "{listen: 127.0.0.1:0, tls: {selfSigned: true}, authentication: none}");
            ControllerOptions o = ControllerOptions.parse(new String[] {
                "--kubeconfig", kubeconfig(cluster.url()).toString(), "--tick", "200ms", "--scrape-interval", "200ms",
                "--listen", "127.0.0.1:0", "--identity", "omescale-0", "--dcgm-selector", "none",
                "--keda-listen", "127.0.0.1:0", "--adapter-config", adapterConfig.toString()}, Map.of());
            try (ControllerCommand.Running r = ControllerCommand.start(o)) {
                String base = "http://127.0.0.1:" + r.server().port();
                await().atMost(Duration.ofSeconds(15)).until(() -> get(base + "/readyz").statusCode() == 200);
                await().atMost(Duration.ofSeconds(15)).until(() -> get(base + "/metrics").body()
                        .contains("omescale_leader 1.0"));
                running.set(30); // 30 in flight per pod, target 10: 6 replicas
                await().atMost(Duration.ofSeconds(15)).until(() -> cluster.replicas("qwen3-8b", "qwen3-8b-engine")
                        == 6);

                HttpClient https = HttpClient.newBuilder().sslContext(trustAll()).build();
                HttpResponse<String> external = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + r.adapter().port() + "/apis/external.metrics.k8s.io/v1beta1/namespaces/qwen3-8b/"
                        + "desired_replicas?labelSelector=inferenceservice%3Dqwen3-8b,component%3Dengine")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(external.statusCode()).as(external.body()).isEqualTo(200);
                assertThat(external.body()).contains("\"metricName\":\"desired_replicas\"");
                ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", r.keda().port())
                        .usePlaintext().build();
                try {
                    ScaledObjectRef ref = ScaledObjectRef.newBuilder().setName("qwen3-8b-engine")
                            .setNamespace("qwen3-8b").putScalerMetadata("inferenceService", "qwen3-8b")
                            .putScalerMetadata("signal", "desired_replicas").build();
                    ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .getMetricSpec(ref);
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }

                // the exposition sorts labels by name
                String engine = "component=\"engine\",inferenceservice=\"qwen3-8b\",namespace=\"qwen3-8b\"";
                String metrics = await().atMost(Duration.ofSeconds(10)).until(() -> get(base + "/metrics").body(),
                        m -> m.contains("omescale_component_replicas{" + engine + "} 6.0"));
                assertThat(get(base + "/healthz").body()).isEqualTo("ok");
                assertThat(metrics)
                        .containsPattern("omescale_scale_writes_total\\{" + java.util.regex.Pattern.quote(engine)
                                + ",result=\"applied\"} [1-9][0-9]*\\.0")
                        .containsPattern("omescale_scale_write_duration_seconds_count [1-9]")
                        .contains("omescale_leader 1.0")
                        .contains("omescale_component_desired_replicas{" + engine + "} 6.0")
                        .contains("omescale_component_min_replicas{" + engine + "} 2.0")
                        .contains("omescale_component_max_replicas{" + engine + "} 8.0")
                        .contains("omescale_decisions_total{" + engine + ",outcome=\"scale_up\"")
                        .contains("omescale_signal_value{" + engine + ",policy=\"hpa\",signal=\"concurrency\"}")
                        .contains("omescale_signal_target{" + engine + ",policy=\"hpa\",signal=\"concurrency\"} 10.0")
                        .contains("omescale_scrape_up{component=\"engine\",inferenceservice=\"qwen3-8b\","
                                + "kind=\"engine\",namespace=\"qwen3-8b\",target=\"qwen3-8b-engine-0\"} 1.0")
                        .contains("omescale_keda_requests_total{code=\"OK\",method=\"GetMetricSpec\"} 1.0")
                        .contains("omescale_adapter_requests_total{code=\"200\"");
            }
        }
    }

    /** The adapter's development certificate is self-signed; this test checks routes, not trust. */
    private static javax.net.ssl.SSLContext trustAll() throws Exception {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, new java.security.SecureRandom());
        return ctx;
    }

    @Test
    void telemetryOptionsBecomeTheDiscoveryConfiguration() throws Exception {
        ControllerOptions defaults = ControllerOptions.parse(new String[] {"--tick", "2s"}, Map.of());
        assertThat(defaults.discovery().enginePort()).isEqualTo(8080);
        assertThat(defaults.discovery().enginePath()).isEqualTo("/metrics");
        assertThat(defaults.discovery().dcgmSelector()).containsExactly(Map.entry("app.kubernetes.io/name",
                "dcgm-exporter"));
        assertThat(defaults.discovery().dcgmNamespace()).isNull();
        assertThat(defaults.discovery().scrapeInterval()).isEqualTo(Duration.ofSeconds(2)); // the tick
        assertThat(defaults.discovery().scrapeTimeout()).isEqualTo(Duration.ofMillis(1600));
        assertThat(defaults.maxUsageAge()).isEqualTo(Duration.ofSeconds(120));

        ControllerOptions o = ControllerOptions.parse(new String[] {"--namespace", "team-a",
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
        assertThat(ControllerOptions.parse(new String[] {"--dcgm-selector", "none"}, Map.of()).discovery()
                .dcgmSelector()).isEmpty();

        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--metrics-port", "0"}, Map.of()))
                .hasMessageContaining("--metrics-port").hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--metrics-path", "metrics"}, Map.of()))
                .hasMessageContaining("/metrics");
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--dcgm-selector", "app in (a)"}, Map.of()))
                .hasMessageContaining("--dcgm-selector").hasMessageContaining("key=value");
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--scrape-interval", "0s"}, Map.of()))
                .hasMessageContaining("--scrape-interval");
        Path bad = dir.resolve("bad-adapter.yaml");
        Files.writeString(bad, "{listen: 127.0.0.1:0, tls: {selfSigned: true}}");
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--adapter-config", bad.toString()},
                Map.of())).hasMessageContaining("--adapter-config").hasMessageContaining("authentication");
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--adapter-config",
            dir.resolve("absent.yaml").toString()}, Map.of())).hasMessageContaining("cannot read");
    }

    @Test
    void writeReplicasOffIsMetricsOnlyWithoutLeaderElection() throws Exception {
        ControllerOptions defaults = ControllerOptions.parse(new String[0], Map.of());
        assertThat(defaults.writeReplicas()).isTrue();
        assertThat(defaults.leaderElection()).isTrue();
        ControllerOptions metricsOnly = ControllerOptions.parse(new String[] {"--write-replicas", "off"},
                Map.of());
        assertThat(metricsOnly.writeReplicas()).isFalse();
        assertThat(metricsOnly.leaderElection()).as("nothing to lead when nothing is written").isFalse();
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--write-replicas", "off",
            "--leader-election", "on"}, Map.of())).hasMessageContaining("--write-replicas off writes nothing")
                .hasMessageContaining("drop --leader-election");
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--write-replicas", "no"}, Map.of()))
                .hasMessageContaining("on or off");

        try (MockCluster cluster = new MockCluster()) {
            GenericKubernetesResource isvc = Isvcs.annotate(cluster.sample("Qwen_qwen3-8b.yaml"),
                    Isvcs.EXTERNAL_THRESHOLD);
            Isvcs.bounds(isvc, "engine", 1, 4);
            Isvcs.componentAnnotations(isvc, "router", Map.of("ome.io/autoscalerClass", "hpa"));
            cluster.create(isvc);
            cluster.deployment("qwen3-8b", "qwen3-8b", "engine", 2);
            cluster.deployment("qwen3-8b", "qwen3-8b", "router", 1);
            ControllerOptions o = ControllerOptions.parse(new String[] {
                "--kubeconfig", kubeconfig(cluster.url()).toString(), "--tick", "200ms", "--listen",
                "127.0.0.1:0", "--write-replicas", "off"}, Map.of());
            try (ControllerCommand.Running running = ControllerCommand.start(o)) {
                assertThat(running.banner()).contains("metrics-only (--write-replicas off: writes nothing)")
                        .contains("leader election off");
                String base = "http://127.0.0.1:" + running.server().port();
                await().atMost(Duration.ofSeconds(15)).until(() -> get(base + "/explain/qwen3-8b/qwen3-8b")
                        .statusCode() == 200);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int code = Omescale.run(new String[] {"explain", "qwen3-8b/qwen3-8b", "--server", base},
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
                assertThat(code).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8))
                        .contains("omescale writes: no (metrics-only mode (--write-replicas off): the controller "
                                + "writes nothing; otherwise: class external: omescale scales Deployment "
                                + "qwen3-8b-engine")
                        .contains("applied: METRICS_ONLY (metrics-only mode (--write-replicas off)");
            }
            assertThat(cluster.calls()).filteredOn(c -> !"test-admin".equals(c.userAgent()))
                    .as("requests of the metrics-only controller").isNotEmpty()
                    .allSatisfy(c -> assertThat(c.method()).isEqualTo("GET"));
        }
    }

    @Test
    void badOptionsAreUsageErrorsThatSayWhatToWrite() {
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--tick", "5"}, Map.of()))
                .hasMessageContaining("--tick").hasMessageContaining("5s");
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--leader-election", "yes"}, Map.of()))
                .hasMessageContaining("on or off");
        assertThatThrownBy(() -> ControllerOptions.parse(new String[] {"--listen", "8080"}, Map.of()))
                .hasMessageContaining("HOST:PORT");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Omescale.run(new String[] {"explain", "llama-chat"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not NAMESPACE/NAME");
    }
}
