package dev.omescale.scaler.discovery;

import dev.omescale.scaler.controller.testing.MockCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery against fabric8's mock API server in CRUD mode, with pods shaped like OME's. */
class TargetDiscoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MockCluster cluster = new MockCluster();
    private final KubernetesClient client = cluster.admin;

    @AfterEach
    void stopCluster() throws Exception {
        cluster.close();
    }

    private TargetDiscovery discovery(DiscoveryConfig config) {
        return cluster.closeLater(new TargetDiscovery(client, config));
    }

    @Test
    void runningComponentPodsAndDcgmExportersBecomeTargets() throws Exception {
        create(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-5d8f7c9b6-abcde", "10.0.1.5"));
        create(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-5d8f7c9b6-fghij", "10.0.1.6"));
        create(OmePods.qwenRouter("qwen3-8b", "qwen3-8b", "qwen3-8b-router-7f6d5c4b3-klmno", "10.0.1.7"));
        create(OmePods.pending(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-5d8f7c9b6-pend1", null)));
        create(OmePods.deepseekLeaderWorker("ds", "deepseek-r1", "engine", "lws-deepseek-r1-engine-0", "10.0.2.1", 0));
        create(OmePods.deepseekLeaderWorker("ds", "deepseek-r1", "engine", "lws-deepseek-r1-engine-0-1", "10.0.2.2",
                1));
        create(OmePods.deepseekLeaderWorker("ds", "deepseek-r1", "decoder", "lws-deepseek-r1-decoder-0", "10.0.2.3",
                0));
        create(OmePods.dcgmExporter("gpu-operator", "nvidia-dcgm-exporter-x7k2p", "10.0.0.40"));
        // not OME component pods: no isvc label, and OME's external-service component
        create(OmePods.running(new PodBuilder().withNewMetadata().withNamespace("qwen3-8b").withName("busybox")
                .addToLabels("app", "busybox").endMetadata().withNewSpec().endSpec(), "10.0.1.9"));
        create(OmePods.running(new PodBuilder().withNewMetadata().withNamespace("qwen3-8b").withName("ext")
                .addToLabels("ome.io/inferenceservice", "qwen3-8b").addToLabels("component", "external-service")
                .endMetadata().withNewSpec().endSpec(), "10.0.1.10"));

        {
            TargetDiscovery discovery = discovery(DiscoveryConfig.DEFAULT);
            discovery.start().get(10, TimeUnit.SECONDS);
            DiscoveredTargets found = discovery.current();
            assertThat(found.synced()).isTrue();
            assertThat(found.problems()).isEmpty();
            assertThat(found.targets()).extracting(t -> t.url().toString()).containsExactly(
                    "http://10.0.0.40:9400/metrics",
                    "http://10.0.1.5:8080/metrics",
                    "http://10.0.1.6:8080/metrics",
                    "http://10.0.1.7:8080/metrics",
                    "http://10.0.2.1:8080/metrics",
                    "http://10.0.2.3:8080/metrics");
            ScrapeTarget engine = found.targets().get(1);
            assertThat(engine).isEqualTo(new ScrapeTarget(engine.url(), TargetKind.ENGINE, "qwen3-8b",
                    "qwen3-8b-engine-5d8f7c9b6-abcde", "qwen3-8b", "engine", Duration.ofSeconds(5),
                    Duration.ofSeconds(3)));
            assertThat(found.targets().get(3).component()).isEqualTo("router");
            assertThat(found.targets().get(5)).extracting(ScrapeTarget::inferenceService, ScrapeTarget::component)
                    .containsExactly("deepseek-r1", "decoder");
            assertThat(found.dcgmTargets()).singleElement().satisfies(t -> {
                assertThat(t.kind()).isEqualTo(TargetKind.DCGM);
                assertThat(t.pod()).isNull();
                assertThat(t.namespace()).isNull();
            });
            assertThat(found.engineTargets()).hasSize(5);

            assertThat(discovery.componentPods("qwen3-8b", "qwen3-8b", "engine")).extracting(p -> p.getMetadata()
                    .getName()).containsExactlyInAnyOrder("qwen3-8b-engine-5d8f7c9b6-abcde",
                    "qwen3-8b-engine-5d8f7c9b6-fghij", "qwen3-8b-engine-5d8f7c9b6-pend1");
            assertThat(discovery.componentPods("ds", "deepseek-r1", "engine")).hasSize(2);
            assertThat(discovery.componentPods("qwen3-8b", "qwen3-8b", "decoder")).isEmpty();
            assertThat(discovery.current()).isSameAs(found);
        }
    }

    @Test
    void podsComingGoingAndMovingUpdateTheTargetSet() throws Exception {
        create(OmePods.qwenEngine("chat", "chat", "chat-engine-a", "10.1.0.1"));
        {
            TargetDiscovery discovery = discovery(DiscoveryConfig.DEFAULT);
            List<DiscoveredTargets> heard = new CopyOnWriteArrayList<>();
            discovery.addListener(heard::add);
            discovery.start().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> urls(last(heard)).equals(List.of("http://10.1.0.1:8080/metrics")));

            // scale-up: a new pod is Pending first, then Running with an IP
            Pod b = create(OmePods.pending(OmePods.qwenEngine("chat", "chat", "chat-engine-b", null)));
            await().atMost(WAIT).until(() -> discovery.componentPods("chat", "chat", "engine").size() == 2);
            assertThat(urls(discovery.current())).containsExactly("http://10.1.0.1:8080/metrics");
            client.pods().inNamespace("chat").resource(OmePods.running(new PodBuilder(b), "10.1.0.2").build())
                    .updateStatus();
            await().atMost(WAIT).until(() -> urls(last(heard)).equals(List.of(
                    "http://10.1.0.1:8080/metrics", "http://10.1.0.2:8080/metrics")));

            // the pod's IP changes (recreated under the same name): the old address goes, the new one comes
            Pod a = client.pods().inNamespace("chat").withName("chat-engine-a").get();
            client.pods().inNamespace("chat").resource(OmePods.running(new PodBuilder(a), "10.1.0.9").build())
                    .updateStatus();
            await().atMost(WAIT).until(() -> urls(last(heard)).equals(List.of(
                    "http://10.1.0.2:8080/metrics", "http://10.1.0.9:8080/metrics")));

            // scale-down: the pod is deleted
            client.pods().inNamespace("chat").withName("chat-engine-b").delete();
            await().atMost(WAIT).until(() -> urls(last(heard)).equals(List.of("http://10.1.0.9:8080/metrics")));
            assertThat(last(heard).targets().get(0).pod()).isEqualTo("chat-engine-a");

            // a pod that stops running (Failed) stops being scraped
            Pod moved = client.pods().inNamespace("chat").withName("chat-engine-a").get();
            moved.getStatus().setPhase("Failed");
            client.pods().inNamespace("chat").resource(moved).updateStatus();
            await().atMost(WAIT).until(() -> last(heard).targets().isEmpty());

            // every set a listener heard is newer than the one before
            for (int i = 1; i < heard.size(); i++) {
                assertThat(heard.get(i).generation()).isGreaterThan(heard.get(i - 1).generation());
            }
        }
    }

    @Test
    void annotationsThatCannotBeUsedAreReportedAndNamedPortsResolve() throws Exception {
        create(withAnnotations(OmePods.qwenEngine("ns", "chat", "chat-engine-badport", "10.2.0.1"),
                Map.of("prometheus.io/port", "metrics-port")));
        create(withAnnotations(OmePods.qwenEngine("ns", "chat", "chat-engine-badpath", "10.2.0.2"),
                Map.of("prometheus.io/path", "metrics")));
        create(withAnnotations(OmePods.qwenEngine("ns", "chat", "chat-engine-named", "10.2.0.3"),
                Map.of("prometheus.io/port", "http1", "prometheus.io/path", "/v1/metrics")));
        create(withAnnotations(OmePods.qwenEngine("ns", "chat", "chat-engine-optout", "10.2.0.4"),
                Map.of("prometheus.io/scrape", "false")));
        PodBuilder plain = OmePods.qwenRouter("ns", "chat", "chat-router-x", "fd00::17");
        create(plain);
        DiscoveryConfig config = DiscoveryConfig.DEFAULT.withEngineDefaults(9090, "/stats");
        {
            TargetDiscovery discovery = discovery(config);
            discovery.start().get(10, TimeUnit.SECONDS);
            DiscoveredTargets found = discovery.current();
            assertThat(urls(found)).containsExactly("http://10.2.0.3:8080/v1/metrics", "http://[fd00::17]:9090/stats");
            assertThat(found.problems()).containsExactly(
                    "Pod ns/chat-engine-badpath: annotation prometheus.io/path \"metrics\" is not an absolute URL"
                            + " path; set it to a path such as \"/metrics\"; the pod is not scraped",
                    "Pod ns/chat-engine-badport: annotation prometheus.io/port \"metrics-port\" is neither a port"
                            + " number (1-65535) nor the name of one of its container ports; set it to the port"
                            + " that serves metrics (OME's runtimes use \"8080\"); the pod is not scraped");
        }
    }

    @Test
    void dcgmExportersAreFoundBySelectorInTheirOwnNamespace() throws Exception {
        create(OmePods.dcgmExporter("gpu-operator", "nvidia-dcgm-exporter-a", "10.3.0.1"));
        create(OmePods.dcgmExporter("default", "stray-dcgm-exporter", "10.3.0.2"));
        PodBuilder custom = OmePods.dcgmExporter("monitoring", "dcgm-b", "10.3.0.3");
        custom.editMetadata().withLabels(Map.of("app", "nvidia-dcgm-exporter"))
                .addToAnnotations("prometheus.io/port", "9500").endMetadata();
        create(custom);
        // two exporters on one host network address: scraped once
        PodBuilder twin = OmePods.dcgmExporter("gpu-operator", "nvidia-dcgm-exporter-b", "10.3.0.1");
        create(twin);
        DiscoveryConfig config = DiscoveryConfig.DEFAULT.withDcgm(DiscoveryConfig.parseSelector(
                DiscoveryConfig.DEFAULT_DCGM_SELECTOR), "gpu-operator");
        {
            TargetDiscovery discovery = discovery(config);
            discovery.start().get(10, TimeUnit.SECONDS);
            assertThat(urls(discovery.current())).containsExactly("http://10.3.0.1:9400/metrics");
            assertThat(discovery.current().problems()).containsExactly(
                    "Pod gpu-operator/nvidia-dcgm-exporter-b serves http://10.3.0.1:9400/metrics like Pod"
                            + " gpu-operator/nvidia-dcgm-exporter-a; it is scraped once, as Pod"
                            + " gpu-operator/nvidia-dcgm-exporter-a; give each exporter its own address or port");
        }
        DiscoveryConfig other = DiscoveryConfig.DEFAULT.withDcgm(Map.of("app", "nvidia-dcgm-exporter"), null);
        {
            TargetDiscovery discovery = discovery(other);
            discovery.start().get(10, TimeUnit.SECONDS);
            assertThat(urls(discovery.current())).containsExactly("http://10.3.0.3:9500/metrics");
        }
        DiscoveryConfig off = DiscoveryConfig.DEFAULT.withDcgm(Map.of(), null);
        {
            TargetDiscovery discovery = discovery(off);
            discovery.start().get(10, TimeUnit.SECONDS);
            assertThat(discovery.current().targets()).isEmpty();
        }
    }

    @Test
    void aNamespaceFilterKeepsOtherNamespacesOut() throws Exception {
        create(OmePods.qwenEngine("team-a", "chat", "chat-engine-1", "10.4.0.1"));
        create(OmePods.qwenEngine("team-b", "chat", "chat-engine-1", "10.4.0.2"));
        {
            TargetDiscovery discovery = discovery(DiscoveryConfig.DEFAULT.withNamespace("team-b"));
            discovery.start().get(10, TimeUnit.SECONDS);
            assertThat(discovery.current().engineTargets()).extracting(ScrapeTarget::namespace)
                    .containsExactly("team-b");
            assertThat(discovery.componentPods("team-a", "chat", "engine")).isEmpty();
        }
    }

    private Pod create(PodBuilder pod) {
        return create(pod.build());
    }

    private Pod create(Pod pod) {
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    private static PodBuilder withAnnotations(PodBuilder b, Map<String, String> annotations) {
        return b.editMetadata().addToAnnotations(annotations).endMetadata();
    }

    private static DiscoveredTargets last(List<DiscoveredTargets> heard) {
        return heard.isEmpty() ? DiscoveredTargets.EMPTY : heard.get(heard.size() - 1);
    }

    private static List<String> urls(DiscoveredTargets targets) {
        return targets.targets().stream().map(t -> t.url().toString()).toList();
    }
}
