package dev.omescale.scaler.discovery;

import dev.omescale.scaler.controller.testing.MockCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.testing.SteadyExporters;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery feeding a real telemetry pipeline: pods on the mock API server point (by IP 127.0.0.1 and their
 * prometheus.io annotations) at real HTTP exporters, and the pipeline's report shows what those exporters serve,
 * then follows the pods as they go.
 */
class DiscoveredScrapingTest {

    private static final String NS = "chat";
    private static final String ISVC = "chat";

    private final MockCluster cluster = new MockCluster();
    private final KubernetesClient client = cluster.admin;

    @AfterEach
    void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void discoveredEngineAndDcgmPodsAreScrapedAndFollowedAsPodsGo() throws Exception {
        try (SteadyExporters exporters = new SteadyExporters(NS, "chat-engine-", 4, 2);
                TelemetryPipeline pipeline = new TelemetryPipeline(
                        new TelemetryConfig(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(3),
                                List.of()),
                        ScraperOptions.DEFAULT, 3, Clock.systemUTC())) {
            for (int i = 0; i < 2; i++) {
                create(pointedAt(OmePods.qwenEngine(NS, ISVC, exporters.podName(i), "127.0.0.1"),
                        exporters.engineUrl(i)));
            }
            create(pointedAt(OmePods.dcgmExporter("gpu-operator", "nvidia-dcgm-exporter-1", "127.0.0.1"),
                    exporters.gpuUrl()));
            DiscoveryConfig config = DiscoveryConfig.DEFAULT.withScrape(Duration.ofMillis(200), Duration.ofMillis(500));
            TargetDiscovery discovery = cluster.closeLater(new TargetDiscovery(client, config));
            discovery.feed(pipeline);
            pipeline.start();
            discovery.start().get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(20)).until(() -> {
                ComponentSignals c = pipeline.report().component(NS, ISVC, "engine").orElse(null);
                return c != null && c.podsWithData().getOrDefault("request_rate", 0) == 2
                        && c.podsWithData().getOrDefault("gpu_utilization", 0) == 2;
            });
            ComponentSignals both = pipeline.report().component(NS, ISVC, "engine").orElseThrow();
            assertThat(both.pods()).containsExactlyInAnyOrder(exporters.podName(0), exporters.podName(1));
            // each pod's page is its own: once a window is full, pod 0 serves 4 requests/s and pod 1 serves 2
            await().atMost(Duration.ofSeconds(20)).until(() -> near(podRate(pipeline, exporters.podName(0)), 4.0)
                    && near(podRate(pipeline, exporters.podName(1)), 2.0));
            assertThat(pipeline.targets()).extracting(ScrapeTarget::url)
                    .containsExactlyInAnyOrder(exporters.engineUrl(0), exporters.engineUrl(1), exporters.gpuUrl());

            // scale-down: pod 1 goes, its target leaves the pipeline and the component totals cover pod 0 only
            client.pods().inNamespace(NS).withName(exporters.podName(1)).delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.targets().size() == 2);
            ComponentSignals one = pipeline.report().component(NS, ISVC, "engine").orElseThrow();
            assertThat(one.pods()).containsExactly(exporters.podName(0));
            assertThat(one.podsWithData().get("request_rate")).isEqualTo(1);
            assertThat(pipeline.report().pod(NS, exporters.podName(1)).map(p -> p.get("request_rate")).orElse(null))
                    .isNull();
        }
    }

    private static Double podRate(TelemetryPipeline pipeline, String pod) {
        return pipeline.report().pod(NS, pod).map(p -> p.get("request_rate")).orElse(null);
    }

    private static boolean near(Double value, double expected) {
        return value != null && Math.abs(value - expected) < 0.1 * expected;
    }

    /** Points a pod at an exporter URL on loopback the way a runtime's annotations point at the engine. */
    private static PodBuilder pointedAt(PodBuilder pod, URI url) {
        return pod.editMetadata().addToAnnotations(Map.of("prometheus.io/port", Integer.toString(url.getPort()),
                "prometheus.io/path", url.getPath())).endMetadata();
    }

    private void create(PodBuilder pod) {
        client.pods().inNamespace(pod.buildMetadata().getNamespace()).resource(pod.build()).create();
    }
}
