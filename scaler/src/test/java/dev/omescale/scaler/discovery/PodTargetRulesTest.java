package dev.omescale.scaler.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.scaler.discovery.PodTargetRules.PodTarget;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure pod → target rules and the configuration they read. */
class PodTargetRulesTest {

    private final PodTargetRules rules = new PodTargetRules(DiscoveryConfig.DEFAULT);

    @Test
    void portsOutOfRangeAndUnknownSchemesAreProblemsNotTargets() {
        assertThat(rules.engineTarget(annotated(Map.of("prometheus.io/port", "70000"))).problem())
                .startsWith("Pod ns/chat-engine-1: annotation prometheus.io/port \"70000\" is neither a port number");
        assertThat(rules.engineTarget(annotated(Map.of("prometheus.io/scheme", "grpc"))).problem())
                .isEqualTo("Pod ns/chat-engine-1: annotation prometheus.io/scheme \"grpc\" is neither http nor https;"
                        + " fix or remove it; the pod is not scraped");
        assertThat(rules.engineTarget(annotated(Map.of("prometheus.io/path", "/metrics?x=1"))).problem())
                .contains("is not an absolute URL path");
        PodTarget https = rules.engineTarget(annotated(Map.of("prometheus.io/scheme", "https", "prometheus.io/port",
                " 8443 ")));
        assertThat(https.target().url().toString()).isEqualTo("https://10.0.0.1:8443/metrics");
    }

    @Test
    void workersOfAMultiNodeGroupAreSkippedUnlessTheyAskToBeScraped() {
        Pod worker = OmePods.deepseekLeaderWorker("ds", "r1", "engine", "lws-r1-engine-0-1", "10.0.0.2", 1).build();
        assertThat(rules.engineTarget(worker)).isEqualTo(new PodTarget(null, null));
        Pod annotatedWorker = new PodBuilder(worker).editMetadata().addToAnnotations("prometheus.io/port", "8080")
                .endMetadata().build();
        assertThat(rules.engineTarget(annotatedWorker).target().pod()).isEqualTo("lws-r1-engine-0-1");
    }

    @Test
    void podsWithoutStatusOrIpOrNotRunningGiveNothing() {
        Pod noStatus = OmePods.qwenEngine("ns", "chat", "p", "10.0.0.1").withStatus(null).build();
        assertThat(rules.engineTarget(noStatus)).isEqualTo(new PodTarget(null, null));
        Pod succeeded = OmePods.qwenEngine("ns", "chat", "p", "10.0.0.1").editStatus().withPhase("Succeeded")
                .endStatus().build();
        assertThat(rules.engineTarget(succeeded).target()).isNull();
        Pod noIp = OmePods.qwenEngine("ns", "chat", "p", "").build();
        assertThat(rules.engineTarget(noIp).target()).isNull();
        assertThat(rules.dcgmTarget(OmePods.pending(OmePods.dcgmExporter("gpu", "d", null))).target()).isNull();
    }

    @Test
    void selectorsParseOrSayWhatIsWrong() {
        assertThat(DiscoveryConfig.parseSelector("app.kubernetes.io/name=dcgm-exporter, team == gpu"))
                .containsExactly(Map.entry("app.kubernetes.io/name", "dcgm-exporter"), Map.entry("team", "gpu"));
        assertThat(DiscoveryConfig.parseSelector(" ")).isEmpty();
        assertThatThrownBy(() -> DiscoveryConfig.parseSelector("app!=dcgm"))
                .hasMessage("DCGM exporter selector \"app!=dcgm\" has the term \"app!=dcgm\" that is not key=value;"
                        + " write labels as key=value joined by commas, e.g. app.kubernetes.io/name=dcgm-exporter");
        assertThatThrownBy(() -> DiscoveryConfig.parseSelector("app in (a,b)")).hasMessageContaining("not key=value");
        assertThatThrownBy(() -> DiscoveryConfig.parseSelector("app=a,app=b"))
                .hasMessage("DCGM exporter selector \"app=a,app=b\" names label app twice; name each label once");
    }

    @Test
    void configurationRefusesWhatCannotWork() {
        assertThatThrownBy(() -> DiscoveryConfig.DEFAULT.withEngineDefaults(0, "/metrics"))
                .hasMessage("discovery enginePort 0 is not a TCP port; use 1-65535");
        assertThatThrownBy(() -> DiscoveryConfig.DEFAULT.withEngineDefaults(8080, "metrics"))
                .hasMessage("discovery enginePath \"metrics\" must be an absolute URL path such as /metrics");
        assertThatThrownBy(() -> DiscoveryConfig.DEFAULT.withScrape(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("discovery scrapeInterval must be positive, got PT0S");
    }

    private static Pod annotated(Map<String, String> annotations) {
        return OmePods.qwenEngine("ns", "chat", "chat-engine-1", "10.0.0.1").editMetadata()
                .addToAnnotations(annotations).endMetadata().build();
    }
}
