package dev.omescale.scaler.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The reader's vocabulary and OME's samples, checked against OME's real CRD schema. */
class CrdSchemaTest {
    private static final CrdSchema CRD =
            CrdSchema.load(OmeFixtures.resource("crd/ome.io_inferenceservices.yaml"), "v1beta1");
    static final List<String> VALID_SAMPLES = OmeFixtures.SAMPLES.stream()
            .filter(s -> !s.equals(OmeFixtures.STALE_SAMPLE)).toList();

    @ParameterizedTest
    @FieldSource("VALID_SAMPLES")
    void everyCurrentSampleFitsTheCrd(String file) {
        assertThat(CRD.violations(OmeFixtures.sample(file).raw())).isEmpty();
    }

    @Test
    void theStaleSampleIsRejectedForItsRootLevelFields() {
        assertThat(CRD.violations(OmeFixtures.sample(OmeFixtures.STALE_SAMPLE).raw())).containsExactlyInAnyOrder(
                "spec.modelRef: unknown field",
                "spec.minReplicas: unknown field",
                "spec.maxReplicas: unknown field",
                "spec.scaleTarget: unknown field");
    }

    @Test
    void tpsIsOutsideTheCrdEnumAndTheReaderSaysSo() {
        InferenceService isvc = InferenceServiceReader.read("""
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata: {name: llama-chat, namespace: default}
                spec:
                  model: {name: llama}
                  engine: {scaleMetric: tps}
                """);
        assertThat(CRD.violations(isvc.raw()))
                .containsExactly("spec.engine.scaleMetric: \"tps\" is not one of [cpu, memory, concurrency, rps]");
        assertThat(isvc.engine().scaleMetric()).isNull();
        assertThat(isvc.problems()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: spec.engine.scaleMetric=\"tps\": not in the CRD enum; use cpu, memory, "
                        + "concurrency or rps (tps is only OME's internal default KEDA metric name; the API server "
                        + "rejects it)");
    }

    @Test
    void scaleMetricWordsAreExactlyTheCrdEnumForEveryComponent() {
        List<String> ours = Arrays.stream(ScaleMetric.values()).map(ScaleMetric::word).toList();
        for (ComponentKind kind : ComponentKind.values()) {
            assertThat(words(CRD.at("spec", kind.word(), "scaleMetric").get("enum"))).isEqualTo(ours);
        }
    }

    @Test
    void everyFieldTheReaderReadsExistsInTheCrd() {
        for (ComponentKind kind : ComponentKind.values()) {
            JsonNode component = CRD.at("spec", kind.word());
            List<String> read = new ArrayList<>(List.of("minReplicas", "maxReplicas", "scaleMetric", "scaleTarget",
                    "annotations", "labels", "kedaConfig"));
            if (kind != ComponentKind.ROUTER) {
                read.addAll(List.of("leader", "worker"));
            }
            assertThat(component.path("properties").propertyNames()).containsAll(read);
        }
        List<String> kedaFields = Arrays.stream(KedaConfig.class.getRecordComponents()).map(c -> c.getName()).toList();
        assertThat(CRD.at("spec", "kedaConfig").path("properties").propertyNames())
                .containsExactlyInAnyOrderElementsOf(kedaFields);
        assertThat(CRD.at("spec", "engine", "kedaConfig").path("properties").propertyNames())
                .containsExactlyInAnyOrderElementsOf(kedaFields);
        assertThat(CRD.at("spec").path("properties").propertyNames())
                .containsExactlyInAnyOrderElementsOf(InferenceServiceReader.SPEC_FIELDS);
        assertThat(words(CRD.at("spec", "kedaConfig", "authenticationRef", "kind").get("enum")))
                .containsExactly("TriggerAuthentication", "ClusterTriggerAuthentication");
    }

    @Test
    void replicaFieldsHaveNoBoundsInTheCrdSoTheResolverMustCheckThem() {
        assertThat(CRD.at("spec", "engine", "minReplicas").propertyNames()).containsExactly("type");
        assertThat(CRD.at("spec", "engine", "maxReplicas").propertyNames()).containsExactly("type");
    }

    @Test
    void theShippedDefaultDeploymentModeIsOurs() {
        JsonNode configMap = YAMLMapper.builder().build()
                .readTree(OmeFixtures.resource("config/inferenceservice-configmap.yaml"));
        JsonNode deploy = YAMLMapper.builder().build().readTree(configMap.path("data").path("deploy").asString());
        assertThat(deploy.path("defaultDeploymentMode").asString()).isEqualTo(DeploymentMode.DEFAULT.word());
    }

    @Test
    void aPerComponentKedaConfigIsValidInTheCrdThoughOmeNeverReadsIt() {
        InferenceService isvc = InferenceServiceReader.read("""
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata: {name: llama-chat, namespace: default}
                spec:
                  model: {name: llama}
                  engine:
                    kedaConfig: {customPromQuery: "sum(x)", scalingThreshold: "0.07", enableKeda: true}
                """);
        assertThat(CRD.violations(isvc.raw())).isEmpty();
    }

    private static List<String> words(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
