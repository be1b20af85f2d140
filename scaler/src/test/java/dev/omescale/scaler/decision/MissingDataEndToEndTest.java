package dev.omescale.scaler.decision;

import static dev.omescale.scaler.decision.Fixtures.FRESH;
import static dev.omescale.scaler.decision.Fixtures.NOW;
import static dev.omescale.scaler.decision.Fixtures.engineOnly;
import static dev.omescale.scaler.decision.Fixtures.inputs;
import static dev.omescale.scaler.decision.Fixtures.tick;
import static dev.omescale.scaler.decision.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.policy.ComponentInputs;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Point 9 end to end: through outages of telemetry or of one policy's inputs, the count holds; it never falls. */
class MissingDataEndToEndTest {

    private static final DecisionEngine ENGINE = new DecisionEngine(PolicySet.of(
            new TestPolicies.Load(PolicyKind.HPA, "concurrency", 5),
            new TestPolicies.Load(PolicyKind.SLO, "ttft_p95_seconds", 0.5)));

    /** A realizer that applies every decision; returns the count at the end. */
    private static final class Loop {
        final ResolvedService service;
        ServiceHistory history = ServiceHistory.empty();
        int current;
        ComponentDecision last;

        Loop(ResolvedService service, int current) {
            this.service = service;
            this.current = current;
        }

        ComponentDecision tick(long seconds, Map<String, Double> values, Duration age) {
            Instant t = NOW.plusSeconds(seconds);
            ServiceDecision d = ENGINE.decide(Fixtures.tick(service, t, inputs(service, ComponentKind.ENGINE, current,
                    values, age, t)), history);
            history = d.next();
            last = d.components().get(0);
            current = last.desiredReplicas();
            return last;
        }
    }

    @Test
    void staleTelemetryHoldsThroughTheOutageAndFreshDataScalesDownAfterwards() {
        Loop loop = new Loop(engineOnly("", "maxReplicas: 10"), 6);
        for (long t = 0; t < 60; t += 15) {
            assertThat(loop.tick(t, values("concurrency", 30), FRESH).desiredReplicas()).isEqualTo(6);
        }
        for (long t = 60; t <= 900; t += 15) {
            // the load fell, but nobody can know: the signals are two minutes old
            ComponentDecision d = loop.tick(t, values("concurrency", 5), Duration.ofMinutes(2));
            assertThat(d.desiredReplicas()).isEqualTo(6);
            assertThat(d.outcome()).isEqualTo(Outcome.HOLD_MISSING_DATA);
        }
        for (long t = 915; t <= 1200; t += 15) {
            ComponentDecision d = loop.tick(t, null, FRESH);
            assertThat(d.desiredReplicas()).isEqualTo(6);
            assertThat(d.explanation().signalAge()).isEqualTo(ComponentInputs.NEVER);
        }
        // fresh again; holds stored no recommendations, so the last 6 is long out of the window
        ComponentDecision fresh = loop.tick(1215, values("concurrency", 5), FRESH);
        assertThat(fresh.desiredReplicas()).isEqualTo(1);
        assertThat(fresh.outcome()).isEqualTo(Outcome.SCALE_DOWN);
    }

    @Test
    void onePolicyLosingItsInputHoldsWhileTheOthersWouldScaleDownButNotWhileTheyScaleUp() {
        Loop loop = new Loop(engineOnly("    omescale.dev/slo-ttft-p95: 2s\n    omescale.dev/policy: slo,hpa\n",
                "maxReplicas: 10"), 4);
        assertThat(loop.tick(0, values("concurrency", 20, "ttft_p95_seconds", 1.5), FRESH).desiredReplicas())
                .isEqualTo(4);
        for (long t = 15; t <= 900; t += 15) {
            ComponentDecision d = loop.tick(t, values("concurrency", 3), FRESH);
            assertThat(d.desiredReplicas()).isEqualTo(4);
            assertThat(d.outcome()).isEqualTo(Outcome.HOLD_MISSING_DATA);
        }
        // a partial failure with a scale-up still scales, as the HPA does
        ComponentDecision up = loop.tick(915, values("concurrency", 35), FRESH);
        assertThat(up.desiredReplicas()).isEqualTo(7);
        assertThat(up.outcome()).isEqualTo(Outcome.SCALE_UP);
        assertThat(up.explanation().combined().rule()).isEqualTo(Explanation.CombineRule.MAX_DESPITE_MISSING);
    }

    @Test
    void missingDataAtZeroKeepsZeroAndAboveZeroNeverReachesIt() {
        Loop atZero = new Loop(engineOnly("    omescale.dev/scale-to-zero: 1m\n", "maxReplicas: 4"), 0);
        for (long t = 0; t <= 600; t += 15) {
            ComponentDecision d = atZero.tick(t, null, FRESH);
            assertThat(d.desiredReplicas()).isZero();
            assertThat(d.outcome()).isEqualTo(Outcome.HOLD_MISSING_DATA);
        }
        Loop running = new Loop(engineOnly("    omescale.dev/scale-to-zero: 1m\n", "maxReplicas: 4"), 1);
        for (long t = 0; t <= 600; t += 15) {
            assertThat(running.tick(t, values("concurrency", 0, "queue_length", 0), Duration.ofMinutes(5))
                    .desiredReplicas()).isEqualTo(1);
        }
    }

    @Test
    void aTickIsPureSoTheSameTickGivesTheSameDecision() {
        ResolvedService s = engineOnly("", "maxReplicas: 10");
        ServiceInputs in = tick(s, inputs(s, ComponentKind.ENGINE, 3, values("concurrency", 22)));
        assertThat(ENGINE.decide(in, ServiceHistory.empty())).isEqualTo(ENGINE.decide(in, ServiceHistory.empty()));
    }
}
