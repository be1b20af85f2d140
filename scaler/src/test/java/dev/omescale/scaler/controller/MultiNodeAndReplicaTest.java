package dev.omescale.scaler.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.scaler.controller.testing.FakeSignals;
import dev.omescale.scaler.controller.testing.Isvcs;
import dev.omescale.scaler.controller.testing.MockCluster;
import dev.omescale.scaler.controller.testing.RbacAudit;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.model.ComponentKind;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MultiNode components (LeaderWorkerSet): not scalable without the opt-in lever, and with it only through
 * {@code spec.engine.minReplicas}; an InferenceReplica, when installed, through its /scale.
 */
class MultiNodeAndReplicaTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private MockCluster cluster;
    private final FakeSignals signals = new FakeSignals();
    private Controller controller;
    private String ns;
    private String name;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster();
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        cluster.close();
        assertThat(RbacAudit.undocumented(RbacAudit.used(cluster, "omescale-a")))
                .as("requests outside ControllerRbac.RULES").isEmpty();
    }

    private void start() {
        controller = new Controller(cluster.client("omescale-a"), ControllerConfig.defaults()
                .withTick(Duration.ofMillis(200)).withRetry(Duration.ofMillis(100), Duration.ofSeconds(1)),
                StandardPolicies.engine(), signals, null, Clock.systemUTC(), "omescale-a");
        controller.start();
        await().atMost(WAIT).until(controller::ready);
    }

    /** DeepSeek-R1 from OME's samples as a MultiNode engine (the mode its RDMA runtime gives it). */
    private GenericKubernetesResource deepseek(Map<String, String> extra) {
        cluster.installCrd(OmeResources.LEADER_WORKER_SET);
        GenericKubernetesResource isvc = cluster.sample("deepseek-ai_deepseek-r1.yaml");
        ns = isvc.getMetadata().getNamespace();
        name = isvc.getMetadata().getName();
        Isvcs.annotate(isvc, Isvcs.EXTERNAL_THRESHOLD);
        Isvcs.annotate(isvc, extra);
        Isvcs.bounds(isvc, "engine", 1, 4);
        Isvcs.componentAnnotations(isvc, "engine", Map.of("ome.io/deploymentMode", "MultiNode"));
        GenericKubernetesResource created = cluster.create(isvc);
        cluster.createGeneric(OmeResources.LEADER_WORKER_SET, ns, "lws-" + name + "-engine",
                Map.of(OmeResources.ISVC_LABEL, name, OmeResources.COMPONENT_LABEL, "engine"),
                Map.of("replicas", 1));
        return created;
    }

    private List<Event> events(String reason) {
        return cluster.admin.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    private Object engineMin() {
        return Isvcs.component(cluster.isvc(ns, name), "engine").get("minReplicas");
    }

    @Test
    void withoutTheLeverAMultiNodeComponentIsReportedNotScalableAndNothingIsWritten() throws Exception {
        String version = deepseek(Map.of()).getMetadata().getResourceVersion();
        signals.set(ns, name, ComponentKind.ENGINE, 35);
        start();
        await().atMost(WAIT).until(() -> !events("ScaleNotPossible").isEmpty());
        assertThat(controller.tickAndAwait(WAIT)).isTrue();

        assertThat(cluster.isvc(ns, name).getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(cluster.callsBy("omescale-a")).filteredOn(c -> !c.startsWith("GET ") && !c.contains("/events"))
                .isEmpty();
        assertThat(events("ScaleNotPossible")).hasSize(1);
        assertThat(events("ScaleNotPossible").get(0).getMessage()).contains("MultiNode: not scalable: OME resets lws-"
                + name + "-engine to minReplicas").contains("omescale.dev/multinode-lever: minReplicas");
        assertThat(controller.explainJson(ns, name).orElseThrow()).contains("\"kind\":\"LeaderWorkerSet\"")
                .contains("\"omescaleWrites\":false");
    }

    @Test
    void withTheLeverOnlySpecEngineMinReplicasIsPatchedUpAndDown() {
        Map<String, String> annotations = deepseek(Map.of("omescale.dev/multinode-lever", "minReplicas"))
                .getMetadata().getAnnotations();
        signals.set(ns, name, ComponentKind.ENGINE, 35);
        start();
        await().atMost(WAIT).until(() -> Integer.valueOf(4).equals(engineMin()));

        // OME copies minReplicas onto the LWS; then the load falls
        GenericKubernetesResource lws = cluster.admin.genericKubernetesResources(OmeResources.LEADER_WORKER_SET)
                .inNamespace(ns).withName("lws-" + name + "-engine").get();
        lws.setAdditionalProperty("spec", Map.of("replicas", 4));
        cluster.admin.genericKubernetesResources(OmeResources.LEADER_WORKER_SET).inNamespace(ns).resource(lws)
                .update();
        signals.set(ns, name, ComponentKind.ENGINE, 15);
        await().atMost(WAIT).until(() -> Integer.valueOf(2).equals(engineMin()));

        List<String> writes = cluster.callsBy("omescale-a").stream()
                .filter(c -> !c.startsWith("GET ") && !c.contains("/events")).toList();
        assertThat(writes).containsExactly(
                "PATCH /apis/ome.io/v1beta1/namespaces/" + ns + "/inferenceservices/" + name,
                "PATCH /apis/ome.io/v1beta1/namespaces/" + ns + "/inferenceservices/" + name);
        GenericKubernetesResource after = cluster.isvc(ns, name);
        assertThat(after.getMetadata().getAnnotations()).isEqualTo(annotations);
        assertThat(Isvcs.component(after, "engine").get("maxReplicas")).isEqualTo(4);
        assertThat(events("ScaledUp").get(0).getMessage()).contains("spec.engine.minReplicas patched from 1 to 4");
    }

    @Test
    void anInstalledInferenceReplicaIsScaledThroughItsScaleSubresource() {
        cluster.installCrd(OmeResources.INFERENCE_REPLICA);
        deepseek(Map.of());
        String replica = name + "-engine";
        cluster.createGeneric(OmeResources.INFERENCE_REPLICA, ns, replica,
                Map.of(OmeResources.ISVC_LABEL, name, OmeResources.COMPONENT_LABEL, "engine"),
                Map.of("replicas", 1));
        String version = cluster.isvc(ns, name).getMetadata().getResourceVersion();
        signals.set(ns, name, ComponentKind.ENGINE, 25);
        start();

        await().atMost(WAIT).until(() -> Integer.valueOf(3).equals(WorkloadResolver.specReplicas(
                cluster.admin.genericKubernetesResources(OmeResources.INFERENCE_REPLICA).inNamespace(ns)
                        .withName(replica).get(), -1)));
        assertThat(cluster.callsBy("omescale-a")).filteredOn(c -> c.startsWith("PUT "))
                .containsExactly("PUT /apis/ome.io/v1beta1/namespaces/" + ns + "/inferencereplicas/" + replica
                        + "/scale");
        assertThat(cluster.isvc(ns, name).getMetadata().getResourceVersion()).isEqualTo(version);
    }
}
