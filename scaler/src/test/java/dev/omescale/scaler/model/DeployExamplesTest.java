package dev.omescale.scaler.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The InferenceServices in {@code deploy/} (the examples and the sidecar overlay's) fit OME's real CRD schema, and
 * omescale reads every annotation on them without a problem: what a user copies from there works.
 */
class DeployExamplesTest {
    private static final CrdSchema CRD =
            CrdSchema.load(OmeFixtures.resource("crd/ome.io_inferenceservices.yaml"), "v1beta1");
    private static final List<Path> FILES = List.of(Path.of("..", "deploy", "examples", "inferenceservice.yaml"),
            Path.of("..", "deploy", "overlays", "sidecar", "inferenceservice.yaml"));

    private static List<InferenceService> all() throws IOException {
        List<InferenceService> out = new ArrayList<>();
        for (Path file : FILES) {
            out.addAll(InferenceServiceReader.readAll(Files.readString(file)));
        }
        return out;
    }

    @Test
    void everyExampleFitsOmesCrdAndResolvesWithoutProblems() throws IOException {
        List<InferenceService> services = all();
        assertThat(services).extracting(InferenceService::name).containsExactly("qwen3-8b", "deepseek-v3", "qwen3-8b");
        for (InferenceService isvc : services) {
            assertThat(CRD.violations(isvc.raw())).as(isvc.name()).isEmpty();
            ResolvedService resolved = EffectiveSpecResolver.resolve(isvc);
            assertThat(resolved.problems()).as(isvc.name()).isEmpty();
            for (EffectiveComponentSpec c : resolved.components()) {
                if (c.kind() != ComponentKind.ROUTER) {
                    assertThat(c.autoscalerClass()).as(isvc.name() + " " + c.kind()).isEqualTo(AutoscalerClass.EXTERNAL);
                }
            }
        }
    }

    @Test
    void theAnnotationsSayWhatTheCommentsSay() throws IOException {
        List<InferenceService> services = all();
        ResolvedService qwen = EffectiveSpecResolver.resolve(services.get(0));
        OmescaleSettings engine = qwen.component(ComponentKind.ENGINE).orElseThrow().omescale();
        assertThat(engine.policies()).containsExactly(PolicyKind.SLO);
        assertThat(engine.sloTtftP95()).isEqualTo(Duration.ofSeconds(2));
        assertThat(engine.sloItlP95()).isEqualTo(Duration.ofMillis(50));
        assertThat(engine.behavior()).isNotNull();
        assertThat(qwen.component(ComponentKind.ENGINE).orElseThrow().maxReplicas()).isEqualTo(8);

        ResolvedService deepseek = EffectiveSpecResolver.resolve(services.get(1));
        assertThat(deepseek.ratio()).isPresent();
        assertThat(deepseek.component(ComponentKind.DECODER).orElseThrow().omescale().policies())
                .containsExactly(PolicyKind.SLO);
    }
}
