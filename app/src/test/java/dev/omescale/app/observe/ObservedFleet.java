package dev.omescale.app.observe;

import dev.omescale.app.serve.Serve;
import dev.omescale.app.serve.ServeConfigLoader;
import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.keda.proto.GetMetricsRequest;
import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.scaler.observe.ConflictKind;
import dev.omescale.scaler.observe.ControllerMetrics;
import dev.omescale.scaler.observe.WriteResult;
import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import dev.omescale.telemetry.testing.FakeExporter;
import dev.omescale.telemetry.testing.PrometheusServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Everything the dashboards read, running on loopback: {@code omescale serve} (in process) deciding for a demo
 * vLLM fleet with KEDA and the metrics API under steady traffic; a stand-in for the controller's
 * {@link ControllerMetrics} on its own {@link ObservabilityServer} (until the controller lands); an SGLang exporter
 * and a second dcgm-exporter made from the real captures; and the real Prometheus scraping all of them every second.
 */
final class ObservedFleet implements AutoCloseable {
    static final String NS = "ns";
    static final String ISVC = "chat";
    static final String SGLANG_POD = "chat-engine-sglang-0";

    final DemoFleet fleet;
    final Serve serve;
    final PrometheusRegistry controllerRegistry = new PrometheusRegistry();
    final ControllerMetrics controller = new ControllerMetrics(controllerRegistry);
    final ObservabilityServer controllerServer;
    final FakeExporter exporters;
    final PrometheusServer prometheus;
    final PromApi api;
    final int targets;
    private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "observed-fleet-traffic");
        t.setDaemon(true);
        return t;
    });
    private final ManagedChannel keda;
    private final HttpClient https;
    final AtomicLong kedaCalls = new AtomicLong();
    final AtomicLong adapterCalls = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();

    private ObservedFleet(Path dir) throws Exception {
        fleet = DemoFleet.start(new DemoFleet.Options(NS, ISVC, List.of(DemoLoad.steady(3), DemoLoad.steady(3)),
                Duration.ofMillis(50)));
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
                adapter:
                  listen: 127.0.0.1:0
                  tls: {selfSigned: true}
                  authentication: none
                metrics: {listen: 127.0.0.1:0}
                inferenceServices: [chat.yaml]
                """.formatted(fleet.engineUrl(0), fleet.podName(0), fleet.engineUrl(1), fleet.podName(1),
                fleet.gpuUrl()));
        serve = Serve.start(ServeConfigLoader.load(dir.resolve("serve.yaml")), 3, Clock.systemUTC());
        controllerServer = ObservabilityServer.start(new MetricsListen("127.0.0.1", 0),
                new MetricsEndpoint(controllerRegistry), routes -> { });
        controller.setLeader(true);

        CapturePages sglang = CapturePages.of("sglang-sample-docs.prom");
        CapturePages dcgm = CapturePages.of("dcgm-sample.prom");
        exporters = FakeExporter.start()
                .serve("/sglang/metrics", ex -> FakeExporter.page("text/plain; version=0.0.4", sglang.page())
                        .respond(ex))
                .serve("/dcgm/metrics", ex -> FakeExporter.page(null, dcgmPage(dcgm)).respond(ex));

        keda = ManagedChannelBuilder.forAddress("127.0.0.1", serve.kedaPort()).usePlaintext().build();
        https = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
        traffic.scheduleWithFixedDelay(this::someTraffic, 0, 200, TimeUnit.MILLISECONDS);

        String engineLabels = "namespace: ns, ome_io_inferenceservice: chat, component: engine";
        String yaml = """
                global: {scrape_interval: 1s, scrape_timeout: 900ms}
                scrape_configs:
                  - job_name: omescale
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: omescale-controller
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: vllm
                    static_configs:
                      - {targets: ['%s'], labels: {%s, pod: %s}}
                      - {targets: ['%s'], labels: {%s, pod: %s}}
                  - job_name: sglang
                    metrics_path: /sglang/metrics
                    static_configs: [{targets: ['%s'], labels: {%s, pod: %s}}]
                  - job_name: dcgm-exporter
                    honor_labels: true
                    static_configs: [{targets: ['%s']}]
                  - job_name: dcgm-exporter-node-2
                    honor_labels: true
                    metrics_path: /dcgm/metrics
                    static_configs: [{targets: ['%s']}]
                """.formatted(serve.metricsPort(), controllerServer.port(),
                hostPort(fleet.engineUrl(0)), engineLabels, fleet.podName(0),
                hostPort(fleet.engineUrl(1)), engineLabels, fleet.podName(1),
                hostPort(exporters.url("/")), engineLabels, SGLANG_POD,
                hostPort(fleet.gpuUrl()), hostPort(exporters.url("/")));
        targets = 7;
        prometheus = PrometheusServer.start(yaml);
        api = new PromApi(prometheus.url());
    }

    static ObservedFleet start(Path dir) throws Exception {
        return new ObservedFleet(dir);
    }

    /** The second node's dcgm-exporter: the L4 capture attributed to the SGLang pod, plus XID and SM activity. */
    private static String dcgmPage(CapturePages dcgm) {
        String attribution = ",namespace=\"" + NS + "\",pod=\"" + SGLANG_POD + "\",container=\"sglang\"";
        String page = dcgm.page(1, Map.of("Hostname=\"i-030791dc5a37cd257\"", attribution));
        String labels = page.lines().filter(l -> l.startsWith("DCGM_FI_DEV_GPU_UTIL{")).findFirst().orElseThrow();
        labels = labels.substring(labels.indexOf('{'), labels.lastIndexOf('}') + 1);
        // Enabled in dcgm-exporter's default and DCP counter lists (reference/metrics/dcgm-*.csv), absent from
        // the L4 capture: XIDs only print once the field is watched, SM activity only with profiling on.
        return page + "# HELP DCGM_FI_DEV_XID_ERRORS Value of the last XID error encountered.\n"
                + "# TYPE DCGM_FI_DEV_XID_ERRORS gauge\n"
                + "DCGM_FI_DEV_XID_ERRORS" + labels + " 0\n"
                + "# HELP DCGM_FI_PROF_SM_ACTIVE The ratio of cycles an SM has at least 1 warp assigned.\n"
                + "# TYPE DCGM_FI_PROF_SM_ACTIVE gauge\n"
                + "DCGM_FI_PROF_SM_ACTIVE" + labels + " 0.420000\n";
    }

    /** KEDA's and the HPA's calls, and the controller's writes, as a cluster would make them. */
    private void someTraffic() {
        try {
            ExternalScalerGrpc.ExternalScalerBlockingStub stub = ExternalScalerGrpc.newBlockingStub(keda)
                    .withDeadlineAfter(2, TimeUnit.SECONDS);
            ScaledObjectRef ref = ScaledObjectRef.newBuilder().setName("chat-engine").setNamespace(NS)
                    .putScalerMetadata("inferenceService", ISVC).putScalerMetadata("signal", "concurrency")
                    .putScalerMetadata("target", "5").build();
            String name = stub.getMetricSpec(ref).getMetricSpecs(0).getMetricName();
            stub.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName(name).build());
            stub.isActive(ref);
            kedaCalls.addAndGet(3);
        } catch (RuntimeException e) {
            // before the first decision the scaler answers UNAVAILABLE; counted like any other code
        }
        try {
            https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + serve.adapterPort()
                    + "/apis/custom.metrics.k8s.io/v1beta2/namespaces/ns/pods/*/queue_length"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            adapterCalls.incrementAndGet();
        } catch (Exception e) {
            // the next round tries again
        }
        controller.recordWrite(NS, ISVC, "engine", WriteResult.APPLIED, Duration.ofMillis(12));
        if (rounds.incrementAndGet() % 5 == 0) {
            controller.recordConflict(NS, ISVC, "engine", ConflictKind.STALE_RESOURCE_VERSION);
        }
    }

    private static String hostPort(URI url) {
        return url.getHost() + ":" + url.getPort();
    }

    /** The adapter's development certificate is self-signed; these checks are about metrics, not trust. */
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

    @Override
    public void close() {
        traffic.shutdownNow();
        keda.shutdownNow();
        prometheus.close();
        exporters.close();
        controllerServer.close();
        serve.close();
        fleet.close();
    }
}
