package dev.omescale.scaler.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.scaler.controller.leader.LeaseLeadership;
import dev.omescale.scaler.controller.testing.FakeSignals;
import dev.omescale.scaler.controller.testing.Isvcs;
import dev.omescale.scaler.controller.testing.MockCluster;
import dev.omescale.scaler.controller.testing.RbacAudit;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.discovery.DiscoveryConfig;
import dev.omescale.scaler.discovery.ResourceUsageReader;
import dev.omescale.scaler.discovery.TargetDiscovery;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.scrape.ScraperOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RBAC audit (issue #9): one controller runs through every code path that talks to the API server, and the
 * permissions its recorded requests needed are exactly {@link ControllerRbac#RULES}, nothing missing and nothing
 * unused. The scenario: informers on InferenceServices, Deployments, pods (components and DCGM exporters), HPAs and,
 * with their CRDs detected, ScaledObjects, LeaderWorkerSets and InferenceReplicas; a Deployment scaled up on cpu from
 * metrics.k8s.io through /scale; an InferenceReplica through its /scale; a MultiNode engine through the lever patch;
 * an Event per change; a Lease for leader election. In metrics-only mode the same cluster sees reads only, exactly
 * {@link ControllerRbac#METRICS_ONLY_RULES}. The manifests are checked against the same rules in the app module.
 */
class ControllerRbacAuditTest {
    private static final String AGENT = "omescale-audit";
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String QWEN_NS = "qwen3-8b";
    private static final String QWEN = "qwen3-8b";

    private final MockCluster cluster = new MockCluster();
    private final FakeSignals queries = new FakeSignals();
    private Controller controller;
    private ClusterSignals telemetry;
    private String multiNodeNs;
    private String lever;
    private String replica;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (telemetry != null) {
            telemetry.close();
        }
        cluster.close();
    }

    @Test
    void everyRequestIsAllowedAndEveryRuleIsUsed() {
        fleet();
        start(ControllerConfig.defaults(), new LeaseLeadership.Settings("omescale", "omescale-controller", AGENT,
                Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(200)));

        await().atMost(WAIT).until(() -> cluster.replicas(QWEN_NS, QWEN + "-engine") == 4);
        await().atMost(WAIT).until(() -> Integer.valueOf(4).equals(Isvcs.component(cluster.isvc(multiNodeNs,
                lever), "engine").get("minReplicas")));
        await().atMost(WAIT).until(() -> Integer.valueOf(3).equals(WorkloadResolver.specReplicas(cluster.admin
                .genericKubernetesResources(OmeResources.INFERENCE_REPLICA).inNamespace(multiNodeNs)
                .withName(replica + "-engine").get(), -1)));
        await().atMost(WAIT).until(() -> cluster.admin.v1().events().inAnyNamespace().list().getItems().size() >= 3);

        Set<String> used = RbacAudit.used(cluster, AGENT);
        assertThat(RbacAudit.missing(used, ControllerRbac.RULES))
                .as("requests the controller made that ControllerRbac.RULES does not grant").isEmpty();
        assertThat(RbacAudit.unused(used, ControllerRbac.RULES))
                .as("ControllerRbac.RULES grants the controller never needed in this scenario").isEmpty();
    }

    @Test
    void metricsOnlyModeDecidesAndWritesNothing() throws Exception {
        fleet();
        start(ControllerConfig.defaults().withWriteReplicas(false), null);

        await().atMost(WAIT).until(() -> controller.explainJson(QWEN_NS, QWEN)
                .map(j -> j.contains("\"desiredReplicas\":4")).orElse(false));
        await().atMost(WAIT).until(() -> controller.explainJson(multiNodeNs, lever)
                .map(j -> j.contains("\"desiredReplicas\":4")).orElse(false));
        await().atMost(WAIT).until(() -> controller.explainJson(multiNodeNs, replica)
                .map(j -> j.contains("\"desiredReplicas\":3")).orElse(false));
        assertThat(controller.tickAndAwait(WAIT)).isTrue();

        assertThat(controller.explainJson(QWEN_NS, QWEN).orElseThrow()).contains("\"result\":\"METRICS_ONLY\"")
                .contains("metrics-only mode (--write-replicas off): omescale writes no replicas, it would scale "
                        + "Deployment " + QWEN_NS + "/" + QWEN + "-engine from 2 to 4");
        await().atMost(WAIT).until(() -> controller.view().desiredReplicas(new dev.omescale.scaler.view.ComponentKey(
                QWEN_NS, QWEN, ComponentKind.ENGINE)).isPresent());
        assertThat(cluster.replicas(QWEN_NS, QWEN + "-engine")).isEqualTo(2);
        assertThat(controller.writes()).isZero();
        assertThat(controller.isLeader()).isFalse();
        List<String> writes = cluster.callsBy(AGENT).stream().filter(c -> !c.startsWith("GET ")).toList();
        assertThat(writes).as("metrics-only mode writes nothing, not even an Event").isEmpty();
        assertThat(cluster.admin.v1().events().inAnyNamespace().list().getItems()).isEmpty();

        Set<String> used = RbacAudit.used(cluster, AGENT);
        assertThat(RbacAudit.missing(used, ControllerRbac.METRICS_ONLY_RULES)).isEmpty();
        assertThat(RbacAudit.unused(used, ControllerRbac.METRICS_ONLY_RULES)).isEmpty();
    }

    @Test
    void aRequestWithoutARuleIsReportedAsMissingAndARuleWithoutARequestAsUnused() {
        Set<String> used = new java.util.TreeSet<>(ControllerRbac.permissions(ControllerRbac.RULES));
        used.add("delete core/pods");
        used.remove("patch ome.io/inferenceservices");
        assertThat(RbacAudit.missing(used, ControllerRbac.RULES)).containsExactly("delete core/pods");
        assertThat(RbacAudit.unused(used, ControllerRbac.RULES)).containsExactly("patch ome.io/inferenceservices");
    }

    /**
     * Qwen3-8B on cpu (metrics.k8s.io: 900m of 1 cpu against 50 %, 2 → 4), DeepSeek-R1 MultiNode with the lever
     * (35 against a threshold of 10, 1 → 4), a second DeepSeek-R1 with an InferenceReplica (25: 1 → 3).
     */
    private void fleet() {
        cluster.installCrd(OmeResources.LEADER_WORKER_SET);
        cluster.installCrd(OmeResources.INFERENCE_REPLICA);
        cluster.installCrd(OmeResources.SCALED_OBJECT);

        GenericKubernetesResource qwen = Isvcs.annotate(cluster.sample("Qwen_qwen3-8b.yaml"), Map.of(
                "ome.io/autoscalerClass", "external",
                "omescale.dev/behavior", Isvcs.EXTERNAL_THRESHOLD.get("omescale.dev/behavior")));
        Isvcs.bounds(qwen, "engine", 2, 8);
        Isvcs.component(qwen, "engine").put("scaleMetric", "cpu");
        Isvcs.component(qwen, "engine").put("scaleTarget", 50);
        Isvcs.componentAnnotations(qwen, "router", Map.of("ome.io/autoscalerClass", "hpa"));
        cluster.create(qwen);
        cluster.deployment(QWEN_NS, QWEN, "engine", 2);
        String started = Instant.now().minusSeconds(600).toString();
        for (int i = 0; i < 2; i++) {
            String pod = QWEN + "-engine-" + i;
            cluster.admin.pods().inNamespace(QWEN_NS).resource(new PodBuilder()
                    .withNewMetadata().withName(pod).withNamespace(QWEN_NS)
                    .addToLabels(OmeResources.ISVC_LABEL, QWEN).addToLabels(OmeResources.COMPONENT_LABEL, "engine")
                    .endMetadata()
                    .withNewSpec().addNewContainer().withName("ome-container").withImage("engine")
                    .withNewResources().addToRequests("cpu", new Quantity("1")).endResources().endContainer()
                    .endSpec()
                    .withNewStatus().withPhase("Running").withStartTime(started).withPodIP("10.0.0." + (i + 1))
                    .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(started)
                    .endCondition().endStatus().build()).create();
            cluster.admin.resource(new PodMetricsBuilder()
                    .withNewMetadata().withName(pod).withNamespace(QWEN_NS).endMetadata()
                    .withTimestamp(Instant.now().minusSeconds(10).toString())
                    .withWindow(new io.fabric8.kubernetes.api.model.Duration(Duration.ofSeconds(15)))
                    .addNewContainer().withName("ome-container")
                    .withUsage(Map.of("cpu", new Quantity("900m"), "memory", new Quantity("1Gi")))
                    .endContainer().build()).inNamespace(QWEN_NS).create();
        }

        lever = multiNode("deepseek-lever", Map.of("omescale.dev/multinode-lever", "minReplicas"));
        queries.set(multiNodeNs, lever, ComponentKind.ENGINE, 35);
        replica = multiNode("deepseek-replica", Map.of());
        cluster.createGeneric(OmeResources.INFERENCE_REPLICA, multiNodeNs, replica + "-engine",
                Map.of(OmeResources.ISVC_LABEL, replica, OmeResources.COMPONENT_LABEL, "engine"),
                Map.of("replicas", 1));
        queries.set(multiNodeNs, replica, ComponentKind.ENGINE, 25);
    }

    /** DeepSeek-R1 from OME's samples under {@code name}, MultiNode, with its LeaderWorkerSet. */
    private String multiNode(String name, Map<String, String> extra) {
        GenericKubernetesResource isvc = cluster.sample("deepseek-ai_deepseek-r1.yaml");
        isvc.getMetadata().setName(name);
        multiNodeNs = isvc.getMetadata().getNamespace();
        Isvcs.annotate(isvc, Isvcs.EXTERNAL_THRESHOLD);
        Isvcs.annotate(isvc, extra);
        Isvcs.bounds(isvc, "engine", 1, 4);
        Isvcs.componentAnnotations(isvc, "engine", Map.of("ome.io/deploymentMode", "MultiNode"));
        cluster.create(isvc);
        cluster.createGeneric(OmeResources.LEADER_WORKER_SET, multiNodeNs, "lws-" + name + "-engine",
                Map.of(OmeResources.ISVC_LABEL, name, OmeResources.COMPONENT_LABEL, "engine"),
                Map.of("replicas", 1));
        return name;
    }

    /** Scraping discovery with the default DCGM selector, metrics.k8s.io usage, PromQL values from the fake. */
    private void start(ControllerConfig config, LeaseLeadership.Settings lease) {
        KubernetesClient client = cluster.client(AGENT);
        TargetDiscovery discovery = new TargetDiscovery(client, DiscoveryConfig.DEFAULT
                .withScrape(Duration.ofMillis(100), Duration.ofMillis(80)));
        TelemetryPipeline pipeline = new TelemetryPipeline(new TelemetryConfig(Duration.ofMillis(100),
                Duration.ofMillis(80), Duration.ofSeconds(2), List.of()), ScraperOptions.DEFAULT, 3,
                Clock.systemUTC());
        telemetry = new ClusterSignals(discovery, pipeline, new ResourceUsageReader(client, Clock.systemUTC()),
                TICK.multipliedBy(4).dividedBy(5));
        controller = new Controller(client, config.withTick(TICK).withRetry(Duration.ofMillis(100),
                Duration.ofSeconds(1)), StandardPolicies.engine(), ComponentSignalsSource.merged(telemetry, queries),
                discovery, new PrometheusRegistry(), lease, Clock.systemUTC(), AGENT);
        telemetry.start();
        controller.start();
        await().atMost(WAIT).until(controller::ready);
    }
}
