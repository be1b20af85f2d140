package dev.omescale.scaler.decision;

import static dev.omescale.scaler.decision.Fixtures.FRESH;
import static dev.omescale.scaler.decision.Fixtures.NOW;
import static dev.omescale.scaler.decision.Fixtures.engineOnly;
import static dev.omescale.scaler.decision.Fixtures.inputs;
import static dev.omescale.scaler.decision.Fixtures.tick;
import static dev.omescale.scaler.decision.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.omescale.scaler.hpa.ScaleEvent;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ResolvedService;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Steps d and e: HPA stabilization and rate limits with OME's {@code behavior: {}} or the annotation, then clamp. */
class HpaStepsTest {

    private static final DecisionEngine ENGINE =
            new DecisionEngine(PolicySet.of(new TestPolicies.Load(PolicyKind.HPA, "concurrency", 1)));

    /** One tick: the hpa test policy proposes exactly {@code load} replicas. */
    private static ServiceDecision at(ResolvedService s, long seconds, int current, int load, ServiceHistory h) {
        Instant t = NOW.plusSeconds(seconds);
        return ENGINE.decide(tick(s, t, inputs(s, ComponentKind.ENGINE, current, values("concurrency", load), FRESH,
                t)), h);
    }

    private static ComponentDecision engine(ServiceDecision d) {
        return d.component(ComponentKind.ENGINE).orElseThrow();
    }

    @Test
    void scaleDownWaitsForTheDefaultFiveMinuteWindow() {
        ResolvedService s = engineOnly("", "maxReplicas: 10");
        ServiceDecision t0 = at(s, 0, 8, 8, ServiceHistory.empty());
        ServiceDecision t1 = at(s, 60, 8, 2, t0.next());
        ComponentDecision held = engine(t1);
        assertThat(held.desiredReplicas()).isEqualTo(8);
        assertThat(held.outcome()).isEqualTo(Outcome.HOLD);
        assertThat(held.explanation().stabilization()).isEqualTo(new Explanation.Stabilization(2, 8,
                "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest "
                        + "recent recommendation"));
        assertThat(held.explanation().toLine()).contains("; ScaleDownStabilized 2 → 8; within [1,10]");
        // 300 s after the last 8 the window has passed; the default scale-down policy (100 % per 15 s) allows all
        ComponentDecision down = engine(at(s, 301, 8, 2, t1.next()));
        assertThat(down.desiredReplicas()).isEqualTo(2);
        assertThat(down.outcome()).isEqualTo(Outcome.SCALE_DOWN);
        assertThat(down.explanation().limits().allowed()).isEqualTo(0);
    }

    @Test
    void scaleUpIsLimitedByTheDefaultPoliciesAndTheEventsOfThePeriod() {
        ResolvedService s = engineOnly("", "maxReplicas: 30");
        ServiceDecision t0 = at(s, 0, 2, 20, ServiceHistory.empty());
        ComponentDecision first = engine(t0);
        // max(2 + 4 pods, 2 × 100 %) = 6
        assertThat(first.desiredReplicas()).isEqualTo(6);
        assertThat(first.explanation().limits()).isEqualTo(new Explanation.Limits(20, 6, 6, "ScaleUpLimit",
                "the desired replica count is increasing faster than the maximum scale rate"));
        assertThat(first.explanation().conditions()).extracting(Explanation.Condition::type,
                Explanation.Condition::status, Explanation.Condition::reason).containsExactly(
                tuple("AbleToScale", true, "ReadyForNewScale"),
                tuple("ScalingActive", true, "ValidMetricFound"),
                tuple("ScalingLimited", true, "ScaleUpLimit"));
        assertThat(first.explanation().toLine()).endsWith("; combined max 20; ScaleUpLimit 20 → 6; within [1,30]");
        // the engine recorded 2 → 6 as done; within the 15 s period the pods policy counts from 2 again
        assertThat(t0.next().component(ComponentKind.ENGINE).hpa().scaleEvents().up())
                .containsExactly(new ScaleEvent(4, NOW, false));
        assertThat(engine(at(s, 5, 6, 20, t0.next())).desiredReplicas()).isEqualTo(6);
        assertThat(engine(at(s, 16, 6, 20, t0.next())).desiredReplicas()).isEqualTo(12);
    }

    @Test
    void aFailedWriteIsForgottenThroughTheRescaleFailedHook() {
        ResolvedService s = engineOnly("", "maxReplicas: 30");
        ServiceDecision t0 = at(s, 0, 2, 20, ServiceHistory.empty());
        ComponentHistory recorded = t0.next().component(ComponentKind.ENGINE);
        assertThat(recorded.hpaIfRescaleFailed()).isNotNull();
        // still at 2 because the write failed: with the event remembered, the period start is 2 − 4 and nothing
        // may be added; after rescaleFailed the limit is 6 again
        assertThat(engine(at(s, 5, 2, 20, t0.next())).desiredReplicas()).isEqualTo(2);
        ServiceHistory forgotten = t0.next().rescaleFailed(ComponentKind.ENGINE);
        assertThat(forgotten.component(ComponentKind.ENGINE).hpa().scaleEvents().up()).isEmpty();
        assertThat(forgotten.component(ComponentKind.ENGINE).hpaIfRescaleFailed()).isNull();
        assertThat(engine(at(s, 5, 2, 20, forgotten)).desiredReplicas()).isEqualTo(6);
        // a component never decided, or one without a recorded rescale, is left alone
        assertThat(ServiceHistory.empty().rescaleFailed(ComponentKind.DECODER)).isEqualTo(ServiceHistory.empty());
        assertThat(forgotten.rescaleFailed(ComponentKind.ENGINE)).isEqualTo(forgotten);
    }

