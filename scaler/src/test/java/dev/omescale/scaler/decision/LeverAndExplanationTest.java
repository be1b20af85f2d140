package dev.omescale.scaler.decision;

import static dev.omescale.scaler.decision.Fixtures.NOW;
import static dev.omescale.scaler.decision.Fixtures.engineOnly;
import static dev.omescale.scaler.decision.Fixtures.inputs;
import static dev.omescale.scaler.decision.Fixtures.service;
import static dev.omescale.scaler.decision.Fixtures.tick;
import static dev.omescale.scaler.decision.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.model.ScalingLever;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The lever check (NOT_SCALABLE) and the explanation's line and JSON forms. */
class LeverAndExplanationTest {

    private static final DecisionEngine ENGINE = new DecisionEngine(PolicySet.of(
            new TestPolicies.Load(PolicyKind.HPA, "concurrency", 5),
            new TestPolicies.Load(PolicyKind.SLO, "ttft_p95_seconds", 0.4)));

    private static final String TWO = "    omescale.dev/slo-ttft-p95: 2s\n    omescale.dev/policy: slo,hpa\n";

    private static ComponentDecision decide(ResolvedService s, ComponentKind kind, int current,
            Map<String, Double> values) {
        return ENGINE.decide(tick(s, inputs(s, kind, current, values)), ServiceHistory.empty()).component(kind)
                .orElseThrow();
    }

    @Test
    void componentsOmescaleCannotWriteAreDecidedButMarkedNotScalable() {
        ResolvedService hpaClass = service("", "  engine: {maxReplicas: 8}\n");
        ServiceDecision d = ENGINE.decide(tick(hpaClass, inputs(hpaClass, ComponentKind.ENGINE, 3,
                values("concurrency", 22))), ServiceHistory.empty());
        ComponentDecision c = d.components().get(0);
        assertThat(c.desiredReplicas()).isEqualTo(5);
        assertThat(c.outcome()).isEqualTo(Outcome.NOT_SCALABLE);
        assertThat(c.explanation().computedOutcome()).isEqualTo(Outcome.SCALE_UP);
        assertThat(c.explanation().lever()).isEqualTo(ScalingLever.NONE);
        assertThat(c.explanation().leverNote()).isEqualTo("class hpa: OME's HPA llama-chat-engine owns the replicas "
                + "and can read this decision as desired_replicas from omescale's metrics adapter; set "
                + "ome.io/autoscalerClass: external to let omescale scale it");
        // omescale writes nothing, so nothing is recorded against its rate limits
        assertThat(d.next().component(ComponentKind.ENGINE).hpa().scaleEvents().up()).isEmpty();
        assertThat(d.next().component(ComponentKind.ENGINE).hpaIfRescaleFailed()).isNull();
        assertThat(c.explanation().toLine()).startsWith("default/llama-chat engine: 3 → 5 (not scalable, would scale "
                + "up) ");

        assertThat(decide(service("    ome.io/autoscalerClass: keda\n", "  engine: {}\n"), ComponentKind.ENGINE, 1,
                values("concurrency", 1)).explanation().leverNote()).isEqualTo("class keda: KEDA's ScaledObject "
                + "scaledobject-llama-chat-engine owns the replicas and can read this decision from omescale's KEDA "
                + "scaler; set ome.io/autoscalerClass: external to let omescale scale it");
        ComponentDecision serverless = decide(service("", "  engine: {minReplicas: 0}\n"), ComponentKind.ENGINE, 1,
                values("concurrency", 1));
        assertThat(serverless.outcome()).isEqualTo(Outcome.NOT_SCALABLE);
        assertThat(serverless.explanation().leverNote()).isEqualTo("Serverless: Knative owns the replicas of "
                + "llama-chat-engine; omescale never scales it (set minReplicas: 1 to make it a Deployment)");
        String multiNode = "  engine: {leader: {}, worker: {}}\n";
        assertThat(decide(service("", multiNode), ComponentKind.ENGINE, 1, values("concurrency", 1)).explanation()
                .leverNote()).isEqualTo("MultiNode: OME resets lws-llama-chat-engine to minReplicas on every "
                + "reconcile; set omescale.dev/multinode-lever: minReplicas to let omescale patch "
                + "spec.engine.minReplicas");
        ComponentDecision lever = decide(service("    omescale.dev/multinode-lever: minReplicas\n", multiNode),
                ComponentKind.ENGINE, 1, values("concurrency", 1));
        assertThat(lever.outcome()).isEqualTo(Outcome.HOLD);
        assertThat(lever.explanation().lever()).isEqualTo(ScalingLever.ISVC_MIN_REPLICAS);
        assertThat(lever.explanation().leverNote()).isNull();
    }

