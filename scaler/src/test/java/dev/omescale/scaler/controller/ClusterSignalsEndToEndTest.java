package dev.omescale.scaler.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.scaler.controller.testing.Isvcs;
import dev.omescale.scaler.controller.testing.MockCluster;
import dev.omescale.scaler.controller.testing.RbacAudit;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.discovery.DiscoveryConfig;
import dev.omescale.scaler.discovery.ResourceUsageReader;
import dev.omescale.scaler.discovery.TargetDiscovery;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.testing.FakeExporter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller with in-cluster telemetry and no fake signals: pods on the mock API server point at real loopback
 * exporters serving vLLM pages; discovery finds them, the pipeline scrapes them, and the controller scales the
 * engine's Deployment up when the scraped load rises and back down when it falls.
 */
class ClusterSignalsEndToEndTest {
    private static final String NS = "qwen3-8b";
    private static final String ISVC = "qwen3-8b";
    private static final String ENGINE = "qwen3-8b-engine";
    private static final Duration TICK = Duration.ofMillis(200);

    private final MockCluster cluster = new MockCluster();
    private final FakeExporter exporter = FakeExporter.start();
    /** Requests in flight per engine pod, as its page shows them. */
    private final AtomicInteger running = new AtomicInteger();
    private Controller controller;
    private ClusterSignals signals;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (signals != null) {
            signals.close();
        }
        exporter.close();
        cluster.close();
        assertThat(RbacAudit.undocumented(RbacAudit.used(cluster, "omescale-a")))
                .as("requests outside ControllerRbac.RULES").isEmpty();
    }

    @Test
    void scrapedLoadScalesTheEngineUpAndItsDropScalesItBackDown() {
        GenericKubernetesResource isvc = Isvcs.annotate(cluster.sample("Qwen_qwen3-8b.yaml"), Map.of(
                "ome.io/autoscalerClass", "external",
                "omescale.dev/behavior", Isvcs.EXTERNAL_THRESHOLD.get("omescale.dev/behavior")));
        Isvcs.bounds(isvc, "engine", 2, 8);
        Isvcs.component(isvc, "engine").put("scaleMetric", "concurrency");
        Isvcs.component(isvc, "engine").put("scaleTarget", 10);
        Isvcs.componentAnnotations(isvc, "router", Map.of("ome.io/autoscalerClass", "hpa"));
        cluster.create(isvc);
        cluster.deployment(NS, ISVC, "engine", 2);
        for (int i = 0; i < 2; i++) {
            String path = "/engine/" + i + "/metrics";
            exporter.serve(path, exchange -> FakeExporter.page("text/plain; version=0.0.4; charset=utf-8",
                    vllmPage(running.get())).respond(exchange));
            cluster.scrapedPod(NS, ISVC, "engine", ENGINE + "-" + i, exporter.url(path));
        }
        running.set(5); // 2 pods × 5 in flight against a target of 10 per pod: stays at 2

        KubernetesClient client = cluster.client("omescale-a");
        ControllerConfig config = ControllerConfig.defaults().withTick(TICK)
                .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1));
        DiscoveryConfig discoveryConfig = DiscoveryConfig.DEFAULT.withDcgm(Map.of(), null)
                .withScrape(Duration.ofMillis(100), Duration.ofMillis(500));
        TargetDiscovery discovery = new TargetDiscovery(client, discoveryConfig);
        TelemetryPipeline pipeline = new TelemetryPipeline(new TelemetryConfig(Duration.ofMillis(100),
                Duration.ofMillis(500), Duration.ofSeconds(2), List.of()), ScraperOptions.DEFAULT, 3,
                Clock.systemUTC());
        signals = new ClusterSignals(discovery, pipeline, new ResourceUsageReader(client, Clock.systemUTC()),
                TICK.multipliedBy(4).dividedBy(5));
        controller = new Controller(client, config, StandardPolicies.engine(), signals, discovery,
                new PrometheusRegistry(), null, Clock.systemUTC(), "omescale-a");
        signals.start();
        controller.start();
        await().atMost(Duration.ofSeconds(10)).until(controller::ready);

        await().atMost(Duration.ofSeconds(10)).until(() -> controller.explainJson(NS, ISVC)
                .map(j -> j.contains("concurrency")).orElse(false));
        assertThat(cluster.replicas(NS, ENGINE)).isEqualTo(2);

        // 30 in flight per pod, target 10: three times the pods, 6
        running.set(30);
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.replicas(NS, ENGINE) == 6);
        assertThat(controller.explainJson(NS, ISVC).orElseThrow()).contains("concurrency");

        // the load falls to 1 per pod: down to the minimum (the 4 pods that never started count as at target
        // on the way down, as in the HPA, so it takes a few ticks)
        running.set(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.replicas(NS, ENGINE) == 2);
        assertThat(cluster.callsBy("omescale-a")).anyMatch(c -> c.startsWith("PUT ")
                && c.contains("/deployments/" + ENGINE + "/scale"));
    }

    /**
     * cpu from metrics.k8s.io: samples 45 s old, older than the 30 s limit of scraped signals but within the usage
     * limit (metrics-server's samples are that old by design), drive the HPA arithmetic: 900m of a 1 cpu request
     * against a 50 % target is 4 replicas for 2 pods. With the usage limit below the samples' age it holds instead.
     */
    @Test
    void cpuUsageFromMetricsServerScalesWithinTheUsageAgeLimitAndHoldsBeyondIt() {
        createCpuScaledEngine();
        java.time.Instant sampled = java.time.Instant.now().minusSeconds(45);
        for (int i = 0; i < 2; i++) {
            String name = ENGINE + "-" + i;
            String started = java.time.Instant.now().minusSeconds(600).toString();
            cluster.admin.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata().withName(name).withNamespace(NS)
                    .addToLabels(OmeResources.ISVC_LABEL, ISVC).addToLabels(OmeResources.COMPONENT_LABEL, "engine")
                    .endMetadata()
                    .withNewSpec().addNewContainer().withName("ome-container").withImage("engine")
                    .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"))
                    .endResources().endContainer().endSpec()
                    .withNewStatus().withPhase("Running").withStartTime(started).withPodIP("10.0.0." + (i + 1))
                    .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(started)
                    .endCondition().endStatus().build()).create();
            cluster.admin.resource(new io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder()
                    .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                    .withTimestamp(sampled.toString())
                    .withWindow(new io.fabric8.kubernetes.api.model.Duration(Duration.ofSeconds(15)))
                    .addNewContainer().withName("ome-container")
                    .withUsage(Map.of("cpu", new io.fabric8.kubernetes.api.model.Quantity("900m"),
                            "memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi")))
                    .endContainer().build()).inNamespace(NS).create();
        }

        // first with a usage limit below the samples' age: missing data, which never scales
        start(ControllerConfig.defaults().withTick(TICK).withRetry(Duration.ofMillis(100), Duration.ofSeconds(1))
                .withMaxUsageAge(Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(10)).until(() -> controller.explainJson(NS, ISVC)
                .map(j -> j.contains("cpu")).orElse(false));
        assertThat(controller.tickAndAwaitQuietly()).isTrue();
        assertThat(controller.explainJson(NS, ISVC).orElseThrow()).contains("older than");
        assertThat(cluster.replicas(NS, ENGINE)).isEqualTo(2);
        controller.close();
        signals.close();

        // the default usage limit (120 s) takes them: 90 % of requests against 50 % is 4 replicas
        start(ControllerConfig.defaults().withTick(TICK).withRetry(Duration.ofMillis(100), Duration.ofSeconds(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.replicas(NS, ENGINE) == 4);
        assertThat(RbacAudit.used(cluster, "omescale-a")).contains("list metrics.k8s.io/pods");
    }

    /**
     * metrics-server down: the decision holds for missing data, and {@code /explain} says why usage is missing —
     * the HTTP answer and what to check — which only the controller's read of metrics.k8s.io knows.
     */
    @Test
    void aMetricsServerThatAnswers503IsNamedInExplainWithTheFix() {
        createCpuScaledEngine();
        for (int i = 0; i < 1000; i++) {
            cluster.failNext("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/" + NS + "/pods", 503);
        }
        start(ControllerConfig.defaults().withTick(TICK).withRetry(Duration.ofMillis(100), Duration.ofSeconds(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> controller.explainJson(NS, ISVC)
                .map(j -> j.contains("usageProblem")).orElse(false));
        String explain = controller.explainJson(NS, ISVC).orElseThrow();
        assertThat(explain).contains("HTTP 503").contains("kubectl get apiservice v1beta1.metrics.k8s.io");
        assertThat(explain).contains("HOLD_MISSING_DATA");
        assertThat(cluster.replicas(NS, ENGINE)).isEqualTo(2);
    }

    /** The qwen3-8b sample, class external, its engine (a Deployment of 2) on cpu at 50 % within 2..8. */
    private void createCpuScaledEngine() {
        GenericKubernetesResource isvc = Isvcs.annotate(cluster.sample("Qwen_qwen3-8b.yaml"), Map.of(
                "ome.io/autoscalerClass", "external",
                "omescale.dev/behavior", Isvcs.EXTERNAL_THRESHOLD.get("omescale.dev/behavior")));
        Isvcs.bounds(isvc, "engine", 2, 8);
        Isvcs.component(isvc, "engine").put("scaleMetric", "cpu");
        Isvcs.component(isvc, "engine").put("scaleTarget", 50);
        Isvcs.componentAnnotations(isvc, "router", Map.of("ome.io/autoscalerClass", "hpa"));
        cluster.create(isvc);
        cluster.deployment(NS, ISVC, "engine", 2);
    }

    /** The controller with in-cluster signals (DCGM off, scraping every 100 ms); no PromQL. */
    private void start(ControllerConfig config) {
        KubernetesClient client = cluster.client("omescale-a");
        TargetDiscovery discovery = new TargetDiscovery(client, DiscoveryConfig.DEFAULT.withDcgm(Map.of(), null)
                .withScrape(Duration.ofMillis(100), Duration.ofMillis(500)));
        TelemetryPipeline pipeline = new TelemetryPipeline(new TelemetryConfig(Duration.ofMillis(100),
                Duration.ofMillis(500), Duration.ofSeconds(2), List.of()), ScraperOptions.DEFAULT, 3,
                Clock.systemUTC());
        KubernetesClient usageClient = cluster.closeLater(ResourceUsageReader.clientWithoutRetries(client));
        signals = new ClusterSignals(discovery, pipeline, new ResourceUsageReader(usageClient, Clock.systemUTC()),
                TICK.multipliedBy(4).dividedBy(5));
        controller = new Controller(client, config, StandardPolicies.engine(), signals, discovery,
                new PrometheusRegistry(), null, Clock.systemUTC(), "omescale-a");
        signals.start();
        controller.start();
        await().atMost(Duration.ofSeconds(10)).until(controller::ready);
    }

    /** A vLLM V1 page with {@code running} requests running and none waiting. */
    private static String vllmPage(int running) {
        String l = "{engine=\"0\",model_name=\"Qwen/Qwen3-8B\"}";
        return "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running" + l + " " + running + "\n"
                + "# TYPE vllm:num_requests_waiting gauge\nvllm:num_requests_waiting" + l + " 0\n";
    }
}
