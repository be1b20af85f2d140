package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.omescale.app.serve.Serve;
import dev.omescale.app.serve.ServeConfig;
import dev.omescale.app.serve.ServeConfigLoader;
import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.keda.proto.GetMetricsRequest;
import dev.omescale.keda.proto.GetMetricsResponse;
import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.telemetry.config.ConfigException;
import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code omescale serve} end to end: demo exporters → telemetry → decisions → KEDA gRPC and the metrics API. */
class ServeTest {

    @Test
    void servesSignalsAndDecisionsOverBothInterfaces(@TempDir Path dir) throws Exception {
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat",
                List.of(DemoLoad.steady(3), DemoLoad.steady(3)), Duration.ofMillis(50)))) {
            Files.writeString(dir.resolve("chat.yaml"), """
                    apiVersion: ome.io/v1beta1
                    kind: InferenceService
                    metadata:
                      name: chat
                      namespace: ns
                      annotations:
                        ome.io/autoscalerClass: external
                        omescale.dev/policy: hpa
                    spec:
                      model: {name: llama}
                      engine: {minReplicas: 1, maxReplicas: 6, scaleMetric: concurrency, scaleTarget: 5}
                    """);
            Files.writeString(dir.resolve("serve.yaml"), """
                    scrape: {interval: 500ms, timeout: 400ms}
                    window: 3s
                    targets:
                      - {url: %s, namespace: ns, pod: %s, inferenceService: chat}
                      - {url: %s, namespace: ns, pod: %s, inferenceService: chat}
                      - {url: %s, kind: dcgm}
                    keda: {listen: 127.0.0.1:0}
                    metrics: {listen: 127.0.0.1:0}
                    adapter:
                      listen: 127.0.0.1:0
                      tls: {selfSigned: true}
                      authentication: none
                    inferenceServices: [chat.yaml]
                    """.formatted(fleet.engineUrl(0), fleet.podName(0), fleet.engineUrl(1), fleet.podName(1),
                    fleet.gpuUrl()));
            ServeConfig config = ServeConfigLoader.load(dir.resolve("serve.yaml"));
            try (Serve serve = Serve.start(config, 3, Clock.systemUTC())) {
                ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", serve.kedaPort())
                        .usePlaintext().build();
                try {
                    ExternalScalerGrpc.ExternalScalerBlockingStub keda = ExternalScalerGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(5, TimeUnit.SECONDS);
                    ScaledObjectRef desired = ref("desired_replicas");
                    GetMetricsResponse replicas = await().atMost(Duration.ofSeconds(20))
                            .ignoreException(StatusRuntimeException.class)
                            .until(() -> keda.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(desired)
                                    .setMetricName(metricName(keda, desired)).build()), r -> r.getMetricValuesCount() == 1);
                    double desiredValue = replicas.getMetricValues(0).getMetricValueFloat();
                    assertThat(desiredValue).isBetween(1.0, 6.0);

                    // the first decision can come before a scrape has seen a request in flight: wait for one
                    GetMetricsResponse queue = await().atMost(Duration.ofSeconds(10)).until(() -> keda.getMetrics(
                            GetMetricsRequest.newBuilder().setScaledObjectRef(ref("concurrency"))
                                    .setMetricName(metricName(keda, ref("concurrency"))).build()),
                            r -> r.getMetricValues(0).getMetricValueFloat() > 0);
                    assertThat(queue.getMetricValues(0).getMetricValueFloat()).isPositive();

                    assertThatThrownBy(() -> keda.getMetrics(GetMetricsRequest.newBuilder()
                            .setScaledObjectRef(ScaledObjectRef.newBuilder().setName("so").setNamespace("ns")
                                    .putScalerMetadata("inferenceService", "nope")
                                    .putScalerMetadata("signal", "concurrency")
                                    .putScalerMetadata("target", "5"))
                            .setMetricName("omescale-engine-concurrency").build()))
                            .isInstanceOf(StatusRuntimeException.class)
                            .hasMessageStartingWith("NOT_FOUND");
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }

                HttpClient https = HttpClient.newBuilder().sslContext(trustAll()).build();
                HttpResponse<String> pods = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + serve.adapterPort() + "/apis/custom.metrics.k8s.io/v1beta2/namespaces/ns/pods/*/"
                        + "queue_length")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(pods.statusCode()).isEqualTo(200);
                assertThat(pods.body()).contains(fleet.podName(0)).contains(fleet.podName(1))
                        .contains("\"kind\":\"MetricValueList\"");
                HttpResponse<String> external = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + serve.adapterPort() + "/apis/external.metrics.k8s.io/v1beta1/namespaces/ns/"
                        + "desired_replicas?labelSelector=inferenceservice%3Dchat,component%3Dengine")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(external.statusCode()).isEqualTo(200);
                assertThat(external.body()).contains("\"metricName\":\"desired_replicas\"");
            }
        }
    }

    @Test
    void everyProblemOfEverySectionIsReportedAtOnce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("serve.yaml"), """
                window: 1s
                targets:
                  - url: http://127.0.0.1:8000/metrics
                keda: {listen: nowhere}
                prometheus: {url: ftp://x, user: me}
                inferenceServices: [missing.yaml]
                """);
        assertThatThrownBy(() -> ServeConfigLoader.load(dir.resolve("serve.yaml")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    List<String> problems = ((ConfigException) e).problems();
                    assertThat(problems).anyMatch(p -> p.startsWith("window:"));
                    assertThat(problems).anyMatch(p -> p.startsWith("keda.listen"));
                    assertThat(problems).contains("prometheus.user: unknown key; known keys are url");
                    assertThat(problems).anyMatch(p -> p.startsWith("prometheus.url: 'ftp://x' is not an absolute"));
                    assertThat(problems).anyMatch(p -> p.startsWith("inferenceServices[0]: cannot read"));
                });
    }

    @Test
    void serveWithoutAServerSectionSaysWhatIsMissing() {
        assertThatThrownBy(() -> ServeConfigLoader.parse("targets: [{url: http://127.0.0.1:8000/metrics}]",
                "serve.yaml", Path.of(".")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("omescale serve needs a keda or an adapter section");
    }

    /** KEDA asks GetMetricSpec first and then GetMetrics with the name it got. */
    private static String metricName(ExternalScalerGrpc.ExternalScalerBlockingStub keda, ScaledObjectRef ref) {
        return keda.getMetricSpec(ref).getMetricSpecs(0).getMetricName();
    }

    private static ScaledObjectRef ref(String signal) {
        ScaledObjectRef.Builder b = ScaledObjectRef.newBuilder().setName("chat-engine").setNamespace("ns")
                .putScalerMetadata("inferenceService", "chat").putScalerMetadata("signal", signal);
        if (!signal.equals("desired_replicas")) {
            b.putScalerMetadata("target", "5");
        }
        return b.build();
    }

    /** The adapter's development certificate is self-signed; this test checks routes, not trust. */
    private static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return ctx;
    }
}
