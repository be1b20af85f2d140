package dev.omescale.scaler.model;

import static dev.omescale.scaler.model.Isvcs.engine;
import static dev.omescale.scaler.model.Isvcs.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.omescale.scaler.hpa.HpaBehavior;
import dev.omescale.scaler.hpa.HpaScalingPolicy;
import dev.omescale.scaler.hpa.HpaScalingRules;
import dev.omescale.scaler.hpa.SelectPolicy;
import org.junit.jupiter.api.Test;

/** Which written value wins, for every setting: annotation > kedaConfig > default, component > ISVC metadata. */
class AnnotationPrecedenceTest {

    @Test
    void autoscalerClassComponentBeatsMetadataAndDefaultsToHpa() {
        assertThat(engine("", "  engine: {}\n").autoscalerClass()).isEqualTo(AutoscalerClass.HPA);
        assertThat(engine("    ome.io/autoscalerClass: keda\n", "  engine: {}\n").autoscalerClass())
                .isEqualTo(AutoscalerClass.KEDA);
        ResolvedService r = resolve("    ome.io/autoscalerClass: keda\n",
                "  engine:\n    annotations: {ome.io/autoscalerClass: external}\n  router: {}\n");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().autoscalerClass())
                .isEqualTo(AutoscalerClass.EXTERNAL);
        assertThat(r.component(ComponentKind.ROUTER).orElseThrow().autoscalerClass())
                .isEqualTo(AutoscalerClass.KEDA);
    }

    @Test
    void utilizationTargetAnnotationBeatsScaleTargetBeats80() {
        assertThat(engine("", "  engine: {}\n").scaleTarget())
                .isEqualTo(new ScaleTarget(80, ScaleTarget.Type.UTILIZATION_PERCENT, SettingSource.DEFAULT));
        assertThat(engine("", "  engine: {scaleTarget: 65}\n").scaleTarget())
                .isEqualTo(new ScaleTarget(65, ScaleTarget.Type.UTILIZATION_PERCENT, SettingSource.SPEC));
        assertThat(engine("    ome.io/targetUtilizationPercentage: \"50\"\n", "  engine: {scaleTarget: 65}\n")
                .scaleTarget())
                .isEqualTo(new ScaleTarget(50, ScaleTarget.Type.UTILIZATION_PERCENT, SettingSource.ANNOTATION));
        assertThat(engine("    ome.io/targetUtilizationPercentage: \"50\"\n",
                "  engine:\n    scaleMetric: memory\n    annotations: {ome.io/targetUtilizationPercentage: \"70\"}\n")
                .scaleTarget().value()).isEqualTo(70);
    }

    @Test
    void concurrencyAndRpsTargetsArePerPodAveragesWithKnativeDefaults() {
        EffectiveComponentSpec concurrency = engine("    ome.io/autoscalerClass: external\n",
                "  engine: {scaleMetric: concurrency}\n");
        assertThat(concurrency.scaleTarget())
                .isEqualTo(new ScaleTarget(100, ScaleTarget.Type.AVERAGE_VALUE, SettingSource.DEFAULT));
        assertThat(concurrency.scaleTarget().defaulted()).isTrue();
        assertThat(concurrency.keda().metricName()).isEqualTo("concurrency");
        assertThat(engine("    ome.io/autoscalerClass: external\n", "  engine: {scaleMetric: rps}\n").scaleTarget())
                .isEqualTo(new ScaleTarget(200, ScaleTarget.Type.AVERAGE_VALUE, SettingSource.DEFAULT));
        assertThat(engine("    ome.io/autoscalerClass: external\n",
                "  engine: {scaleMetric: concurrency, scaleTarget: 16}\n").scaleTarget())
                .isEqualTo(new ScaleTarget(16, ScaleTarget.Type.AVERAGE_VALUE, SettingSource.SPEC));
    }

    @Test
    void kedaSettingsFollowAnnotationThenComponentKedaConfigThenSpecKedaConfigThenDefault() {
        String topLevel = """
                  kedaConfig:
                    promServerAddress: http://top:9090
                    customPromQuery: sum(top{pod=~"%s-.*"})
                    scalingThreshold: "7"
                    scalingOperator: GreaterThan
                """;
        String engineKeda = """
                  engine:
                    kedaConfig:
                      promServerAddress: http://component:9090
                      customPromQuery: sum(component{pod=~"%s-.*"})
                      scalingThreshold: "3"
                """;
        KedaTrigger defaults = engine("", "  engine: {}\n").keda();
        assertThat(defaults.serverAddress()).isEqualTo("http://prometheus-operated.monitoring.svc.cluster.local:9090");
        assertThat(defaults.threshold()).isEqualTo("10");
        assertThat(defaults.thresholdValue()).isEqualTo(10.0);
        assertThat(defaults.operator()).isEqualTo("LessThanOrEqual");
        assertThat(defaults.query()).isEqualTo("sum(avg_over_time(vllm:avg_generation_throughput_toks_per_s"
                + "{ome_io_inferenceservice=\"llama-chat-engine\"}[5m]) < bool 10) * sum(rate("
                + "vllm:request_success_total{ome_io_inferenceservice=\"llama-chat-engine\"}[1m]) > bool 0.50)");
        assertThat(defaults.sources()).isEmpty();

        KedaTrigger top = engine("", topLevel + "  engine: {}\n").keda();
        assertThat(top.serverAddress()).isEqualTo("http://top:9090");
        assertThat(top.query()).isEqualTo("sum(top{pod=~\"llama-chat-engine-.*\"})");
        assertThat(top.queryAsWritten()).isEqualTo("sum(top{pod=~\"%s-.*\"})");
        assertThat(top.thresholdValue()).isEqualTo(7.0);
        assertThat(top.operator()).isEqualTo("GreaterThan");
        assertThat(top.sourceOf(KedaTrigger.Field.QUERY)).isEqualTo(SettingSource.KEDA_CONFIG);

        KedaTrigger component = engine("", topLevel + engineKeda).keda();
        assertThat(component.serverAddress()).isEqualTo("http://component:9090");
        assertThat(component.query()).isEqualTo("sum(component{pod=~\"llama-chat-engine-.*\"})");
        assertThat(component.threshold()).isEqualTo("3");
        assertThat(component.operator()).isEqualTo("GreaterThan");
        assertThat(component.sourceOf(KedaTrigger.Field.QUERY)).isEqualTo(SettingSource.COMPONENT_KEDA_CONFIG);
        assertThat(component.sourceOf(KedaTrigger.Field.OPERATOR)).isEqualTo(SettingSource.KEDA_CONFIG);

        KedaTrigger annotated = engine("""
                    autoscaling.keda.sh/prometheus.serverAddress: https://annotated:9090
                    autoscaling.keda.sh/prometheus.query: sum(annotated{ome_io_inferenceservice="llama-chat"})
                    autoscaling.keda.sh/threshold: "0.07"
                    autoscaling.keda.sh/operator: GreaterThanOrEqual
                """, topLevel + engineKeda).keda();
        assertThat(annotated.serverAddress()).isEqualTo("https://annotated:9090");
        assertThat(annotated.query()).isEqualTo("sum(annotated{ome_io_inferenceservice=\"llama-chat\"})");
        assertThat(annotated.threshold()).isEqualTo("0.07");
        assertThat(annotated.thresholdValue()).isEqualTo(0.07);
        assertThat(annotated.operator()).isEqualTo("GreaterThanOrEqual");
        assertThat(annotated.sources()).containsOnlyKeys(KedaTrigger.Field.SERVER_ADDRESS, KedaTrigger.Field.QUERY,
                KedaTrigger.Field.THRESHOLD, KedaTrigger.Field.OPERATOR);
        assertThat(annotated.sources().values()).containsOnly(SettingSource.ANNOTATION);
    }

    @Test
    void anAnnotationQueryIsUsedVerbatimWithoutSubstitution() {
        ResolvedService r = resolve("    autoscaling.keda.sh/prometheus.query: sum(x{pod=~\"%s.*\"})\n",
                "  engine: {}\n");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().keda().query()).isEqualTo("sum(x{pod=~\"%s.*\"})");
        assertThat(r.warnings()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: metadata.annotations[\"autoscaling.keda.sh/prometheus.query\"]="
                        + "\"sum(x{pod=~\\\"%s.*\\\"})\": is used verbatim, so %s stays in the query; write the names "
                        + "out, or move the query to spec.kedaConfig.customPromQuery where %s becomes "
                        + "llama-chat-engine");
    }

    @Test
    void substitutionFollowsGoFormattingForPercentSigns() {
        KedaTrigger k = engine("", "  kedaConfig: {customPromQuery: \"sum(x{pod=~\\\"%s\\\"}) %% 2\"}\n"
                + "  engine: {}\n").keda();
        assertThat(k.query()).isEqualTo("sum(x{pod=~\"llama-chat-engine\"}) % 2");
    }

    @Test
    void authenticationRefComesFromTheMostSpecificKedaConfigWithItsModes() {
        KedaTrigger k = engine("", """
                  kedaConfig:
                    authenticationRef: {name: top-auth, kind: ClusterTriggerAuthentication}
                    authModes: basic
                  engine:
                    kedaConfig:
                      authenticationRef: {name: engine-auth}
                      authModes: "bearer,tls"
                """).keda();
        assertThat(k.authenticationRef()).isEqualTo(new KedaConfig.AuthenticationRef("engine-auth",
                "TriggerAuthentication"));
        assertThat(k.authModes()).isEqualTo("bearer,tls");
        assertThat(k.sourceOf(KedaTrigger.Field.AUTHENTICATION)).isEqualTo(SettingSource.COMPONENT_KEDA_CONFIG);
    }

    @Test
    void policyDefaultsToSloThenThresholdThenHpa() {
        EffectiveComponentSpec slo = engine("    omescale.dev/slo-itl-p95: 50ms\n", "  engine: {}\n");
        assertThat(slo.omescale().policies()).containsExactly(PolicyKind.SLO);
        assertThat(slo.omescale().sloItlP95()).isEqualTo(Duration.ofMillis(50));
        assertThat(slo.omescale().policySource()).isEqualTo(SettingSource.DEFAULT);

        String query = "  kedaConfig: {customPromQuery: \"sum(vllm:num_requests_waiting{pod=~\\\"%s-.*\\\"})\"}\n";
        assertThat(engine("    ome.io/autoscalerClass: external\n", query + "  engine: {}\n").omescale().policies())
                .containsExactly(PolicyKind.THRESHOLD);
        assertThat(engine("    ome.io/autoscalerClass: keda\n", query + "  engine: {}\n").omescale().policies())
                .containsExactly(PolicyKind.THRESHOLD);
        // With class hpa the query drives nothing, so the policy is what OME would do.
        assertThat(engine("", query + "  engine: {}\n").omescale().policies()).containsExactly(PolicyKind.HPA);
        // An slo target wins over a configured query.
        assertThat(engine("    ome.io/autoscalerClass: external\n    omescale.dev/slo-ttft-p95: 2s\n",
                query + "  engine: {}\n").omescale().policies()).containsExactly(PolicyKind.SLO);
        // An explicit policy wins over everything, and a list keeps its order without duplicates.
        EffectiveComponentSpec explicit = engine("    omescale.dev/slo-ttft-p95: 2s\n"
                + "    omescale.dev/policy: \"kpa, slo,kpa\"\n", "  engine: {}\n");
        assertThat(explicit.omescale().policies()).containsExactly(PolicyKind.KPA, PolicyKind.SLO);
        assertThat(explicit.omescale().policySource()).isEqualTo(SettingSource.ANNOTATION);
    }

    @Test
    void everyOmescaleAnnotationIsReadWithItsRawString() {
        ResolvedService r = resolve("""
                    ome.io/autoscalerClass: external
                    omescale.dev/slo-ttft-p95: 1500ms
                    omescale.dev/slo-itl-p95: 40ms
                    omescale.dev/scale-to-zero: 15m
                    omescale.dev/decoder-ratio: 1:1-1:4
                    omescale.dev/behavior: '{"scaleDown":{"stabilizationWindowSeconds":600,"selectPolicy":"Min","policies":[{"type":"Pods","value":1,"periodSeconds":60}],"tolerance":"50m"},"scaleUp":{"tolerance":0.02}}'
                """, "  engine: {}\n  decoder: {}\n");
        assertThat(r.problems()).isEmpty();
        EffectiveComponentSpec engine = r.component(ComponentKind.ENGINE).orElseThrow();
        OmescaleSettings o = engine.omescale();
        assertThat(o.sloTtftP95()).isEqualTo(Duration.ofMillis(1500));
        assertThat(o.sloItlP95()).isEqualTo(Duration.ofMillis(40));
        assertThat(o.scaleToZeroIdle()).isEqualTo(Duration.ofMinutes(15));
        assertThat(o.decoderRatio()).isEqualTo(new DecoderRatio(1, 1, 1, 4));
        assertThat(o.behavior()).isEqualTo(new HpaBehavior(
                new HpaScalingRules(null, null, null, 0.02),
                new HpaScalingRules(600, SelectPolicy.MIN,
                        List.of(new HpaScalingPolicy(HpaScalingPolicy.Type.PODS, 1, 60)), 0.05)));
        assertThat(o.multinodeLever()).isFalse();
        assertThat(o.raw()).containsOnlyKeys("omescale.dev/slo-ttft-p95", "omescale.dev/slo-itl-p95",
                "omescale.dev/scale-to-zero", "omescale.dev/decoder-ratio", "omescale.dev/behavior");
        assertThat(o.raw()).containsEntry("omescale.dev/decoder-ratio", "1:1-1:4");
        assertThat(engine.scaleToZeroAllowed()).isTrue();
        assertThat(r.decoderRatio()).isEqualTo(new DecoderRatio(1, 1, 1, 4));
    }

    @Test
    void theDecoderRatioOfTheDecoderWinsOverTheEngines() {
        ResolvedService r = resolve("", """
                  engine:
                    annotations: {omescale.dev/decoder-ratio: "1:2"}
                  decoder:
                    annotations: {omescale.dev/decoder-ratio: "1:1-1:3"}
                """);
        assertThat(r.decoderRatio()).isEqualTo(DecoderRatio.parse("1:1-1:3"));
        assertThat(r.warnings()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.engine.annotations[\"omescale.dev/decoder-ratio\"]=\"1:2\": differs from "
                        + "the decoder's 1:1-1:3; using the decoder's; write the ratio once, on the InferenceService "
                        + "metadata");
    }

    @Test
    void webhookDefaultsForMinAndMaxPerComponent() {
        ResolvedService r = resolve("", "  engine: {}\n  decoder: {maxReplicas: 0}\n  router: {minReplicas: 2}\n");
        assertThat(r.components()).map(c -> c.kind() + " " + c.minReplicas() + ".." + c.maxReplicas())
                .containsExactly("ENGINE 1..3", "DECODER 1..3", "ROUTER 2..2");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void deploymentModePerComponent() {
        // engine and router with minReplicas 0 are Serverless and keep 0; Knative owns them.
        ResolvedService serverless = resolve("", "  engine: {minReplicas: 0}\n  router: {minReplicas: 0}\n");
        assertThat(serverless.components()).map(c -> c.kind() + " " + c.deploymentMode().word() + " "
                + c.minReplicas() + " " + c.lever()).containsExactly(
                "ENGINE Serverless 0 NONE", "ROUTER Serverless 0 NONE");
        assertThat(serverless.problems()).isEmpty();

        // An engine annotation picks the engine's mode; the ISVC-level one does not.
        assertThat(engine("", "  engine:\n    annotations: {ome.io/deploymentMode: MultiNode}\n")
                .deploymentMode()).isEqualTo(DeploymentMode.MULTI_NODE);
        ResolvedService isvcLevel = resolve("    ome.io/deploymentMode: Serverless\n", "  engine: {}\n");
        assertThat(isvcLevel.serviceMode()).isEqualTo(DeploymentMode.SERVERLESS);
        assertThat(isvcLevel.component(ComponentKind.ENGINE).orElseThrow().deploymentMode())
                .isEqualTo(DeploymentMode.RAW_DEPLOYMENT);
        assertThat(isvcLevel.warnings()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: metadata.annotations[\"ome.io/deploymentMode\"]=\"Serverless\": sets the "
                        + "InferenceService-level mode only; OME's per-component rules make the engine RawDeployment "
                        + "(set spec.engine.annotations[\"ome.io/deploymentMode\"] to choose the engine's mode)");

        // VirtualDeployment at the ISVC level short-circuits every component.
        ResolvedService virtual = resolve("    ome.io/deploymentMode: VirtualDeployment\n",
                "  engine: {}\n  router: {}\n");
        assertThat(virtual.components()).map(EffectiveComponentSpec::deploymentMode)
                .containsOnly(DeploymentMode.VIRTUAL_DEPLOYMENT);
    }

    @Test
    void leversFollowModeAndClass() {
        assertThat(engine("    ome.io/autoscalerClass: external\n", "  engine: {}\n").lever())
                .isEqualTo(ScalingLever.DEPLOYMENT_SCALE);
        assertThat(engine("    ome.io/autoscalerClass: keda\n", "  engine: {}\n").lever())
                .isEqualTo(ScalingLever.NONE);
        EffectiveComponentSpec multiNode = engine("    omescale.dev/multinode-lever: minReplicas\n",
                "  engine: {leader: {}, worker: {size: 1}}\n");
        assertThat(multiNode.deploymentMode()).isEqualTo(DeploymentMode.MULTI_NODE);
        assertThat(multiNode.lever()).isEqualTo(ScalingLever.ISVC_MIN_REPLICAS);
        assertThat(engine("", "  engine: {worker: {size: 1}}\n").lever()).isEqualTo(ScalingLever.NONE);
        // scale-to-zero is for Raw components only.
        assertThat(engine("    omescale.dev/scale-to-zero: 10m\n", "  engine: {worker: {size: 1}}\n")
                .scaleToZeroAllowed()).isFalse();
    }
}
