package dev.omescale.scaler.model;

import static dev.omescale.scaler.model.AutoscalerClass.HPA;
import static dev.omescale.scaler.model.ComponentKind.DECODER;
import static dev.omescale.scaler.model.ComponentKind.ENGINE;
import static dev.omescale.scaler.model.ComponentKind.ROUTER;
import static dev.omescale.scaler.model.DeploymentMode.MULTI_NODE;
import static dev.omescale.scaler.model.DeploymentMode.RAW_DEPLOYMENT;
import static dev.omescale.scaler.model.ScaleMetric.CPU;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The effective spec of each of OME's samples, computed by hand from the sample, the runtime and ome-compat. */
class SampleResolutionTest {

    record Expected(ComponentKind kind, int min, int max, ScaleMetric metric, AutoscalerClass cls,
                    DeploymentMode mode) {
    }

    private static Expected raw(ComponentKind kind) {
        return new Expected(kind, 1, 1, CPU, HPA, RAW_DEPLOYMENT);
    }

    private static Expected multiNode(ComponentKind kind) {
        return new Expected(kind, 1, 1, CPU, HPA, MULTI_NODE);
    }

    // Every sample pins min = max = 1 and sets no metric, class or mode of its own.
    static Stream<Arguments> samplesAlone() {
        return Stream.of(
                Arguments.of("Qwen_qwen3-8b.yaml", List.of(raw(ENGINE), raw(ROUTER))),
                Arguments.of("deepseek-ai_deepseek-r1.yaml", List.of(raw(ENGINE))),
                Arguments.of("deepseek-ai_deepseek-v3-pd.yaml", List.of(raw(ENGINE), raw(DECODER), raw(ROUTER))),
                Arguments.of("meta_llama-4-scout-17b-16e-instruct.yaml", List.of(raw(ENGINE), raw(ROUTER))),
                Arguments.of("moonshotai_kimi-k2-pd.yaml", List.of(raw(ENGINE), raw(DECODER), raw(ROUTER))),
                Arguments.of("openai_gpt-oss-20b.yaml", List.of(raw(ENGINE))));
    }

    // The multi-node runtimes carry leader/worker in engineConfig (and decoderConfig), so the merged engine is an LWS.
    static Stream<Arguments> samplesWithTheirRuntime() {
        return Stream.of(
                Arguments.of("Qwen_qwen3-8b.yaml", "Qwen_qwen3-8b-rt.yaml", List.of(raw(ENGINE), raw(ROUTER))),
                Arguments.of("deepseek-ai_deepseek-r1.yaml", "deepseek-rdma-rt.yaml", List.of(multiNode(ENGINE))),
                Arguments.of("deepseek-ai_deepseek-v3-pd.yaml", "deepseek-rdma-pd-rt.yaml",
                        List.of(multiNode(ENGINE), multiNode(DECODER), raw(ROUTER))));
    }

    @ParameterizedTest
    @MethodSource("samplesAlone")
    void sampleAlone(String file, List<Expected> expected) {
        ResolvedService resolved = EffectiveSpecResolver.resolve(OmeFixtures.sample(file));
        assertResolved(resolved, expected);
    }

    @ParameterizedTest
    @MethodSource("samplesWithTheirRuntime")
    void sampleWithItsRuntime(String file, String runtime, List<Expected> expected) {
        ResolvedService resolved = EffectiveSpecResolver.resolve(OmeFixtures.sample(file), OmeFixtures.runtime(runtime));
        assertResolved(resolved, expected);
    }