    @Test
    void exactLines() {
        ResolvedService s = engineOnly(TWO, "maxReplicas: 8");
        assertThat(decide(s, ComponentKind.ENGINE, 3, values("ttft_p95_seconds", 1.9, "concurrency", 21))
                .explanation().toLine()).isEqualTo("default/llama-chat engine: 3 → 5 (scale up) slo: "
                + "ttft_p95_seconds 1.9 / 0.4 → 5; hpa: concurrency 21 / 5 → 5; combined max 5; ScaleUpLimit would "
                + "allow 7; within [1,8]");
        assertThat(decide(s, ComponentKind.ENGINE, 6, values("concurrency", 9)).explanation().toLine())
                .isEqualTo("default/llama-chat engine: 6 → 6 (hold: missing data) slo: ttft_p95_seconds missing "
                        + "or stale → no proposal; hpa: concurrency 9 / 5 → 2; holding 6: no proposal from slo "
                        + "(missing ttft_p95_seconds), and the others propose at most 2");
        assertThat(decide(s, ComponentKind.ENGINE, 2, values("concurrency", 40)).explanation().toLine())
                .isEqualTo("default/llama-chat engine: 2 → 6 (scale up) slo: ttft_p95_seconds missing or stale "
                        + "→ no proposal; hpa: concurrency 40 / 5 → 8; combined max 8 despite no proposal from slo "
                        + "(missing ttft_p95_seconds); ScaleUpLimit 8 → 6; within [1,8]");
    }

    private static final List<String> FIELDS = List.of("component", "time", "signalAgeSeconds", "inputs",
            "proposals", "combined", "conditions", "stabilization", "limits", "clamp", "coordination", "scaleToZero",
            "currentReplicas", "finalReplicas", "outcome", "computedOutcome", "lever", "leverNote", "problems", "line");

