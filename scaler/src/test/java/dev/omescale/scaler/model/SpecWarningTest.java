package dev.omescale.scaler.model;

import static dev.omescale.scaler.model.Isvcs.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Settings that are valid but do not do what their author likely expects. */
class SpecWarningTest {

    private static String onlyWarning(ResolvedService r) {
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).hasSize(1);
        assertThat(r.warnings().get(0).severity()).isEqualTo(SpecProblem.Severity.WARNING);
        return r.warnings().get(0).toString();
    }

    @Test
    void aComponentKedaConfigIsHonouredAlthoughOmeIgnoresIt() {
        ResolvedService r = resolve("    ome.io/autoscalerClass: external\n",
                "  engine:\n    kedaConfig: {customPromQuery: \"sum(x{pod=~\\\"%s-.*\\\"})\"}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: spec.engine.kedaConfig: is ignored by OME, which "
                + "reads only spec.kedaConfig; omescale honours it as an override for llama-chat-engine (annotations "
                + "still win)");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().keda().query())
                .isEqualTo("sum(x{pod=~\"llama-chat-engine-.*\"})");
    }

    @Test
    void aPercentSQueryOnTheIsvcLabelMatchesNothing() {
        ResolvedService r = resolve("    ome.io/autoscalerClass: external\n", """
                  kedaConfig:
                    customPromQuery: sum(vllm:num_requests_waiting{ome_io_inferenceservice="%s"})
                  engine: {}
                  decoder: {}
                """);
        assertThat(r.warnings()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.kedaConfig.customPromQuery=\"sum(vllm:num_requests_waiting{"
                        + "ome_io_inferenceservice=\\\"%s\\\"})\": selects ome_io_inferenceservice=\"llama-chat-engine\" "
                        + "after %s becomes the component object name, which matches nothing: that label holds the "
                        + "InferenceService name (llama-chat); select ome_io_inferenceservice=\"llama-chat\","
                        + "component=\"engine\" instead",
                "default/llama-chat: spec.kedaConfig.customPromQuery=\"sum(vllm:num_requests_waiting{"
                        + "ome_io_inferenceservice=\\\"%s\\\"})\": selects ome_io_inferenceservice=\"llama-chat-decoder\" "
                        + "after %s becomes the component object name, which matches nothing: that label holds the "
                        + "InferenceService name (llama-chat); select ome_io_inferenceservice=\"llama-chat\","
                        + "component=\"decoder\" instead");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().omescale().policies())
                .containsExactly(PolicyKind.THRESHOLD);
    }

    @Test
    void aLiteralComponentNameOnTheIsvcLabelMatchesNothingEither() {
        ResolvedService r = resolve(
                "    autoscaling.keda.sh/prometheus.query: sum(x{ome_io_inferenceservice=~\"llama-chat-engine\"})\n",
                "  engine: {}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: metadata.annotations[\"autoscaling.keda.sh/"
                + "prometheus.query\"]=\"sum(x{ome_io_inferenceservice=~\\\"llama-chat-engine\\\"})\": selects "
                + "ome_io_inferenceservice=\"llama-chat-engine\", which matches nothing: that label holds the "
                + "InferenceService name (llama-chat), not the component object name; select "
                + "ome_io_inferenceservice=\"llama-chat\",component=\"engine\" instead");
    }

    @Test
    void theIsvcNameOnTheIsvcLabelIsFine() {
        ResolvedService r = resolve("    ome.io/autoscalerClass: external\n", """
                  kedaConfig:
                    customPromQuery: sum(x{ome_io_inferenceservice="llama-chat",component="engine"})
                  engine: {}
                """);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void omesDefaultQueryIsFlaggedOnlyWhenKedaWouldUseIt() {
        assertThat(resolve("", "  engine: {}\n").problems()).isEmpty();
        ResolvedService keda = resolve("    ome.io/autoscalerClass: keda\n", "  engine: {}\n");
        assertThat(onlyWarning(keda)).isEqualTo("default/llama-chat: spec.kedaConfig.customPromQuery: is absent, so "
                + "OME's KEDA trigger uses its default query, which selects ome_io_inferenceservice="
                + "\"llama-chat-engine\" and matches nothing: that label holds the InferenceService name "
                + "(llama-chat); it also reads a vLLM V0 gauge; set customPromQuery and select "
                + "ome_io_inferenceservice=\"llama-chat\",component=\"engine\" instead");
    }

    @Test
    void aQueryWithoutPercentSBreaksInOmesSprintf() {
        ResolvedService r = resolve("    ome.io/autoscalerClass: keda\n",
                "  kedaConfig: {customPromQuery: \"sum(vllm:num_requests_waiting)\"}\n  engine: {}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: spec.kedaConfig.customPromQuery="
                + "\"sum(vllm:num_requests_waiting)\": has no %s; OME formats it with fmt.Sprintf(query, "
                + "\"llama-chat-engine\"), which appends %!(EXTRA string=llama-chat-engine) and breaks it; put %s "
                + "where the name belongs, or use the annotation autoscaling.keda.sh/prometheus.query (used "
                + "verbatim)");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().keda().query())
                .isEqualTo("sum(vllm:num_requests_waiting)");
    }

    @Test
    void concurrencyWithOmesHpaIsABrokenHpa() {
        ResolvedService r = resolve("", "  engine: {scaleMetric: concurrency}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: spec.engine.scaleMetric=\"concurrency\": OME's HPA "
                + "would use \"concurrency\" as a Resource metric, which Kubernetes cannot read, so the HPA never "
                + "scales; set ome.io/autoscalerClass: external to let omescale scale on concurrency, or use cpu or "
                + "memory");
        // Serverless hands concurrency to Knative, which understands it.
        assertThat(resolve("", "  engine: {scaleMetric: rps, minReplicas: 0}\n").problems()).isEmpty();
    }

    @Test
    void enableKedaIsNotReadByOme() {
        ResolvedService r = resolve("", "  kedaConfig: {enableKeda: true}\n  engine: {}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: spec.kedaConfig.enableKeda=true: is not read by "
                + "OME; only the annotation ome.io/autoscalerClass: keda selects KEDA, so remove enableKeda");
    }

    @Test
    void thresholdPolicyWithoutAQuery() {
        ResolvedService r = resolve("    omescale.dev/policy: threshold\n", "  engine: {}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: metadata.annotations[\"omescale.dev/policy\"]="
                + "\"threshold\": threshold needs a PromQL query; set autoscaling.keda.sh/prometheus.query or "
                + "spec.kedaConfig.customPromQuery (OME's default query matches nothing)");
    }

    @Test
    void sloPolicyWithoutATarget() {
        ResolvedService r = resolve("", "  engine:\n    annotations: {omescale.dev/policy: slo}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: spec.engine.annotations[\"omescale.dev/policy\"]="
                + "\"slo\": slo needs a target; set omescale.dev/slo-ttft-p95 or omescale.dev/slo-itl-p95, e.g. 2s");
    }

    @Test
    void aDecoderRatioWithoutADecoder() {
        ResolvedService r = resolve("    omescale.dev/decoder-ratio: \"1:2\"\n", "  engine: {}\n  router: {}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: metadata.annotations[\"omescale.dev/decoder-ratio\"]"
                + "=\"1:2\": has no effect: default/llama-chat has no decoder; the ratio applies only with "
                + "spec.engine and spec.decoder (prefill/decode)");
        assertThat(r.decoderRatio()).isNull();
    }

    @Test
    void scaleToZeroOnAServerlessComponent() {
        ResolvedService r = resolve("", "  engine:\n    minReplicas: 0\n"
                + "    annotations: {omescale.dev/scale-to-zero: 5m}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: spec.engine.annotations[\"omescale.dev/scale-to-zero\"]"
                + "=\"5m\": has no effect: minReplicas 0 already makes llama-chat-engine Serverless, where Knative "
                + "scales to zero and omescale does not scale; set minReplicas: 1 to keep a Deployment and let "
                + "omescale scale it to zero");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().scaleToZeroAllowed()).isFalse();
    }

    @Test
    void minReplicasZeroOnADecoderDoesNotScaleToZero() {
        ResolvedService r = resolve("", "  engine: {}\n  decoder: {minReplicas: 0}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: spec.decoder.minReplicas=0: does not scale to zero: "
                + "a decoder is never Serverless, and OME keeps at least 1 replica; using 1 (for idle scale-down set "
                + "omescale.dev/scale-to-zero with minReplicas: 1)");
        assertThat(r.component(ComponentKind.DECODER).orElseThrow().minReplicas()).isEqualTo(1);
    }

    @Test
    void aServerlessEngineIsForcedToRawBesideADecoder() {
        ResolvedService r = resolve("", "  engine: {minReplicas: 0}\n  decoder: {}\n");
        assertThat(r.warnings()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.engine: resolves to Serverless, but OME forces the engine to RawDeployment "
                        + "when a decoder exists; engine and decoder both run as Deployments",
                "default/llama-chat: spec.engine.minReplicas=0: does not scale to zero: this engine is RawDeployment, "
                        + "not Serverless, and OME keeps at least 1 replica; using 1 (for idle scale-down set "
                        + "omescale.dev/scale-to-zero with minReplicas: 1)");
        EffectiveComponentSpec engine = r.component(ComponentKind.ENGINE).orElseThrow();
        assertThat(engine.deploymentMode()).isEqualTo(DeploymentMode.RAW_DEPLOYMENT);
        assertThat(engine.minReplicas()).isEqualTo(1);
    }

    @Test
    void utilizationAnnotationWithAConcurrencyMetric() {
        ResolvedService r = resolve("    ome.io/autoscalerClass: external\n"
                + "    ome.io/targetUtilizationPercentage: \"60\"\n", "  engine: {scaleMetric: concurrency}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: metadata.annotations[\"ome.io/"
                + "targetUtilizationPercentage\"]=60: applies to cpu and memory only; the concurrency target per pod "
                + "is spec.engine.scaleTarget");
    }

    @Test
    void omeMetricsAnnotationIsValidatedButUnused() {
        ResolvedService r = resolve("    ome.io/metrics: memory\n", "  engine: {}\n  router: {scaleMetric: memory}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: metadata.annotations[\"ome.io/metrics\"]=\"memory\": "
                + "is validated by OME but not used: its HPAs take the metric from each component's scaleMetric "
                + "(engine: cpu); set scaleMetric: memory on those components");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().metricsAnnotation()).isEqualTo(ScaleMetric.MEMORY);
    }

    @Test
    void authModesWithoutAuthenticationRef() {
        ResolvedService r = resolve("", "  kedaConfig: {authModes: bearer}\n  engine: {}\n");
        assertThat(onlyWarning(r)).isEqualTo("default/llama-chat: spec.kedaConfig.authModes=\"bearer\": has no effect "
                + "without authenticationRef (OME emits authModes only with it); add authenticationRef: "
                + "{name: <TriggerAuthentication>}");
    }
}