    private static void assertResolved(ResolvedService resolved, List<Expected> expected) {
        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.serviceMode()).isEqualTo(RAW_DEPLOYMENT);
        assertThat(resolved.components()).map(c -> new Expected(c.kind(), c.minReplicas(), c.maxReplicas(),
                c.scaleMetric(), c.autoscalerClass(), c.deploymentMode())).containsExactlyElementsOf(expected);
        for (EffectiveComponentSpec c : resolved.components()) {
            String isvc = resolved.isvc().name();
            assertThat(c.objectName()).isEqualTo(isvc + "-" + c.kind().word());
            assertThat(c.scaleTarget()).isEqualTo(new ScaleTarget(80, ScaleTarget.Type.UTILIZATION_PERCENT,
                    SettingSource.DEFAULT));
            assertThat(c.omescale().policies()).containsExactly(PolicyKind.HPA);
            assertThat(c.omescale().policySource()).isEqualTo(SettingSource.DEFAULT);
            assertThat(c.lever()).isEqualTo(ScalingLever.NONE);
            assertThat(c.keda().query()).isEqualTo(KedaTrigger.DEFAULT_QUERY.replace("%s", c.objectName()));
            assertThat(c.keda().metricName()).isEqualTo("tps");
            assertThat(c.keda().queryConfigured()).isFalse();
        }
        assertThat(resolved.decoderRatio()).isNull();
    }

    @Test
    void theQwenRuntimeAddsItsScrapeAnnotationsToTheEngine() {
        ResolvedService resolved = EffectiveSpecResolver.resolve(OmeFixtures.sample("Qwen_qwen3-8b.yaml"),
                OmeFixtures.runtime("Qwen_qwen3-8b-rt.yaml"));
        EffectiveComponentSpec engine = resolved.component(ENGINE).orElseThrow();
        assertThat(engine.annotations().get("prometheus.io/port").orElseThrow())
                .isEqualTo(new ComponentAnnotations.Entry("8080", "ClusterServingRuntime/srt-qwen3-8b",
                        "spec.engineConfig.annotations[\"prometheus.io/port\"]"));
        assertThat(resolved.component(ROUTER).orElseThrow().annotations().values()).isEmpty();
    }

    @Test
    void theLlamaSampleSetsTheServiceModeExplicitly() {
        ResolvedService resolved =
                EffectiveSpecResolver.resolve(OmeFixtures.sample("meta_llama-4-scout-17b-16e-instruct.yaml"));
        assertThat(resolved.isvc().annotations()).containsEntry("ome.io/deploymentMode", "RawDeployment");
        assertThat(resolved.serviceMode()).isEqualTo(RAW_DEPLOYMENT);
    }

    @Test
    void theStaleSampleResolvesToNoComponentsWithItsProblemsNamed() {
        ResolvedService resolved = EffectiveSpecResolver.resolve(OmeFixtures.sample(OmeFixtures.STALE_SAMPLE));
        assertThat(resolved.components()).isEmpty();
        assertThat(resolved.errors()).map(SpecProblem::field).containsExactlyInAnyOrder(
                "spec.modelRef", "spec.minReplicas", "spec.maxReplicas", "spec.scaleTarget", "spec.engine");
        assertThat(resolved.errors()).map(SpecProblem::toString).contains(
                "zai-org-test/glm-4-5v-test: spec.engine: is absent; OME cannot reconcile an InferenceService "
                        + "without an engine; add spec.engine: {}");
    }

    @Test
    void aRuntimeOtherThanTheOneNamedIsReported() {
        ResolvedService resolved = EffectiveSpecResolver.resolve(OmeFixtures.sample("Qwen_qwen3-8b.yaml"),
                OmeFixtures.runtime("deepseek-rdma-rt.yaml"));
        assertThat(resolved.problems()).map(SpecProblem::toString).containsExactly(
                "qwen3-8b/qwen3-8b: spec.runtime.name=\"srt-qwen3-8b\": names another runtime than the defaults "
                        + "given (ClusterServingRuntime/srt-deepseek-rdma); resolve with the runtime the ISVC names");
    }

    @Test
    void aPredictorOnlyIsvcIsToldToMigrate() {
        ResolvedService r = Isvcs.resolve("", "  predictor: {minReplicas: 1}\n");
        assertThat(r.components()).isEmpty();
        assertThat(r.problems()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.engine: is absent; OME cannot reconcile an InferenceService without an "
                        + "engine; spec.predictor is deprecated and OME migrates it to spec.engine, which omescale "
                        + "reads; add spec.engine: {}");
    }
}
