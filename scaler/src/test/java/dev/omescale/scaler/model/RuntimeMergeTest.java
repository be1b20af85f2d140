package dev.omescale.scaler.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ome-compat section 3: runtime config under the ISVC, the ISVC winning, and the webhook's min/max on top. */
class RuntimeMergeTest {
    private static final String RUNTIME = """
            apiVersion: ome.io/v1beta1
            kind: ClusterServingRuntime
            metadata: {name: srt-test}
            spec:
              engineConfig:
                minReplicas: 2
                maxReplicas: 5
                scaleMetric: memory
                scaleTarget: 60
                annotations:
                  ome.io/autoscalerClass: external
                  omescale.dev/slo-ttft-p95: 3s
                kedaConfig: {scalingThreshold: "4"}
              decoderConfig:
                maxReplicas: 3
                worker: {size: 1}
              routerConfig:
                maxReplicas: 7
            """;

    private static ResolvedService resolve(String spec) {
        String isvc = """
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata:
                  name: llama-chat
                  namespace: default
                  annotations: {ome.io/autoscalerClass: keda}
                spec:
                  model: {name: llama}
                  runtime: {name: srt-test}
                """ + spec;
        return EffectiveSpecResolver.resolve(InferenceServiceReader.read(isvc), RuntimeDefaults.read(RUNTIME));
    }

    @Test
    void runtimeMinAndMaxNeverApplyBecauseTheWebhookWritesDefaultsIntoTheIsvc() {
        ResolvedService r = resolve("  engine: {}\n");
        EffectiveComponentSpec engine = r.component(ComponentKind.ENGINE).orElseThrow();
        assertThat(engine.minReplicas()).isEqualTo(1);
        assertThat(engine.maxReplicas()).isEqualTo(3);
        assertThat(r.problems()).map(SpecProblem::toString).contains(
                "ClusterServingRuntime/srt-test: spec.engineConfig.minReplicas=2: never applies: OME's webhook writes "
                        + "minReplicas: 1 into default/llama-chat spec.engine.minReplicas when it is absent, and the "
                        + "ISVC wins the merge; set spec.engine.minReplicas instead",
                "ClusterServingRuntime/srt-test: spec.engineConfig.maxReplicas=5: never applies: OME's webhook writes "
                        + "maxReplicas: 3 into default/llama-chat spec.engine.maxReplicas when it is absent or 0, and "
                        + "the ISVC wins the merge; set spec.engine.maxReplicas instead");
    }

    @Test
    void isvcMinAndMaxWinWithoutComplaint() {
        ResolvedService r = resolve("  engine: {minReplicas: 2, maxReplicas: 8}\n");
        EffectiveComponentSpec engine = r.component(ComponentKind.ENGINE).orElseThrow();
        assertThat(engine.minReplicas()).isEqualTo(2);
        assertThat(engine.maxReplicas()).isEqualTo(8);
        assertThat(r.problems()).map(SpecProblem::field).doesNotContain("spec.engineConfig.minReplicas",
                "spec.engineConfig.maxReplicas");
    }

    @Test
    void runtimeMetricTargetAndAnnotationsApplyFieldByFieldUnderTheIsvc() {
        ResolvedService r = resolve("  engine: {scaleMetric: cpu}\n");
        EffectiveComponentSpec engine = r.component(ComponentKind.ENGINE).orElseThrow();
        assertThat(engine.scaleMetric()).isEqualTo(ScaleMetric.CPU);
        assertThat(engine.scaleTarget()).isEqualTo(new ScaleTarget(60, ScaleTarget.Type.UTILIZATION_PERCENT,
                SettingSource.SPEC));
        // The runtime's annotation beats the ISVC metadata's keda.
        assertThat(engine.autoscalerClass()).isEqualTo(AutoscalerClass.EXTERNAL);
        assertThat(engine.lever()).isEqualTo(ScalingLever.DEPLOYMENT_SCALE);
        assertThat(engine.omescale().sloTtftP95()).hasSeconds(3);
        assertThat(engine.omescale().policies()).containsExactly(PolicyKind.SLO);
        assertThat(engine.keda().threshold()).isEqualTo("4");
        assertThat(engine.keda().sourceOf(KedaTrigger.Field.THRESHOLD))
                .isEqualTo(SettingSource.COMPONENT_KEDA_CONFIG);

        EffectiveComponentSpec fromRuntimeOnly = resolve("  engine: {}\n").component(ComponentKind.ENGINE)
                .orElseThrow();
        assertThat(fromRuntimeOnly.scaleMetric()).isEqualTo(ScaleMetric.MEMORY);
    }