    @Test
    void theBehaviorAnnotationReplacesOmesDefaults() {
        ResolvedService fast = engineOnly("    omescale.dev/behavior: "
                + "'{\"scaleDown\":{\"stabilizationWindowSeconds\":0}}'\n", "maxReplicas: 10");
        assertThat(engine(at(fast, 0, 8, 2, ServiceHistory.empty())).desiredReplicas()).isEqualTo(2);

        ResolvedService paced = engineOnly("    omescale.dev/behavior: "
                + "'{\"scaleDown\":{\"stabilizationWindowSeconds\":0,"
                + "\"policies\":[{\"type\":\"Pods\",\"value\":1,\"periodSeconds\":60}]}}'\n", "maxReplicas: 10");
        ComponentDecision d = engine(at(paced, 0, 8, 2, ServiceHistory.empty()));
        assertThat(d.desiredReplicas()).isEqualTo(7);
        assertThat(d.explanation().limits()).isEqualTo(new Explanation.Limits(2, 7, 7, "ScaleDownLimit",
                "the desired replica count is decreasing faster than the maximum scale rate"));
        assertThat(d.explanation().toLine()).endsWith("; combined max 2; ScaleDownLimit 2 → 7; within [1,10]");
    }

    @Test
    void theClampShowsMaxMinAndACurrentCountOutsideTheRange() {
        ResolvedService s = engineOnly("", "minReplicas: 2, maxReplicas: 4");
        ComponentDecision capped = engine(at(s, 0, 3, 9, ServiceHistory.empty()));
        assertThat(capped.desiredReplicas()).isEqualTo(4);
        assertThat(capped.explanation().clamp()).isEqualTo(new Explanation.Clamp(2, 4, 9, 4,
                "lowered to maxReplicas 4"));
        assertThat(capped.explanation().limits().reason()).isEqualTo("TooManyReplicas");

        ResolvedService noWindow = engineOnly("    omescale.dev/behavior: "
                + "'{\"scaleDown\":{\"stabilizationWindowSeconds\":0}}'\n", "minReplicas: 2, maxReplicas: 4");
        ComponentDecision floored = engine(at(noWindow, 0, 3, 1, ServiceHistory.empty()));
        assertThat(floored.desiredReplicas()).isEqualTo(2);
        assertThat(floored.explanation().clamp().note()).isEqualTo("raised to minReplicas 2");

        ComponentDecision above = engine(at(s, 0, 7, 7, ServiceHistory.empty()));
        assertThat(above.desiredReplicas()).isEqualTo(4);
        assertThat(above.outcome()).isEqualTo(Outcome.SCALE_DOWN);
        assertThat(above.explanation().clamp()).isEqualTo(new Explanation.Clamp(2, 4, 7, 4,
                "current 7 above maxReplicas 4: lowered to 4"));
        assertThat(above.explanation().stabilization()).isNull();

        ComponentDecision below = engine(at(s, 0, 1, 1, ServiceHistory.empty()));
        assertThat(below.desiredReplicas()).isEqualTo(2);
        assertThat(below.explanation().clamp().note()).isEqualTo("current 1 below minReplicas 2: raised to 2");
    }

    @Test
    void aComponentAtZeroWithoutScaleToZeroIsDisabledLikeAnHpa() {
        ResolvedService s = engineOnly("", "maxReplicas: 4");
        ServiceDecision d = at(s, 0, 0, 3, ServiceHistory.empty());
        ComponentDecision c = engine(d);
        assertThat(c.desiredReplicas()).isZero();
        assertThat(c.outcome()).isEqualTo(Outcome.HOLD);
        assertThat(c.explanation().scaleToZero()).isNull();
        assertThat(c.explanation().toLine()).contains("ScalingDisabled: scaling is disabled since the replica count "
                + "of the target is zero");
        assertThat(d.next().component(ComponentKind.ENGINE).zeroedByOmescale()).isFalse();
    }

    @Test
    void holdsStoreNoRecommendationSoTheyDoNotStretchTheWindow() {
        ResolvedService s = engineOnly("", "maxReplicas: 10");
        ServiceDecision t0 = at(s, 0, 4, 4, ServiceHistory.empty());
        ServiceDecision stale = ENGINE.decide(tick(s, NOW.plusSeconds(10), inputs(s, ComponentKind.ENGINE, 4,
                values("concurrency", 4), java.time.Duration.ofMinutes(2), NOW.plusSeconds(10))), t0.next());
        assertThat(engine(stale).outcome()).isEqualTo(Outcome.HOLD_MISSING_DATA);
        assertThat(stale.next().component(ComponentKind.ENGINE).hpa().recommendations())
                .isEqualTo(t0.next().component(ComponentKind.ENGINE).hpa().recommendations());
        assertThat(stale.next().component(ComponentKind.ENGINE).hpaIfRescaleFailed()).isNull();
    }
}
