package dev.omescale.scaler.model;

import static dev.omescale.scaler.model.Isvcs.engine;
import static dev.omescale.scaler.model.Isvcs.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every invalid value names object, field, value and fix; the rest of the spec still resolves. */
class SpecProblemTest {

    private static String only(ResolvedService r) {
        assertThat(r.problems()).hasSize(1);
        return r.problems().get(0).toString();
    }

    private static String onlyFor(String annotation, String value) {
        return only(resolve("    " + annotation + ": '" + value + "'\n", "  engine: {}\n  decoder: {}\n"));
    }

    private static String field(String annotation) {
        return "default/llama-chat: metadata.annotations[\"" + annotation + "\"]=";
    }

    @Test
    void problemToStringQuotesStringsButNotNumbers() {
        assertThat(new SpecProblem("ns/a", "spec.engine.maxReplicas", "1", "too low", SpecProblem.Severity.ERROR))
                .hasToString("ns/a: spec.engine.maxReplicas=1: too low");
        assertThat(new SpecProblem("ns/a", "spec.engine", null, "is absent", SpecProblem.Severity.ERROR))
                .hasToString("ns/a: spec.engine: is absent");
        assertThat(new SpecProblem("ns/a", "f", "say \"hi\"\n", "m", SpecProblem.Severity.WARNING))
                .hasToString("ns/a: f=\"say \\\"hi\\\"\\n\": m");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "omescale.dev/slo-ttft-p95 | fast | not a duration; write it like 2s or 500ms",
        "omescale.dev/slo-ttft-p95 | 5    | a number without a unit; write it like 2s or 500ms",
        "omescale.dev/slo-itl-p95  | 0s   | must be more than 0; write it like 2s or 500ms",
        "omescale.dev/slo-itl-p95  | -5ms | not a duration; write it like 2s or 500ms",
        "omescale.dev/scale-to-zero | soon | not a duration; write the idle time like 15m or 1h",
        "omescale.dev/scale-to-zero | 0    | must be more than 0; write the idle time like 15m or 1h",
    })
    void badDurations(String annotation, String value, String message) {
        String quoted = value.matches("-?\\d+") ? value : "\"" + value + "\"";
        assertThat(onlyFor(annotation, value)).isEqualTo(field(annotation) + quoted + ": " + message);
    }

    @Test
    void theExampleFromTheDesign() {
        ResolvedService r = resolve("    omescale.dev/slo-ttft-p95: fast\n", "  engine: {}\n");
        assertThat(only(r)).isEqualTo("default/llama-chat: metadata.annotations[\"omescale.dev/slo-ttft-p95\"]="
                + "\"fast\": not a duration; write it like 2s or 500ms");
        assertThat(r.problems().get(0).severity()).isEqualTo(SpecProblem.Severity.ERROR);
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().omescale().sloTtftP95()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fastest   | \"fastest\" is not a policy; use slo, hpa, threshold or kpa, or several separated by commas "
                + "like slo,threshold",
        "slo,,hpa  | an empty policy name; use slo, hpa, threshold or kpa, or several separated by commas like "
                + "slo,threshold",
        "SLO       | \"SLO\" is not a policy; use slo, hpa, threshold or kpa, or several separated by commas like "
                + "slo,threshold",
    })
    void badPolicyWords(String value, String message) {
        assertThat(onlyFor(AnnotationNames.POLICY, value))
                .isEqualTo(field(AnnotationNames.POLICY) + "\"" + value + "\": " + message);
    }

    @Test
    void aBadPolicyFallsBackToTheDefaultRule() {
        EffectiveComponentSpec e = engine("    omescale.dev/policy: fastest\n    omescale.dev/slo-ttft-p95: 2s\n",
                "  engine: {}\n");
        assertThat(e.omescale().policies()).containsExactly(PolicyKind.SLO);
        assertThat(e.omescale().policySource()).isEqualTo(SettingSource.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1:4-1:1 | the bounds are inverted: 1:4 (4 decoders per engine) is above 1:1 (1); write the smaller ratio "
                + "first, e.g. 1:1-1:4",
        "1:0     | 1:0 has a zero part; engines and decoders must both be at least 1 (omit the annotation to leave "
                + "the ratio free)",
        "0:1-1:1 | 0:1 has a zero part; engines and decoders must both be at least 1 (omit the annotation to leave "
                + "the ratio free)",
        "lots    | not a ratio; write engine:decoder bounds like 1:1-1:4, or one ratio like 1:2",
        "1/2     | not a ratio; write engine:decoder bounds like 1:1-1:4, or one ratio like 1:2",
        "1:99999 | 99999 is too large; ratio parts go up to 10000",
    })
    void badRatios(String value, String message) {
        assertThat(onlyFor(AnnotationNames.DECODER_RATIO, value))
                .isEqualTo(field(AnnotationNames.DECODER_RATIO) + "\"" + value + "\": " + message);
    }

    @Test
    void twoToOneThenOneToOneIsHalfToOneDecoderPerEngineNotInverted() {
        ResolvedService r = resolve("    omescale.dev/decoder-ratio: 2:1-1:1\n", "  engine: {}\n  decoder: {}\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.decoderRatio().minDecodersPerEngine()).isEqualTo(0.5);
        assertThat(r.decoderRatio().maxDecodersPerEngine()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'{\"scaleDown\":{'                              | not valid JSON at column 15 (Unexpected end-of-input: "
                + "expected close marker for Object); write an HPA behavior object like "
                + "{\"scaleDown\":{\"stabilizationWindowSeconds\":300}}",
        "'{scaleDown:{}}'                                | not valid JSON at column 2 (Unexpected character ('s' "
                + "(code 115)): was expecting double-quote to start property name); write an HPA behavior object "
                + "like {\"scaleDown\":{\"stabilizationWindowSeconds\":300}}",
        "'{\"scaleDwn\":{}}'                             | unknown field scaleDwn; use scaleDown, scaleUp",
        "'{\"scaleUp\":{\"stabilizationWindow\":30}}'    | unknown field scaleUp.stabilizationWindow; use policies, "
                + "selectPolicy, stabilizationWindowSeconds, tolerance",
        "'{\"scaleDown\":{\"stabilizationWindowSeconds\":4000}}' | scaleDown.stabilizationWindowSeconds is 4000, out of "
                + "range; use 0..3600",
        "'{\"scaleDown\":{\"stabilizationWindowSeconds\":-1}}'   | scaleDown.stabilizationWindowSeconds is -1, out of "
                + "range; use 0..3600",
        "'{\"scaleUp\":{\"selectPolicy\":\"Maximum\"}}'  | scaleUp.selectPolicy is \"Maximum\", not a select policy; "
                + "use Max, Min or Disabled",
        "'{\"scaleUp\":{\"policies\":[{\"type\":\"pods\",\"value\":4,\"periodSeconds\":15}]}}' | scaleUp.policies[0]"
                + ".type is \"pods\", not a policy type; use Pods or Percent",
        "'{\"scaleUp\":{\"policies\":[{\"type\":\"Pods\",\"value\":0,\"periodSeconds\":15}]}}' | scaleUp.policies[0]"
                + ".value is 0, out of range; use 1 or more",
        "'{\"scaleUp\":{\"policies\":[{\"type\":\"Pods\",\"value\":4,\"periodSeconds\":3600}]}}' | scaleUp.policies[0]"
                + ".periodSeconds is 3600, out of range; use 1..1800",
        "'{\"scaleUp\":{\"policies\":[{\"type\":\"Pods\",\"value\":4}]}}' | scaleUp.policies[0] needs all of type, "
                + "value and periodSeconds",
        "'{\"scaleUp\":{\"policies\":[]}}'               | scaleUp.policies is empty; list at least one policy, or "
                + "leave policies out to get the defaults",
        "'{\"scaleDown\":{\"tolerance\":\"lots\"}}'      | scaleDown.tolerance is \"lots\", not a quantity; write a "
                + "number like \"0.05\" or \"50m\"",
        "'{\"scaleDown\":{\"tolerance\":-0.1}}'          | scaleDown.tolerance is -0.1; a tolerance is zero or more, "
                + "e.g. 0.05",
        "'[1]'                                           | must be a JSON object with scaleUp and/or scaleDown, e.g. "
                + "{\"scaleDown\":{\"stabilizationWindowSeconds\":300}}",
    })
    void badBehaviors(String value, String message) {
        ResolvedService r = resolve("    omescale.dev/behavior: '" + value + "'\n", "  engine: {}\n");
        assertThat(r.problems()).containsExactly(new SpecProblem("default/llama-chat",
                "metadata.annotations[\"omescale.dev/behavior\"]", value, message, SpecProblem.Severity.ERROR));
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().omescale().behavior()).isNull();
    }

    @Test
    void badAutoscalerClassFallsBackToHpa() {
        ResolvedService r = resolve("", "  engine:\n    annotations: {ome.io/autoscalerClass: HPA}\n");
        assertThat(only(r)).isEqualTo("default/llama-chat: spec.engine.annotations[\"ome.io/autoscalerClass\"]="
                + "\"HPA\": not an autoscaler class; use hpa, keda or external (external lets omescale scale the "
                + "component); using hpa");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().autoscalerClass()).isEqualTo(AutoscalerClass.HPA);
    }

    @Test
    void tpsScaleMetricIsReportedAndCpuIsUsed() {
        ResolvedService r = resolve("", "  engine: {scaleMetric: tps}\n");
        assertThat(only(r)).isEqualTo("default/llama-chat: spec.engine.scaleMetric=\"tps\": not in the CRD enum; use "
                + "cpu, memory, concurrency or rps (tps is only OME's internal default KEDA metric name; the API "
                + "server rejects it)");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().scaleMetric()).isEqualTo(ScaleMetric.CPU);
    }

    @ParameterizedTest
    @CsvSource({"0", "101", "eighty", "80.5"})
    void targetUtilizationPercentageOutOfRange(String value) {
        ResolvedService r = resolve("    ome.io/targetUtilizationPercentage: '" + value + "'\n",
                "  engine: {scaleTarget: 70}\n");
        String quoted = value.matches("[\\d.]+") ? value : "\"" + value + "\"";
        assertThat(only(r)).isEqualTo("default/llama-chat: metadata.annotations[\"ome.io/targetUtilizationPercentage\"]="
                + quoted + ": must be a whole number from 1 to 100 (percent of the resource request); using "
                + "scaleTarget or the default 80");
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().scaleTarget())
                .isEqualTo(new ScaleTarget(70, ScaleTarget.Type.UTILIZATION_PERCENT, SettingSource.SPEC));
    }

    @Test
    void maxBelowMinIsLiftedToMinLikeOmesHpa() {
        ResolvedService r = resolve("", "  engine: {minReplicas: 4, maxReplicas: 2}\n  router: {minReplicas: 3}\n");
        assertThat(r.problems()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.engine.maxReplicas=2: is below minReplicas 4; OME's HPA uses 4 as the "
                        + "maximum, so the component cannot scale; raise maxReplicas to at least 4 or lower "
                        + "minReplicas",
                "default/llama-chat: spec.router.maxReplicas: defaults to 2, below minReplicas 3; OME's HPA uses 3 as "
                        + "the maximum, so the component cannot scale; set maxReplicas to at least 3");
        assertThat(r.components()).map(c -> c.minReplicas() + ".." + c.maxReplicas()).containsExactly("4..4", "3..3");
    }

    @Test
    void negativeReplicasAndScaleTargetFallBackToDefaults() {
        ResolvedService r = resolve("", "  engine: {minReplicas: -1, maxReplicas: -2, scaleTarget: 0}\n");
        assertThat(r.problems()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.engine.minReplicas=-1: must be 0 or more; using 1",
                "default/llama-chat: spec.engine.maxReplicas=-2: must be 0 or more (0 means the default, 3); using 3",
                "default/llama-chat: spec.engine.scaleTarget=0: must be 1 or more; using the default");
        EffectiveComponentSpec e = r.component(ComponentKind.ENGINE).orElseThrow();
        assertThat(e.minReplicas()).isEqualTo(1);
        assertThat(e.maxReplicas()).isEqualTo(3);
        assertThat(e.scaleTarget().value()).isEqualTo(80);
    }

    @Test
    void badModesAndMetricsAnnotation() {
        ResolvedService r = resolve("    ome.io/deploymentMode: Raw\n    ome.io/metrics: gpu\n",
                "  engine:\n    annotations: {ome.io/deploymentMode: PDDisaggregated}\n");
        assertThat(r.problems()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: metadata.annotations[\"ome.io/deploymentMode\"]=\"Raw\": not a deployment mode; "
                        + "use RawDeployment, Serverless, MultiNode, MultiNodeRayVLLM or VirtualDeployment (OME "
                        + "ignores other values and uses its rules and default)",
                "default/llama-chat: metadata.annotations[\"ome.io/metrics\"]=\"gpu\": must be cpu or memory (OME's "
                        + "webhook rejects anything else)",
                "default/llama-chat: spec.engine.annotations[\"ome.io/deploymentMode\"]=\"PDDisaggregated\": OME's "
                        + "webhook writes this for engine + decoder, but OME does not accept it as a mode and uses "
                        + "the default, RawDeployment");
        assertThat(r.serviceMode()).isEqualTo(DeploymentMode.RAW_DEPLOYMENT);
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().deploymentMode())
                .isEqualTo(DeploymentMode.RAW_DEPLOYMENT);
        assertThat(r.component(ComponentKind.ENGINE).orElseThrow().metricsAnnotation()).isNull();
    }

    @Test
    void kedaValuesThatOmesWebhookWouldRejectFallBackToDefaults() {
        ResolvedService r = resolve("    ome.io/autoscalerClass: keda\n", """
                  kedaConfig:
                    promServerAddress: prometheus:9090
                    customPromQuery: sum(x{pod=~"%s-.*"})
                    scalingThreshold: ten
                    scalingOperator: Above
                    authenticationRef: {name: auth, kind: Secret}
                    authModes: "bearer,oauth"
                  engine: {}
                """);
        assertThat(r.problems()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.kedaConfig.promServerAddress=\"prometheus:9090\": not an http(s) URL with a "
                        + "host; write it like http://prometheus-operated.monitoring.svc.cluster.local:9090",
                "default/llama-chat: spec.kedaConfig.scalingThreshold=\"ten\": not a positive number; write it like "
                        + "\"10\" or \"0.07\" (the value per replica that KEDA divides the query result by)",
                "default/llama-chat: spec.kedaConfig.scalingOperator=\"Above\": not an operator; use GreaterThan, "
                        + "GreaterThanOrEqual, LessThan or LessThanOrEqual (KEDA's Prometheus scaler ignores it "
                        + "either way)",
                "default/llama-chat: spec.kedaConfig.authenticationRef.kind=\"Secret\": use TriggerAuthentication or "
                        + "ClusterTriggerAuthentication",
                "default/llama-chat: spec.kedaConfig.authModes=\"bearer,oauth\": \"oauth\" is not an auth mode; use "
                        + "a comma list of basic, tls, bearer and custom");
        KedaTrigger k = r.component(ComponentKind.ENGINE).orElseThrow().keda();
        assertThat(k.serverAddress()).isEqualTo(KedaTrigger.DEFAULT_SERVER_ADDRESS);
        assertThat(k.threshold()).isEqualTo("10");
        assertThat(k.operator()).isEqualTo("LessThanOrEqual");
        assertThat(k.authenticationRef()).isEqualTo(new KedaConfig.AuthenticationRef("auth", "TriggerAuthentication"));
        assertThat(k.authModes()).isNull();
        assertThat(k.query()).isEqualTo("sum(x{pod=~\"llama-chat-engine-.*\"})");
    }

    @Test
    void manyProblemsAtOnceAndEverythingElseStillResolves() {
        ResolvedService r = resolve("""
                    ome.io/autoscalerClass: external
                    omescale.dev/slo-ttft-p95: fast
                    omescale.dev/slo-itl-p95: 40ms
                    omescale.dev/policy: slo,cheapest
                    omescale.dev/decoder-ratio: 4:1-1:1
                    omescale.dev/behavior: '{"scaleDown":{"stabilizationWindowSeconds":9000}}'
                    omescale.dev/scale-to-zero: 10m
                    omescale.dev/slo-ttft: 2s
                """, """
                  engine: {minReplicas: 2, maxReplicas: 6, scaleMetric: tps}
                  decoder: {maxReplicas: 1, minReplicas: 3}
                  router: {}
                """);
        assertThat(r.errors()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.engine.scaleMetric=\"tps\": not in the CRD enum; use cpu, memory, "
                        + "concurrency or rps (tps is only OME's internal default KEDA metric name; the API server "
                        + "rejects it)",
                "default/llama-chat: metadata.annotations[\"omescale.dev/slo-ttft-p95\"]=\"fast\": not a duration; "
                        + "write it like 2s or 500ms",
                "default/llama-chat: metadata.annotations[\"omescale.dev/policy\"]=\"slo,cheapest\": \"cheapest\" is "
                        + "not a policy; use slo, hpa, threshold or kpa, or several separated by commas like "
                        + "slo,threshold",
                "default/llama-chat: metadata.annotations[\"omescale.dev/behavior\"]=\"{\\\"scaleDown\\\":{\\\""
                        + "stabilizationWindowSeconds\\\":9000}}\": scaleDown.stabilizationWindowSeconds is 9000, "
                        + "out of range; use 0..3600",
                "default/llama-chat: spec.decoder.maxReplicas=1: is below minReplicas 3; OME's HPA uses 3 as the "
                        + "maximum, so the component cannot scale; raise maxReplicas to at least 3 or lower "
                        + "minReplicas");
        assertThat(r.warnings()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: metadata.annotations[\"omescale.dev/slo-ttft\"]=\"2s\": unknown omescale "
                        + "annotation, ignored; known: omescale.dev/slo-ttft-p95, omescale.dev/slo-itl-p95, "
                        + "omescale.dev/policy, omescale.dev/scale-to-zero, omescale.dev/decoder-ratio, "
                        + "omescale.dev/behavior, omescale.dev/multinode-lever");
        EffectiveComponentSpec engine = r.component(ComponentKind.ENGINE).orElseThrow();
        assertThat(engine.minReplicas()).isEqualTo(2);
        assertThat(engine.maxReplicas()).isEqualTo(6);
        assertThat(engine.scaleMetric()).isEqualTo(ScaleMetric.CPU);
        assertThat(engine.autoscalerClass()).isEqualTo(AutoscalerClass.EXTERNAL);
        assertThat(engine.lever()).isEqualTo(ScalingLever.DEPLOYMENT_SCALE);
        assertThat(engine.omescale().sloTtftP95()).isNull();
        assertThat(engine.omescale().sloItlP95()).isEqualTo(Duration.ofMillis(40));
        assertThat(engine.omescale().policies()).containsExactly(PolicyKind.SLO);
        assertThat(engine.omescale().behavior()).isNull();
        assertThat(engine.omescale().scaleToZeroIdle()).isEqualTo(Duration.ofMinutes(10));
        assertThat(engine.omescale().decoderRatio()).isEqualTo(new DecoderRatio(4, 1, 1, 1));
        assertThat(r.components()).map(c -> c.kind() + " " + c.minReplicas() + ".." + c.maxReplicas())
                .containsExactly("ENGINE 2..6", "DECODER 3..3", "ROUTER 1..2");
    }
}
