package dev.omescale.scaler.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.scaler.controller.testing.FakeSignals;
import dev.omescale.scaler.controller.testing.Isvcs;
import dev.omescale.scaler.controller.testing.MockCluster;
import dev.omescale.scaler.controller.testing.RbacAudit;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.discovery.DiscoveryConfig;
import dev.omescale.scaler.discovery.TargetDiscovery;
import dev.omescale.scaler.model.ComponentKind;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller against fabric8's mock API server in CRUD mode, with OME's CRD and InferenceServices from OME's
 * samples: what it writes, what it refuses, and that it writes nothing else.
 */
class ControllerEndToEndTest {
    private static final String NS = "qwen3-8b";
    private static final String ISVC = "qwen3-8b";
    private static final String ENGINE = "qwen3-8b-engine";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private MockCluster cluster;
    private final FakeSignals signals = new FakeSignals();
    private Controller controller;
    private final PrometheusRegistry registry = new PrometheusRegistry();

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

    private Controller start() {
        return start(ControllerConfig.defaults().withTick(Duration.ofMillis(200))
                .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    private Controller start(ControllerConfig config) {
        KubernetesClient client = cluster.client("omescale-a");
        TargetDiscovery discovery = new TargetDiscovery(client, DiscoveryConfig.DEFAULT
                .withNamespace(config.namespace()).withDcgm(Map.of(), null));
        controller = new Controller(client, config, StandardPolicies.engine(), signals, discovery, registry, null,
                Clock.systemUTC(), "omescale-a");
        controller.start();
        await().atMost(WAIT).until(controller::ready);
        return controller;
    }

    /** Qwen3-8B from OME's samples: engine external with the threshold trigger, router left to OME's HPA. */
    private GenericKubernetesResource qwen(int min, int max) {
        GenericKubernetesResource isvc = Isvcs.annotate(cluster.sample("Qwen_qwen3-8b.yaml"),
                Isvcs.EXTERNAL_THRESHOLD);
        Isvcs.bounds(isvc, "engine", min, max);
        Isvcs.componentAnnotations(isvc, "router", Map.of("ome.io/autoscalerClass", "hpa"));
        return cluster.create(isvc);
    }

    private List<String> scaleWrites(String deployment) {
        return cluster.callsBy("omescale-a").stream()
                .filter(c -> c.startsWith("PUT ") && c.contains("/deployments/" + deployment + "/scale")).toList();
    }

    private List<Event> events(String reason) {
        return cluster.admin.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    @Test
    void scalesUpAndDownWithTheSignalWithinMinAndMaxAndNeverTouchesTheInferenceServiceOrTheHpaClassRouter() {
        String isvcVersion = qwen(2, 8).getMetadata().getResourceVersion();
        cluster.deployment(NS, ISVC, "engine", 2);
        String routerVersion = cluster.deployment(NS, ISVC, "router", 1).getMetadata().getResourceVersion();
        signals.set(NS, ISVC, ComponentKind.ENGINE, 45);
        start();

        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 5);
        signals.set(NS, ISVC, ComponentKind.ENGINE, 28);
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 3);
        signals.set(NS, ISVC, ComponentKind.ENGINE, 500);
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 8);   // max
        signals.set(NS, ISVC, ComponentKind.ENGINE, 0);
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 2);   // min
        signals.set(NS, ISVC, ComponentKind.ENGINE, 1);

        assertThat(scaleWrites(ENGINE)).hasSize(4);
        assertThat(cluster.isvc(NS, ISVC).getMetadata().getResourceVersion()).isEqualTo(isvcVersion);
        assertThat(cluster.getDeployment(NS, "qwen3-8b-router").getMetadata().getResourceVersion())
                .isEqualTo(routerVersion);
        assertThat(scaleWrites("qwen3-8b-router")).isEmpty();
        assertThat(cluster.callsBy("omescale-a")).noneMatch(c -> !c.startsWith("GET ") && c.contains(
                "/inferenceservices"));

        assertThat(events("ScaledUp")).hasSize(2);
        assertThat(events("ScaledDown")).hasSize(2);
        Event up = events("ScaledUp").get(0);
        assertThat(up.getInvolvedObject().getKind()).isEqualTo("InferenceService");
        assertThat(up.getInvolvedObject().getName()).isEqualTo(ISVC);
        assertThat(up.getMessage()).contains("Deployment qwen3-8b/qwen3-8b-engine scaled from 2 to 5")
                .contains("qwen3-8b/qwen3-8b engine: 2 → 5");

