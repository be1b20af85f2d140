package dev.omescale.app.observe;

import dev.omescale.app.serve.Serve;
import dev.omescale.app.serve.ServeConfigLoader;
import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.keda.proto.GetMetricsRequest;
import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.app.controller.ControllerServer;
import dev.omescale.scaler.controller.ClusterSignals;
import dev.omescale.scaler.controller.Controller;
import dev.omescale.scaler.controller.ControllerConfig;
import dev.omescale.scaler.controller.leader.LeaseLeadership;
import dev.omescale.scaler.controller.testing.MockCluster;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.discovery.DiscoveryConfig;
import dev.omescale.scaler.discovery.ResourceUsageReader;
import dev.omescale.scaler.discovery.TargetDiscovery;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.scrape.ScrapeMetrics;
import dev.omescale.telemetry.scrape.ScraperOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * vLLM fleet with KEDA and the metrics API under steady traffic; the real controller (in process, on fabric8's mock
 * API server) scraping the same fleet through pods that point at it, and writing the engine's Deployment, served
 * on its own {@code /metrics}; an SGLang exporter and a second dcgm-exporter made from the real captures; and the
 * real Prometheus scraping all of them every second.
 *
 * <p>So that the controller's write and conflict panels have data from real code, another writer keeps resetting
 * the Deployment to 1 replica (the controller's InferenceService pins the engine to 3) and the API server answers
 * some of the controller's /scale writes with 409 Conflict, which it retries.
 */
final class ObservedFleet implements AutoCloseable {
    static final String NS = "ns";
    static final String ISVC = "chat";
    static final String SGLANG_POD = "chat-engine-sglang-0";

    final DemoFleet fleet;
    final Serve serve;
    /** The replicas the controller's InferenceService pins the engine to (min = max). */
    static final int CONTROLLER_REPLICAS = 3;
    final PrometheusRegistry controllerRegistry = new PrometheusRegistry();
    final MockCluster cluster = new MockCluster();
    final Controller controller;
    final ClusterSignals controllerSignals;
    final ControllerServer controllerServer;
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
        controller = startController();
        controllerSignals = signals;
        controllerServer = ControllerServer.start(controller, "127.0.0.1", 0,
                new MetricsEndpoint(controllerRegistry));

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

    private ClusterSignals signals;

    /**
     * The controller on the mock API server: InferenceService ns/chat as serve has it but with the engine pinned
     * to {@value #CONTROLLER_REPLICAS} replicas, its Deployment at 1, and the demo fleet's two engines as its pods.
     */
    private Controller startController() {
        GenericKubernetesResource isvc = cluster.admin.getKubernetesSerialization().unmarshal("""
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
                  engine: {minReplicas: %d, maxReplicas: %d, scaleMetric: concurrency, scaleTarget: 5}
                """.formatted(CONTROLLER_REPLICAS, CONTROLLER_REPLICAS), GenericKubernetesResource.class);
        cluster.create(isvc);
        cluster.deployment(NS, ISVC, "engine", 1);
        for (int i = 0; i < 2; i++) {
            cluster.scrapedPod(NS, ISVC, "engine", fleet.podName(i), fleet.engineUrl(i));
        }
        KubernetesClient client = cluster.client("omescale-controller");
        ControllerConfig config = ControllerConfig.defaults().withNamespace(NS).withTick(Duration.ofMillis(500))
                .withRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
        TargetDiscovery discovery = new TargetDiscovery(client, DiscoveryConfig.DEFAULT.withNamespace(NS)
                .withDcgm(Map.of(), null).withScrape(Duration.ofMillis(500), Duration.ofMillis(400)));
        signals = new ClusterSignals(discovery, new TelemetryPipeline(new TelemetryConfig(Duration.ofMillis(500),
                Duration.ofMillis(400), Duration.ofSeconds(3), List.of()), ScraperOptions.DEFAULT, 3,
                Clock.systemUTC(), new ScrapeMetrics(controllerRegistry)),
                new ResourceUsageReader(client, Clock.systemUTC()), Duration.ofMillis(400));
        Controller c = new Controller(client, config, StandardPolicies.engine(), signals, discovery,
                controllerRegistry, LeaseLeadership.Settings.defaults("default", "omescale-observed"),
                Clock.systemUTC(), "omescale-observed");
        signals.start();
        c.start();
        return c;
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
        // another writer resets the engine every second; every third time the controller's next write meets a
        // 409 Conflict first (a stale resourceVersion), which it reads again and retries
        long round = rounds.incrementAndGet();
        try {
            if (round % 5 == 0) {
                cluster.admin.apps().deployments().inNamespace(NS).withName("chat-engine").scale(1);
                if (round % 15 == 0) {
                    // after the reset, which writes the same /scale
                    cluster.failNext("PUT", "/deployments/chat-engine/scale", 409);
                }
            }
        } catch (RuntimeException e) {
            // the next round tries again
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
        controller.close();
        controllerSignals.close();
        cluster.close();
        serve.close();
        fleet.close();
    }
}