    @Test
    void componentAnnotationsBeatTheRuntimes() {
        ResolvedService r = resolve("  engine:\n    annotations: {ome.io/autoscalerClass: hpa}\n");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().autoscalerClass()).isEqualTo(AutoscalerClass.HPA);
    }

    @Test
    void noEngineInTheIsvcMeansNoEngineEvenWithEngineConfig() {
        ResolvedService r = resolve("  router: {}\n");
        assertThat(r.components()).map(EffectiveComponentSpec::kind).containsExactly(ComponentKind.ROUTER);
        assertThat(r.errors()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.engine: is absent; OME cannot reconcile an InferenceService without an "
                        + "engine; the runtime's engineConfig alone does not create one; add spec.engine: {}");
        // The router still resolves: runtime max 7 is overridden by the router default 2.
        assertThat(r.component(ComponentKind.ROUTER).orElseThrow().maxReplicas()).isEqualTo(2);
        assertThat(r.component(ComponentKind.ROUTER).orElseThrow().autoscalerClass())
                .isEqualTo(AutoscalerClass.KEDA);
    }

    @Test
    void runtimeWorkerMakesTheDecoderMultiNode() {
        ResolvedService r = resolve("  engine: {}\n  decoder: {}\n");
        EffectiveComponentSpec decoder = r.component(ComponentKind.DECODER).orElseThrow();
        assertThat(decoder.deploymentMode()).isEqualTo(DeploymentMode.MULTI_NODE);
        assertThat(decoder.maxReplicas()).isEqualTo(3);
        assertThat(decoder.lever()).isEqualTo(ScalingLever.NONE);
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().deploymentMode())
                .isEqualTo(DeploymentMode.RAW_DEPLOYMENT);
    }

    @Test
    void theRuntimesComponentKedaConfigIsReportedAsIgnoredByOme() {
        ResolvedService r = resolve("  engine: {}\n");
        assertThat(r.warnings()).map(SpecProblem::toString).contains(
                "ClusterServingRuntime/srt-test: spec.engineConfig.kedaConfig: is ignored by OME, which reads only "
                        + "spec.kedaConfig; omescale honours it as an override for llama-chat-engine (annotations "
                        + "still win)");
    }

    @Test
    void aRuntimeModeAnnotationCountsAsAnEngineAnnotation() {
        String runtime = """
                apiVersion: ome.io/v1beta1
                kind: ServingRuntime
                metadata: {name: srt-test, namespace: default}
                spec:
                  engineConfig:
                    annotations: {ome.io/deploymentMode: Serverless}
                """;
        InferenceService isvc = InferenceServiceReader.read("""
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata: {name: llama-chat, namespace: default}
                spec:
                  engine: {minReplicas: 1}
                """);
        ResolvedService r = EffectiveSpecResolver.resolve(isvc, RuntimeDefaults.read(runtime));
        EffectiveComponentSpec engine = r.component(ComponentKind.ENGINE).orElseThrow();
        assertThat(engine.deploymentMode()).isEqualTo(DeploymentMode.SERVERLESS);
        assertThat(engine.minReplicas()).isEqualTo(1);
        assertThat(engine.lever()).isEqualTo(ScalingLever.NONE);
        assertThat(RuntimeDefaults.read(runtime).objectId()).isEqualTo("ServingRuntime/default/srt-test");
        assertThat(r.problems()).isEmpty();
    }
}