    @Test
    void jsonHasTheDocumentedFieldsInOrderAndParses() {
        ResolvedService s = service("    ome.io/autoscalerClass: external\n" + TWO
                + "    omescale.dev/decoder-ratio: 1:1-1:4\n    omescale.dev/scale-to-zero: 15m\n",
                "  engine: {maxReplicas: 8}\n  decoder: {maxReplicas: 8, minReplicas: -1}\n");
        ServiceDecision d = ENGINE.decide(tick(s,
                inputs(s, ComponentKind.ENGINE, 3, values("ttft_p95_seconds", 1.9, "concurrency", 21)),
                inputs(s, ComponentKind.DECODER, 1, null)), ServiceHistory.empty());
        Explanation x = d.component(ComponentKind.ENGINE).orElseThrow().explanation();
        JsonNode j = JsonMapper.builder().build().readTree(x.toJson());
        List<String> names = new ArrayList<>(j.propertyNames());
        assertThat(names).containsExactlyElementsOf(FIELDS);
        assertThat(j.get("component").asString()).isEqualTo("default/llama-chat/engine");
        assertThat(j.get("time").asString()).isEqualTo(NOW.toString());
        assertThat(j.get("signalAgeSeconds").asDouble()).isEqualTo(5.0);
        assertThat(j.get("inputs").get(0).get("name").asString()).isEqualTo("ttft_p95_seconds");
        assertThat(j.get("inputs").get(0).get("ageSeconds").asDouble()).isEqualTo(5.0);
        assertThat(j.get("proposals").get(1).get("replicas").asInt()).isEqualTo(5);
        assertThat(j.get("combined").get("rule").asString()).isEqualTo("MAX");
        assertThat(j.get("conditions").get(2).get("reason").asString()).isEqualTo("DesiredWithinRange");
        assertThat(j.get("stabilization").get("recommendation").asInt()).isEqualTo(5);
        assertThat(j.get("limits").get("allowed").asInt()).isEqualTo(7);
        assertThat(j.get("clamp").get("note").asString()).isEqualTo("within [1,8]");
        assertThat(j.get("coordination").get("engineAfter").asInt()).isEqualTo(5);
        assertThat(j.get("coordination").get("decoderAfter").asInt()).isEqualTo(5);
        assertThat(j.get("scaleToZero").get("idleAfterSeconds").asDouble()).isEqualTo(900.0);
        assertThat(j.get("scaleToZero").get("activity").asString()).isEqualTo("ACTIVE");
        assertThat(j.get("scaleToZero").get("idleSince").isNull()).isTrue();
        assertThat(j.get("outcome").asString()).isEqualTo("SCALE_UP");
        assertThat(j.get("lever").asString()).isEqualTo("DEPLOYMENT_SCALE");
        assertThat(j.get("leverNote").isNull()).isTrue();
        assertThat(j.get("line").asString()).isEqualTo(x.toLine());
        // the decoder's problem is the decoder's, not the engine's
        assertThat(j.get("problems").isEmpty()).isTrue();
        Explanation dec = d.component(ComponentKind.DECODER).orElseThrow().explanation();
        assertThat(dec.problems()).containsExactly("error: default/llama-chat: spec.decoder.minReplicas=-1: must be 0 "
                + "or more; using 1");
        JsonNode dj = JsonMapper.builder().build().readTree(dec.toJson());
        assertThat(dj.get("signalAgeSeconds").isNull()).isTrue();
        assertThat(dj.get("combined").get("replicas").isNull()).isTrue();
        assertThat(dj.get("stabilization").isNull()).isTrue();
        assertThat(new ArrayList<>(dj.propertyNames())).containsExactlyElementsOf(FIELDS);
    }

    @Test
    void serviceWideProblemsConcernEveryComponent() {
        ResolvedService s = service("    ome.io/autoscalerClass: external\n    omescale.dev/policy: slo\n",
                "  engine: {}\n  router: {}\n");
        ServiceDecision d = ENGINE.decide(tick(s, inputs(s, ComponentKind.ENGINE, 1, values("concurrency", 1)),
                inputs(s, ComponentKind.ROUTER, 1, values("concurrency", 1))), ServiceHistory.empty());
        String warning = "warning: default/llama-chat: metadata.annotations[\"omescale.dev/policy\"]=\"slo\": "
                + "slo needs a target; set omescale.dev/slo-ttft-p95 or omescale.dev/slo-itl-p95, e.g. 2s";
        assertThat(d.components()).allSatisfy(c -> assertThat(c.explanation().problems()).containsExactly(warning));
    }

    @Test
    void aComponentWithoutInputsGetsNoDecisionAndKeepsItsHistory() {
        ResolvedService s = service("    ome.io/autoscalerClass: external\n", "  engine: {}\n  decoder: {}\n");
        ServiceDecision first = ENGINE.decide(tick(s, inputs(s, ComponentKind.ENGINE, 1, values("concurrency", 1)),
                inputs(s, ComponentKind.DECODER, 1, values("concurrency", 1))), ServiceHistory.empty());
        ServiceDecision onlyEngine = ENGINE.decide(tick(s, NOW.plusSeconds(15), inputs(s, ComponentKind.ENGINE, 1,
                values("concurrency", 1))), first.next());
        assertThat(onlyEngine.components()).extracting(ComponentDecision::kind).containsExactly(ComponentKind.ENGINE);
        assertThat(onlyEngine.next().component(ComponentKind.DECODER))
                .isEqualTo(first.next().component(ComponentKind.DECODER));
    }
}
