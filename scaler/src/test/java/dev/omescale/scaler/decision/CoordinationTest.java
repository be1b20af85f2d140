package dev.omescale.scaler.decision;

import static dev.omescale.scaler.decision.Fixtures.inputs;
import static dev.omescale.scaler.decision.Fixtures.service;
import static dev.omescale.scaler.decision.Fixtures.tick;
import static dev.omescale.scaler.decision.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.hpa.ScaleEvent;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.DecoderRatio;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ResolvedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Step f: engine and decoder kept within {@code omescale.dev/decoder-ratio} after each one's limits. */
class CoordinationTest {

    // each component's hpa test policy proposes exactly its "concurrency"
    private static final DecisionEngine ENGINE =
            new DecisionEngine(PolicySet.of(new TestPolicies.Load(PolicyKind.HPA, "concurrency", 1)));

    private static ResolvedService pair(String ratio, String engine, String decoder) {
        return service("    ome.io/autoscalerClass: external\n    omescale.dev/decoder-ratio: \"" + ratio + "\"\n",
                "  engine: {" + engine + "}\n  decoder: {" + decoder + "}\n");
    }

    /** Engine and decoder at their current counts, each proposing {@code eLoad} / {@code dLoad} (null: missing). */
    private static ServiceDecision decide(ResolvedService s, int e, Integer eLoad, int d, Integer dLoad) {
        return ENGINE.decide(tick(s,
                inputs(s, ComponentKind.ENGINE, e, eLoad == null ? null : values("concurrency", eLoad)),
                inputs(s, ComponentKind.DECODER, d, dLoad == null ? null : values("concurrency", dLoad))),
                ServiceHistory.empty());
    }

    private static ComponentDecision engine(ServiceDecision d) {
        return d.component(ComponentKind.ENGINE).orElseThrow();
    }

    private static ComponentDecision decoder(ServiceDecision d) {
        return d.component(ComponentKind.DECODER).orElseThrow();
    }

    @ParameterizedTest(name = "{0}: engine {1}..{2} at {3}, decoder {4}..{5} at {6} → {7}:{8}")
    @CsvSource({
            // ratio,   eMin, eMax, e, dMin, dMax, d, → e, d
            "1:1-1:4,   1,    8,    3, 1,    8,    5,   3, 5",   // within: nothing to do
            "1:1-1:4,   1,    8,    4, 1,    8,    2,   4, 4",   // lagging decoder raised
            "1:1-1:4,   1,    8,    2, 1,    12,   9,   3, 9",   // lagging engine raised: 9 decoders need 3 engines
            "1:1-1:4,   1,    8,    6, 1,    2,    2,   2, 2",   // decoder at its max: leading engine lowered
            // nothing avoids lowering: the smallest change, then the most capacity
            "1:1-1:4,   1,    8,    6, 1,    3,    2,   3, 3",
            "1:1-1:4,   3,    8,    6, 1,    2,    2,   6, 2",   // engine min 3 > 2 decoders: unsatisfiable, left as is
            // exactly 1.5 per engine: 3 engines fit no decoder count; 4:6 lowers nothing
            "2:3,       1,    8,    3, 1,    8,    4,   4, 6",
            "1:2,       1,    3,    1, 1,    1,    1,   1, 1",   // 1 engine needs 2 decoders, max 1: unsatisfiable
    })
    void bringsThePairWithinTheRatio(String ratio, int eMin, int eMax, int e, int dMin, int dMax, int d, int e2,
            int d2) {
        ResolvedService s = pair(ratio, "minReplicas: " + eMin + ", maxReplicas: " + eMax,
                "minReplicas: " + dMin + ", maxReplicas: " + dMax);
        ServiceDecision out = decide(s, e, e, d, d);
        assertThat(engine(out).desiredReplicas()).isEqualTo(e2);
        assertThat(decoder(out).desiredReplicas()).isEqualTo(d2);
        Explanation.Coordination c = engine(out).explanation().coordination();
        assertThat(decoder(out).explanation().coordination()).isEqualTo(c);
        assertThat(c.satisfied()).isEqualTo(DecoderRatio.parse(ratio).allows(e2, d2));
        assertThat(c.engineAfter()).isEqualTo(e2);
        assertThat(c.decoderAfter()).isEqualTo(d2);
    }

