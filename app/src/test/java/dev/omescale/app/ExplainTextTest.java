package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code omescale explain}'s text form of the controller's JSON. */
class ExplainTextTest {
    static final String COMPONENT = """
            {"component":"engine","evaluatedAt":"2026-11-27T17:00:00Z",
             "spec":{"deploymentMode":"RawDeployment","autoscalerClass":"external","minReplicas":2,"maxReplicas":8,
                     "scaleMetric":"cpu","policies":["hpa"]},
             %s
             "workload":{"kind":"Deployment","name":"qwen3-8b-engine","replicas":2,"omescaleWrites":true,
                         "note":"class external: omescale scales Deployment qwen3-8b-engine through /scale"},
             "readyReplicas":2,"startingReplicas":0,"signals":{},
             "decision":{"line":"engine: 2 → 2 (hold: missing data)"}}""";

    static String explain(String extra) {
        return "{\"namespace\":\"ns\",\"inferenceService\":\"qwen3-8b\",\"components\":[" + COMPONENT.formatted(extra)
                + "]}";
    }

    @Test
    void aUsageProblemIsPrintedBeforeTheDecisionItExplains() {
        String text = ExplainCommand.text(JsonMapper.builder().build().readTree(explain(
                "\"usageProblem\":\"metrics.k8s.io/v1beta1 pods in namespace ns are unavailable (HTTP 503)\",")));
        assertThat(text).contains("    cpu/memory usage: metrics.k8s.io/v1beta1 pods in namespace ns are unavailable "
                + "(HTTP 503)\n    decision: engine: 2 → 2 (hold: missing data)");
    }

    @Test
    void withoutAProblemThereIsNoUsageLine() {
        String text = ExplainCommand.text(JsonMapper.builder().build().readTree(explain("")));
        assertThat(text).doesNotContain("cpu/memory usage").contains("decision: engine: 2 → 2");
    }
}
