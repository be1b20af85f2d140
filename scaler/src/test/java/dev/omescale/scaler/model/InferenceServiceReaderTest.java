package dev.omescale.scaler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class InferenceServiceReaderTest {
    static final java.util.List<String> SAMPLES = OmeFixtures.SAMPLES;

    private static final String WITH_UNKNOWN_FIELDS = """
            apiVersion: ome.io/v1beta1
            kind: InferenceService
            metadata:
              name: llama-chat
              namespace: default
              generation: 7
              resourceVersion: "48213"
              labels: {team: search}
              annotations:
                ome.io/autoscalerClass: external
              uid: 1b0c-42
            spec:
              futureField: {nested: [1, 2, {deep: true}]}
              model: {name: llama-3-8b}
              runtime: {name: srt-llama}
              kedaConfig:
                promServerAddress: http://prom:9090
                customPromQuery: sum(rate(x{pod=~"%s-.*"}[1m]))
                scalingThreshold: "0.5"
                scalingOperator: GreaterThanOrEqual
                authenticationRef: {name: prom-auth}
                authModes: bearer
                enableKeda: true
              engine:
                minReplicas: 2
                maxReplicas: 6
                scaleMetric: concurrency
                scaleTarget: 8
                annotations: {omescale.dev/slo-ttft-p95: 2s}
                labels: {tier: gpu}
                lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
                runner:
                  name: ome-container
                  image: vllm:0.9
              router:
                config: {policy: cache_aware}
            status:
              url: http://llama-chat.default
              components: {engine: {latestCreatedRevision: "3"}}
            """;

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void everyOmeSampleParses(String file) {
        InferenceService isvc = OmeFixtures.sample(file);
        assertThat(isvc.name()).isNotEmpty();
        assertThat(isvc.namespace()).isNotEmpty();
        assertThat(isvc.raw().path("kind").asString()).isEqualTo("InferenceService");
    }

    @Test
    void theNamespaceDocumentBeforeTheIsvcIsSkipped() {
        InferenceService isvc = OmeFixtures.sample("deepseek-ai_deepseek-v3-pd.yaml");
        assertThat(isvc.key()).isEqualTo("deepseek-v3/deepseek-v3");
        assertThat(isvc.presentComponents())
                .containsExactly(ComponentKind.ENGINE, ComponentKind.DECODER, ComponentKind.ROUTER);
        assertThat(isvc.model()).isEqualTo(new ObjectRef("deepseek-v3", "ClusterBaseModel", "ome.io"));
        assertThat(isvc.runtime()).isEqualTo(new ObjectRef("srt-deepseek-rdma-pd", "ClusterServingRuntime", "ome.io"));
        assertThat(isvc.decoder().minReplicas()).isEqualTo(1);
        assertThat(isvc.decoder().maxReplicas()).isEqualTo(1);
        assertThat(isvc.problems()).isEmpty();
    }

    @Test
    void readsEveryScalingFieldTyped() {
        InferenceService isvc = InferenceServiceReader.read(WITH_UNKNOWN_FIELDS);
        assertThat(isvc.namespace()).isEqualTo("default");
        assertThat(isvc.generation()).isEqualTo(7L);
        assertThat(isvc.resourceVersion()).isEqualTo("48213");
        assertThat(isvc.labels()).containsExactly(Map.entry("team", "search"));
        assertThat(isvc.annotations()).containsExactly(Map.entry("ome.io/autoscalerClass", "external"));
        ComponentSpec engine = isvc.engine();
        assertThat(engine.minReplicas()).isEqualTo(2);
        assertThat(engine.maxReplicas()).isEqualTo(6);
        assertThat(engine.scaleMetric()).isEqualTo(ScaleMetric.CONCURRENCY);
        assertThat(engine.scaleTarget()).isEqualTo(8);
        assertThat(engine.annotations()).containsExactly(Map.entry("omescale.dev/slo-ttft-p95", "2s"));
        assertThat(engine.labels()).containsExactly(Map.entry("tier", "gpu"));
        assertThat(engine.kedaConfig()).isNull();
        assertThat(engine.isMultiNode()).isFalse();
        assertThat(isvc.decoder()).isNull();
        assertThat(isvc.router().minReplicas()).isNull();
        assertThat(isvc.kedaConfig()).isEqualTo(new KedaConfig(true, "http://prom:9090",
                "sum(rate(x{pod=~\"%s-.*\"}[1m]))", "0.5", "GreaterThanOrEqual",
                new KedaConfig.AuthenticationRef("prom-auth", null), "bearer"));
        assertThat(isvc.problems()).isEmpty();
    }

    @Test
    void unknownFieldsAreKeptInRaw() {
        InferenceService isvc = InferenceServiceReader.read(WITH_UNKNOWN_FIELDS);
        JsonNode raw = isvc.raw();
        assertThat(raw.at("/spec/futureField/nested/2/deep").asBoolean()).isTrue();
        assertThat(raw.at("/spec/engine/lifecycle/preStop/exec/command/1").asString()).isEqualTo("5");
        assertThat(raw.at("/spec/router/config/policy").asString()).isEqualTo("cache_aware");
        assertThat(raw.at("/metadata/uid").asString()).isEqualTo("1b0c-42");
        assertThat(raw.at("/status/components/engine/latestCreatedRevision").asString()).isEqualTo("3");
        assertThat(isvc.engine().raw().at("/runner/image").asString()).isEqualTo("vllm:0.9");
    }

    @Test
    void rawCannotBeChangedFromOutside() {
        InferenceService isvc = InferenceServiceReader.read(WITH_UNKNOWN_FIELDS);
        ((ObjectNode) isvc.raw().get("spec")).remove("engine");
        ((ObjectNode) isvc.engine().raw()).put("minReplicas", 99);
        assertThat(isvc.raw().at("/spec/engine/minReplicas").asInt()).isEqualTo(2);
        assertThat(isvc.engine().raw().get("minReplicas").asInt()).isEqualTo(2);
    }

    @Test
    void withComponentMinReplicasChangesThatFieldOnly() {
        InferenceService isvc = InferenceServiceReader.read(WITH_UNKNOWN_FIELDS);
        InferenceService patched = isvc.withComponentMinReplicas(ComponentKind.ENGINE, 4);

        assertThat(patched.engine().minReplicas()).isEqualTo(4);
        ObjectNode expected = (ObjectNode) isvc.raw();
        ((ObjectNode) expected.get("spec").get("engine")).put("minReplicas", 4);
        assertThat(patched.raw()).isEqualTo(expected);
        assertThat(isvc.engine().minReplicas()).isEqualTo(2);
        assertThat(patched.raw().at("/spec/futureField/nested/2/deep").asBoolean()).isTrue();
    }

    @Test
    void withComponentMinReplicasAddsTheFieldWhenAbsentAndKeepsTheRest() {
        InferenceService isvc = InferenceServiceReader.read(WITH_UNKNOWN_FIELDS);
        InferenceService patched = isvc.withComponentMinReplicas(ComponentKind.ROUTER, 0);
        assertThat(patched.router().minReplicas()).isZero();
        assertThat(patched.raw().at("/spec/router").propertyNames()).containsExactly("config", "minReplicas");
        assertThat(patched.raw().at("/spec/router/config/policy").asString()).isEqualTo("cache_aware");
    }

    @Test
    void withComponentMinReplicasRefusesAnAbsentComponentAndNegativeCounts() {
        InferenceService isvc = InferenceServiceReader.read(WITH_UNKNOWN_FIELDS);
        assertThatThrownBy(() -> isvc.withComponentMinReplicas(ComponentKind.DECODER, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default/llama-chat: spec.decoder is absent; cannot set its minReplicas to 2 without "
                        + "creating the component");
        assertThatThrownBy(() -> isvc.withComponentMinReplicas(ComponentKind.ENGINE, -1))
                .hasMessage("default/llama-chat: spec.engine.minReplicas cannot be -1; use 0 or more");
    }

    @Test
    void theMergePatchCarriesTheResourceVersion() {
        InferenceService isvc = InferenceServiceReader.read(WITH_UNKNOWN_FIELDS);
        assertThat(isvc.minReplicasMergePatch(ComponentKind.ENGINE, 3).toString())
                .isEqualTo("{\"metadata\":{\"resourceVersion\":\"48213\"},\"spec\":{\"engine\":{\"minReplicas\":3}}}");
    }

    @Test
    void readsJsonAsTheApiServerReturnsIt() {
        InferenceService isvc = InferenceServiceReader.read("""
                {"apiVersion":"ome.io/v1beta1","kind":"InferenceService",
                 "metadata":{"name":"a","namespace":"ns","generation":2},
                 "spec":{"model":{"name":"m"},"engine":{"minReplicas":1,"maxReplicas":5,"x":{"y":1}}}}
                """);
        assertThat(isvc.key()).isEqualTo("ns/a");
        assertThat(isvc.engine().maxReplicas()).isEqualTo(5);
        assertThat(isvc.raw().at("/spec/engine/x/y").asInt()).isEqualTo(1);
    }

    @Test
    void leaderAndWorkerMakeAComponentMultiNode() {
        InferenceService isvc = InferenceServiceReader.read("""
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata: {name: ds, namespace: ns}
                spec:
                  engine:
                    leader: {runner: {name: ome-container}}
                    worker: {size: 2}
                  decoder: {worker: {size: 1}}
                """);
        assertThat(isvc.engine().hasLeader()).isTrue();
        assertThat(isvc.engine().workerSize()).isEqualTo(2);
        assertThat(isvc.engine().isMultiNode()).isTrue();
        assertThat(isvc.decoder().hasLeader()).isFalse();
        assertThat(isvc.decoder().isMultiNode()).isTrue();
    }

    @Test
    void wrongTypesAreReportedAndTheRestIsRead() {
        InferenceService isvc = InferenceServiceReader.read("""
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata:
                  name: llama-chat
                  namespace: default
                  annotations: {omescale.dev/decoder-ratio: 2}
                spec:
                  engine:
                    minReplicas: "two"
                    maxReplicas: 2.5
                    scaleTarget: 70
                    kedaConfig: {scalingThreshold: 10, enableKeda: "yes"}
                """);
        assertThat(isvc.engine().minReplicas()).isNull();
        assertThat(isvc.engine().maxReplicas()).isNull();
        assertThat(isvc.engine().scaleTarget()).isEqualTo(70);
        assertThat(isvc.engine().kedaConfig().scalingThreshold()).isEqualTo("10");
        assertThat(isvc.annotations()).containsEntry("omescale.dev/decoder-ratio", "2");
        assertThat(isvc.problems()).map(SpecProblem::toString).containsExactly(
                "default/llama-chat: metadata.annotations[\"omescale.dev/decoder-ratio\"]=2: values must be strings; "
                        + "quote it: \"2\"",
                "default/llama-chat: spec.engine.minReplicas=\"two\": must be a whole number, e.g. minReplicas: 1",
                "default/llama-chat: spec.engine.maxReplicas=2.5: must be a whole number, e.g. maxReplicas: 1",
                "default/llama-chat: spec.engine.kedaConfig.enableKeda=\"yes\": must be true or false, without quotes",
                "default/llama-chat: spec.engine.kedaConfig.scalingThreshold=10: must be a string; quote it: \"10\"");
    }

    @Test
    void theStaleSampleParsesButItsRootFieldsAreReported() {
        InferenceService isvc = OmeFixtures.sample(OmeFixtures.STALE_SAMPLE);
        assertThat(isvc.presentComponents()).isEmpty();
        assertThat(isvc.problems()).map(SpecProblem::toString).containsExactlyInAnyOrder(
                "zai-org-test/glm-4-5v-test: spec.modelRef: is not an InferenceService field; it is an old name; "
                        + "write spec.model.name instead",
                "zai-org-test/glm-4-5v-test: spec.minReplicas: is not an InferenceService field; it belongs to a "
                        + "component; move it to spec.engine.minReplicas",
                "zai-org-test/glm-4-5v-test: spec.maxReplicas: is not an InferenceService field; it belongs to a "
                        + "component; move it to spec.engine.maxReplicas",
                "zai-org-test/glm-4-5v-test: spec.scaleTarget: is not an InferenceService field; it belongs to a "
                        + "component; move it to spec.engine.scaleTarget");
    }

    @Test
    void structuralErrorsThrowWithTheFix() {
        assertThatThrownBy(() -> InferenceServiceReader.read("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no InferenceService document found (kinds seen: [Namespace]); expected apiVersion: "
                        + "ome.io/v1beta1, kind: InferenceService");
        assertThatThrownBy(() -> InferenceServiceReader.read(
                "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: x}\n"))
                .hasMessage("'x' is serving.kserve.io/v1beta1 InferenceService, not ome.io/v1beta1 InferenceService");
        assertThatThrownBy(() -> InferenceServiceReader.read(
                "apiVersion: ome.io/v1beta1\nkind: InferenceService\nmetadata: {namespace: x}\n"))
                .hasMessage("the InferenceService has no metadata.name; every object needs one");
        assertThatThrownBy(() -> InferenceServiceReader.read("kind: [unclosed\n"))
                .hasMessageStartingWith("not valid YAML or JSON: ")
                .hasMessageEndingWith("; fix the syntax");
        assertThatThrownBy(() -> InferenceServiceReader.read(" "))
                .hasMessage("empty input; expected an InferenceService in YAML or JSON");
        String two = OmeFixtures.sampleText("openai_gpt-oss-20b.yaml") + "\n---\n"
                + OmeFixtures.sampleText("Qwen_qwen3-8b.yaml");
        assertThatThrownBy(() -> InferenceServiceReader.read(two))
                .hasMessage("found 2 InferenceService documents ([openai-test/gpt-oss-20b, qwen3-8b/qwen3-8b]); "
                        + "pass exactly one, or use readAll");
        assertThat(InferenceServiceReader.readAll(two)).hasSize(2);
    }

    @Test
    void runtimesReadTheirComponentConfigs() {
        RuntimeDefaults qwen = OmeFixtures.runtime("Qwen_qwen3-8b-rt.yaml");
        assertThat(qwen.objectId()).isEqualTo("ClusterServingRuntime/srt-qwen3-8b");
        assertThat(qwen.configs().keySet()).containsExactlyInAnyOrder(ComponentKind.ENGINE, ComponentKind.ROUTER);
        assertThat(qwen.config(ComponentKind.ENGINE).orElseThrow().annotations())
                .containsEntry("prometheus.io/port", "8080");
        assertThat(qwen.config(ComponentKind.ENGINE).orElseThrow().isMultiNode()).isFalse();
        assertThat(qwen.problems()).isEmpty();

        RuntimeDefaults pd = OmeFixtures.runtime("deepseek-rdma-pd-rt.yaml");
        assertThat(pd.configs().keySet()).containsExactly(ComponentKind.ENGINE, ComponentKind.DECODER,
                ComponentKind.ROUTER);
        assertThat(pd.config(ComponentKind.DECODER).orElseThrow().isMultiNode()).isTrue();
        assertThat(pd.config(ComponentKind.DECODER).orElseThrow().workerSize()).isEqualTo(1);
        assertThat(pd.problems()).isEmpty();

        assertThatThrownBy(() -> RuntimeDefaults.read(OmeFixtures.sampleText("openai_gpt-oss-20b.yaml")))
                .hasMessage("found 0 ServingRuntime or ClusterServingRuntime documents; pass exactly one");
    }
}