    @Test
    void theNotesSayWhatMovedAndThatRateLimitsMayBeExceeded() {
        ResolvedService s = pair("1:1-1:4", "maxReplicas: 8", "maxReplicas: 3");
        assertThat(engine(decide(s, 3, 3, 5, 5)).explanation().coordination().note())
                .isEqualTo("engine 3, decoder 3 within 1:1-1:4");
        assertThat(engine(decide(s, 4, 4, 2, 2)).explanation().coordination().note())
                .isEqualTo("engine lowered 4 → 3 and decoder raised 2 → 3 to fit 1:1-1:4 (applied after the rate "
                        + "limits, so it may exceed the scale-up and scale-down limits)");
        ResolvedService tight = pair("1:2", "maxReplicas: 3", "maxReplicas: 1");
        assertThat(engine(decide(tight, 1, 1, 1, 1)).explanation().coordination().note())
                .isEqualTo("unsatisfiable: no engine count in [1,3] with a decoder count in [1,1] fits 1:2; left "
                        + "engine 1, decoder 1; widen maxReplicas or the ratio");
    }

    @Test
    void coordinationRunsAfterTheRateLimitsAndMayExceedThem() {
        ResolvedService s = pair("1:1", "maxReplicas: 12", "maxReplicas: 12");
        ServiceDecision out = decide(s, 10, 10, 1, 2);
        ComponentDecision dec = decoder(out);
        // the decoder's own limits allowed max(1 + 4, 2 × 1) = 5; the ratio needs 10
        assertThat(dec.explanation().limits().allowed()).isEqualTo(5);
        assertThat(dec.explanation().clamp().after()).isEqualTo(2);
        assertThat(dec.desiredReplicas()).isEqualTo(10);
        assertThat(dec.outcome()).isEqualTo(Outcome.SCALE_UP);
        assertThat(dec.explanation().toLine()).isEqualTo("default/llama-chat decoder: 1 → 10 (scale up) hpa: "
                + "concurrency 2 / 1 → 2; combined max 2; ScaleUpLimit would allow 5; within [1,12]; ratio: decoder "
                + "raised 2 → 10 to fit 1:1 (applied after the rate limits, so it may exceed the scale-up limit)");
        // the scale event records what the decision does, 1 → 10
        assertThat(out.next().component(ComponentKind.DECODER).hpa().scaleEvents().up())
                .extracting(ScaleEvent::replicaChange).containsExactly(9);
    }

    @Test
    void aSideHeldOnMissingDataIsNotLoweredByTheRatio() {
        ResolvedService s = pair("1:1", "maxReplicas: 8", "maxReplicas: 2");
        ServiceDecision out = decide(s, 6, null, 2, 2);
        assertThat(engine(out).desiredReplicas()).isEqualTo(6);
        assertThat(engine(out).outcome()).isEqualTo(Outcome.HOLD_MISSING_DATA);
        assertThat(decoder(out).desiredReplicas()).isEqualTo(2);
        assertThat(engine(out).explanation().coordination().note()).isEqualTo("unsatisfiable: no engine count in "
                + "[6,8] with a decoder count in [1,2] fits 1:1; left engine 6, decoder 2; engine not lowered below 6 "
                + "(missing data); widen maxReplicas or the ratio");
        // raising the other side is still fine
        ServiceDecision raised = decide(pair("1:1", "maxReplicas: 8", "maxReplicas: 8"), 6, null, 2, 2);
        assertThat(decoder(raised).desiredReplicas()).isEqualTo(6);
        assertThat(engine(raised).desiredReplicas()).isEqualTo(6);
    }

    @Test
    void noRatioNoCoordination() {
        ResolvedService s = service("    ome.io/autoscalerClass: external\n", "  engine: {}\n  decoder: {}\n");
        ServiceDecision out = decide(s, 3, 3, 1, 1);
        assertThat(engine(out).explanation().coordination()).isNull();
        assertThat(decoder(out).desiredReplicas()).isEqualTo(1);
    }

    @Test
    void theSearchPrefersNoLoweringThenTheSmallestChangeThenCapacity() {
        DecoderRatio r = DecoderRatio.parse("1:1-1:2");
        assertThat(PairCoordinator.best(r, 5, 1, 10, 2, 1, 10)).containsExactly(5, 5);
        assertThat(PairCoordinator.best(r, 5, 1, 10, 2, 1, 4)).containsExactly(4, 4);
        assertThat(PairCoordinator.best(r, 2, 1, 10, 9, 1, 10)).containsExactly(5, 9);
        assertThat(PairCoordinator.best(r, 2, 1, 3, 9, 1, 10)).containsExactly(3, 6);
        assertThat(PairCoordinator.best(r, 2, 1, 3, 9, 7, 10)).isNull();
    }
}