        String explain = controller.explainJson(NS, ISVC).orElseThrow();
        assertThat(explain).contains("\"component\":\"router\"").contains("class hpa: OME's HPA qwen3-8b-router "
                + "owns the replicas").contains("\"omescaleWrites\":false")
                .contains("\"autoscalerClass\":\"external\"");
        assertThat(controller.view().desiredReplicas(new dev.omescale.scaler.view.ComponentKey(NS, ISVC,
                ComponentKind.ENGINE))).isPresent();

        // a deleted InferenceService is forgotten: no explanation, and the servers stop serving it
        cluster.admin.genericKubernetesResources(OmeResources.INFERENCE_SERVICE).inNamespace(NS).withName(ISVC)
                .delete();
        await().atMost(WAIT).until(() -> controller.explainJson(NS, ISVC).isEmpty());
        await().atMost(WAIT).until(() -> controller.view().desiredReplicas(new dev.omescale.scaler.view.ComponentKey(
                NS, ISVC, ComponentKind.ENGINE)).isEmpty());
    }

    @Test
    void hpaAndKedaClassComponentsAreDecidedButNeverWritten() throws Exception {
        cluster.installCrd(OmeResources.SCALED_OBJECT);
        GenericKubernetesResource isvc = cluster.sample("moonshotai_kimi-k2-pd.yaml");
        String ns = isvc.getMetadata().getNamespace();
        String name = isvc.getMetadata().getName();
        Isvcs.annotate(isvc, Isvcs.EXTERNAL_THRESHOLD);
        Isvcs.bounds(isvc, "engine", 1, 6);
        Isvcs.bounds(isvc, "decoder", 1, 6);
        Isvcs.componentAnnotations(isvc, "decoder", Map.of("ome.io/autoscalerClass", "keda"));
        Isvcs.componentAnnotations(isvc, "router", Map.of("ome.io/autoscalerClass", "hpa"));
        String version = cluster.create(isvc).getMetadata().getResourceVersion();
        for (String c : List.of("engine", "decoder", "router")) {
            cluster.deployment(ns, name, c, 1);
        }
        for (ComponentKind k : ComponentKind.values()) {
            signals.set(ns, name, k, 40);
        }
        start();

        await().atMost(WAIT).until(() -> cluster.replicas(ns, name + "-engine") == 4);
        assertThat(controller.tickAndAwait(WAIT)).isTrue();
        assertThat(cluster.replicas(ns, name + "-decoder")).isEqualTo(1);
        assertThat(cluster.replicas(ns, name + "-router")).isEqualTo(1);
        assertThat(cluster.callsBy("omescale-a")).filteredOn(c -> !c.startsWith("GET ") && !c.contains("/events"))
                .allMatch(c -> c.contains("/deployments/" + name + "-engine/scale"));
        assertThat(cluster.isvc(ns, name).getMetadata().getResourceVersion()).isEqualTo(version);
        String explain = controller.explainJson(ns, name).orElseThrow();
        assertThat(explain).contains("class keda: ScaledObject scaledobject-" + name + "-decoder owns the replicas")
                .contains("\"outcome\":\"not scalable\"");
    }

    @Test
    void aForeignHpaOnTheWorkloadIsAConflictNothingIsWrittenAndOneEventSaysSo() throws Exception {
        qwen(1, 8);
        cluster.deployment(NS, ISVC, "engine", 1);
        cluster.admin.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).resource(
                new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("someone-elses").withNamespace(NS)
                        .endMetadata().withNewSpec().withMinReplicas(1).withMaxReplicas(3)
                        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(ENGINE)
                        .endScaleTargetRef().endSpec().build()).create();
        signals.set(NS, ISVC, ComponentKind.ENGINE, 45);
        start();

        await().atMost(WAIT).until(() -> !events("ScaleConflict").isEmpty());
        for (int i = 0; i < 3; i++) {
            assertThat(controller.tickAndAwait(WAIT)).isTrue();
        }
        assertThat(scaleWrites(ENGINE)).isEmpty();
        assertThat(cluster.replicas(NS, ENGINE)).isEqualTo(1);
        assertThat(events("ScaleConflict")).hasSize(1);
        assertThat(events("ScaleConflict").get(0).getMessage())
                .contains("HorizontalPodAutoscaler qwen3-8b/someone-elses also scales Deployment qwen3-8b/"
                        + "qwen3-8b-engine").contains("omescale writes nothing for engine");
        assertThat(controller.explainJson(NS, ISVC).orElseThrow()).contains("REFUSED_CONFLICT");

        // each refused round counts as a conflict with another autoscaler; nothing counts as a write
        Labels engine = Labels.of("namespace", NS, "inferenceservice", ISVC, "component", "engine");
        assertThat(value("omescale_scale_conflicts", engine.add("kind", "other_autoscaler")))
                .isGreaterThanOrEqualTo(3);
        assertThat(points("omescale_scale_writes")).isEmpty();
        assertThat(value("omescale_leader", Labels.EMPTY)).isEqualTo(1);
        assertThat(value("omescale_component_desired_replicas", engine)).isGreaterThan(1);

        // a deleted InferenceService takes its conflict series along, and its decision gauges after a round
        cluster.admin.genericKubernetesResources(OmeResources.INFERENCE_SERVICE).inNamespace(NS).withName(ISVC)
                .delete();
        await().atMost(WAIT).until(() -> points("omescale_scale_conflicts").isEmpty()
                && points("omescale_component_desired_replicas").isEmpty());
    }

    private double value(String name, Labels labels) {
        for (DataPointSnapshot d : points(name)) {
            if (d.getLabels().equals(labels)) {
                return d instanceof CounterSnapshot.CounterDataPointSnapshot c ? c.getValue()
                        : ((GaugeSnapshot.GaugeDataPointSnapshot) d).getValue();
            }
        }
        throw new AssertionError("no " + name + labels + " in " + points(name));
    }

    private List<DataPointSnapshot> points(String name) {
        List<DataPointSnapshot> out = new java.util.ArrayList<>();
        for (MetricSnapshot m : registry.scrape()) {
            if (m.getMetadata().getPrometheusName().equals(name)) {
                out.addAll(m.getDataPoints());
            }
        }
        return out;
    }

    @Test
    void aConflictOnTheScaleWriteIsRetriedWithAFreshRead() {
        qwen(1, 8);
        cluster.deployment(NS, ISVC, "engine", 1);
        cluster.failNext("PUT", "/deployments/" + ENGINE + "/scale", 409);
        signals.set(NS, ISVC, ComponentKind.ENGINE, 30);
        start();

        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 3);
        assertThat(scaleWrites(ENGINE)).hasSize(2);
        List<String> engineScale = cluster.callsBy("omescale-a").stream()
                .filter(c -> c.contains("/deployments/" + ENGINE + "/scale")).toList();
        assertThat(engineScale).startsWith("GET /apis/apps/v1/namespaces/qwen3-8b/deployments/qwen3-8b-engine/scale",
                "PUT /apis/apps/v1/namespaces/qwen3-8b/deployments/qwen3-8b-engine/scale",
                "GET /apis/apps/v1/namespaces/qwen3-8b/deployments/qwen3-8b-engine/scale",
                "PUT /apis/apps/v1/namespaces/qwen3-8b/deployments/qwen3-8b-engine/scale");
        assertThat(events("ScaledUp").get(0).getMessage()).contains("(attempt 2)");
    }

    @Test
    void aDeploymentThatDoesNotExistYetIsScaledOnceOmeCreatesIt() throws Exception {
        qwen(1, 8);
        signals.set(NS, ISVC, ComponentKind.ENGINE, 45);
        start();
        assertThat(controller.tickAndAwait(WAIT)).isTrue();
        assertThat(controller.explainJson(NS, ISVC).orElseThrow())
                .contains("Deployment qwen3-8b/qwen3-8b-engine does not exist yet");
        assertThat(scaleWrites(ENGINE)).isEmpty();

        cluster.deployment(NS, ISVC, "engine", 1);
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 5);
    }

    @Test
    void podsComingAndGoingDoNotCauseExtraWrites() throws Exception {
        qwen(1, 8);
        cluster.deployment(NS, ISVC, "engine", 2);
        signals.set(NS, ISVC, ComponentKind.ENGINE, 40);
        start();
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 4);
        for (int round = 0; round < 5; round++) {
            for (int p = 0; p < 4; p++) {
                cluster.readyPod(NS, ISVC, "engine", ENGINE + "-" + round + "-" + p);
            }
            for (int p = 0; p < 4; p++) {
                cluster.admin.pods().inNamespace(NS).withName(ENGINE + "-" + round + "-" + p).delete();
            }
        }
        cluster.readyPod(NS, ISVC, "engine", ENGINE + "-last");
        assertThat(controller.tickAndAwait(WAIT)).isTrue();
        await().atMost(WAIT).until(() -> controller.explainJson(NS, ISVC).orElseThrow()
                .contains("\"readyReplicas\":1"));
        assertThat(cluster.replicas(NS, ENGINE)).isEqualTo(4);
        assertThat(scaleWrites(ENGINE)).hasSize(1);
    }

    @Test
    void afterTheWatchDropsTheControllerReconnectsAndSeesNewChanges() {
        qwen(1, 8);
        cluster.deployment(NS, ISVC, "engine", 1);
        signals.set(NS, ISVC, ComponentKind.ENGINE, 60);
        start();
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 6);

        cluster.restart();
        // the change reaches the controller only through a watch opened after the restart
        GenericKubernetesResource isvc = cluster.isvc(NS, ISVC);
        Isvcs.bounds(isvc, "engine", 1, 3);
        cluster.admin.genericKubernetesResources(OmeResources.INFERENCE_SERVICE).inNamespace(NS).resource(isvc)
                .update();
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 3);
    }

    @Test
    void aFailingWriteIsRetriedAfterGrowingDelaysNotOnEveryTick() throws Exception {
        qwen(1, 8);
        cluster.deployment(NS, ISVC, "engine", 1);
        for (int i = 0; i < 100; i++) {
            cluster.failNext("PUT", "/deployments/" + ENGINE + "/scale", 403);
        }
        signals.set(NS, ISVC, ComponentKind.ENGINE, 45);
        long started = System.nanoTime();
        start(ControllerConfig.defaults().withTick(Duration.ofMillis(100))
                .withRetry(Duration.ofMillis(400), Duration.ofMillis(800)));
        await().atMost(WAIT).until(() -> !events("ScaleFailed").isEmpty()
                && !points("omescale_component_desired_replicas").isEmpty());
        // while the reconcile waits out its backoff, rounds end without deciding it: its decision gauges must stay
        int gaps = 0;
        for (int i = 0; i < 60; i++) {
            Thread.sleep(50);
            if (points("omescale_component_desired_replicas").isEmpty()) {
                gaps++;
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
        assertThat(gaps).as("scrapes without the desired-replicas gauge during the backoff").isZero();

        // a tick every 100 ms would have tried ~10 times a second; the backoff allows one try per 0.4–0.8 s
        assertThat(scaleWrites(ENGINE)).hasSizeBetween(2, (int) (seconds / 0.4) + 2);
        assertThat(cluster.replicas(NS, ENGINE)).isEqualTo(1);
        assertThat(events("ScaleFailed")).hasSize(1);
        assertThat(controller.explainJson(NS, ISVC).orElseThrow()).contains("\"result\":\"FAILED\"");
    }

    @Test
    void oneSlowInferenceServiceDoesNotHoldUpTheOthers() throws Exception {
        qwen(1, 8);
        cluster.deployment(NS, ISVC, "engine", 1);
        GenericKubernetesResource other = Isvcs.annotate(cluster.sample("openai_gpt-oss-20b.yaml"),
                Isvcs.EXTERNAL_THRESHOLD);
        Isvcs.bounds(other, "engine", 1, 8);
        String ns = other.getMetadata().getNamespace();
        String name = other.getMetadata().getName();
        cluster.create(other);
        cluster.deployment(ns, name, "engine", 1);
        // every answer about qwen's engine scale takes 4 s
        cluster.slowDown("/deployments/" + ENGINE + "/scale", Duration.ofSeconds(4));
        signals.set(NS, ISVC, ComponentKind.ENGINE, 45);
        signals.set(ns, name, ComponentKind.ENGINE, 30);
        long started = System.nanoTime();
        start();

        await().atMost(WAIT).until(() -> cluster.replicas(ns, name + "-engine") == 3);
        Duration other3 = Duration.ofNanos(System.nanoTime() - started);
        assertThat(cluster.replicas(NS, ENGINE)).isEqualTo(1);   // still waiting for its slow scale read
        assertThat(other3).isLessThan(Duration.ofSeconds(4));
        // while gpt-oss kept being reconciled on every tick
        signals.set(ns, name, ComponentKind.ENGINE, 50);
        await().atMost(Duration.ofSeconds(3)).until(() -> cluster.replicas(ns, name + "-engine") == 5);
        await().atMost(WAIT.plusSeconds(10)).until(() -> cluster.replicas(NS, ENGINE) == 5);
    }

    @Test
    void aNamespaceFilterLeavesOtherNamespacesAlone() throws Exception {
        qwen(1, 8);
        cluster.deployment(NS, ISVC, "engine", 1);
        signals.set(NS, ISVC, ComponentKind.ENGINE, 45);
        start(ControllerConfig.defaults().withTick(Duration.ofMillis(200)).withNamespace("somewhere-else"));
        assertThat(controller.tickAndAwait(WAIT)).isTrue();
        assertThat(controller.explainJson(NS, ISVC)).isEmpty();
        assertThat(cluster.replicas(NS, ENGINE)).isEqualTo(1);
        assertThat(cluster.callsBy("omescale-a")).filteredOn(c -> c.contains("/namespaces/"))
                .allMatch(c -> c.contains("/namespaces/somewhere-else/"));
    }
}
