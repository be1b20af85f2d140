package dev.omescale.scaler.decision;

import static dev.omescale.scaler.decision.Fixtures.FRESH;
import static dev.omescale.scaler.decision.Fixtures.NOW;
import static dev.omescale.scaler.decision.Fixtures.engineOnly;
import static dev.omescale.scaler.decision.Fixtures.inputs;
import static dev.omescale.scaler.decision.Fixtures.service;
import static dev.omescale.scaler.decision.Fixtures.signals;
import static dev.omescale.scaler.decision.Fixtures.tick;
import static dev.omescale.scaler.decision.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.decision.Explanation.Activity;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.DecoderRatio;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.QueryValue;
import dev.omescale.telemetry.signal.ComponentSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step g: scale to zero with {@code omescale.dev/scale-to-zero} on a RawDeployment component, and waking. */
class ScaleToZeroTest {

    private static final DecisionEngine ENGINE =
            new DecisionEngine(PolicySet.of(new TestPolicies.Load(PolicyKind.HPA, "concurrency", 1)));
    private static final ResolvedService IDLE_5M = engineOnly("    omescale.dev/scale-to-zero: 5m\n", "maxReplicas: 4");
    private static final Map<String, Double> IDLE = values("concurrency", 0, "queue_length", 0, "request_rate", 0);

    private static Map<String, Double> busy(double queue) {
        return values("concurrency", 0, "queue_length", queue, "request_rate", 0);
    }

    private static ServiceDecision at(ResolvedService s, long seconds, int current, Map<String, Double> values,
            Duration age, ServiceHistory h) {
        Instant t = NOW.plusSeconds(seconds);
        return ENGINE.decide(tick(s, t, inputs(s, ComponentKind.ENGINE, current, values, age, t)), h);
    }

    private static ComponentDecision engine(ServiceDecision d) {
        return d.component(ComponentKind.ENGINE).orElseThrow();
    }

    /** Ticks every 60 s from 0 to {@code until} at {@code current}, idle unless the tick is in {@code breaks}. */
    private static ServiceDecision run(ResolvedService s, int current, long until,
            Map<Long, Map<String, Double>> breaks, Map<Long, Duration> ages) {
        ServiceHistory h = ServiceHistory.empty();
        ServiceDecision d = null;
        for (long t = 0; t <= until; t += 60) {
            d = at(s, t, current, breaks.getOrDefault(t, IDLE), ages.getOrDefault(t, FRESH), h);
            h = d.next();
        }
        return d;
    }

    @Test
    void idleForTheWholePeriodGoesToZero() {
        ServiceDecision first = at(IDLE_5M, 0, 2, IDLE, FRESH, ServiceHistory.empty());
        assertThat(engine(first).explanation().scaleToZero()).isEqualTo(new Explanation.ScaleToZero(
                Duration.ofMinutes(5), Activity.IDLE, "concurrency 0, queue_length 0, request_rate 0", NOW,
                "idle for 0ms of 5m"));
        ComponentDecision before = engine(run(IDLE_5M, 2, 240, Map.of(), Map.of()));
        assertThat(before.desiredReplicas()).isEqualTo(2);
        assertThat(before.explanation().scaleToZero().note()).isEqualTo("idle for 4m of 5m");
        ServiceDecision fired = run(IDLE_5M, 2, 300, Map.of(), Map.of());
        ComponentDecision zero = engine(fired);
        assertThat(zero.desiredReplicas()).isZero();
        assertThat(zero.outcome()).isEqualTo(Outcome.SCALE_TO_ZERO);
        assertThat(zero.explanation().toLine()).endsWith("; scale to zero: idle for 5m ≥ 5m: to zero");
        // to and from zero bypass the rate limits, so they are not recorded against them
        assertThat(fired.next().component(ComponentKind.ENGINE).hpaIfRescaleFailed()).isNull();
        assertThat(fired.next().component(ComponentKind.ENGINE).zeroedByOmescale()).isTrue();
    }

    @Test
    void activityRestartsTheIdleTimer() {
        ComponentDecision d = engine(run(IDLE_5M, 2, 300, Map.of(240L, busy(1)), Map.of()));
        // not to zero; the HPA's own scale-down (window passed, load 0) takes it to minReplicas
        assertThat(d.desiredReplicas()).isEqualTo(1);
        assertThat(d.outcome()).isEqualTo(Outcome.SCALE_DOWN);
        assertThat(d.explanation().scaleToZero().idleSince()).isEqualTo(NOW.plusSeconds(300));
        ComponentDecision active = engine(at(IDLE_5M, 0, 2, busy(3), FRESH, ServiceHistory.empty()));
        assertThat(active.explanation().scaleToZero().note())
                .isEqualTo("active (concurrency 0, queue_length 3 > 0, request_rate 0): idle timer reset");
    }

    @Test
    void missingOrStaleDataNeitherStartsNorCompletesTheIdleTimer() {
        // stale at 120 s: the timer restarts at 180 s, so 300 s is not 5 min of continuous idleness
        ComponentDecision stale = engine(run(IDLE_5M, 2, 300, Map.of(), Map.of(120L, Duration.ofMinutes(2))));
        assertThat(stale.desiredReplicas()).isEqualTo(1);
        assertThat(stale.outcome()).isEqualTo(Outcome.SCALE_DOWN);
        assertThat(stale.explanation().scaleToZero().idleSince()).isEqualTo(NOW.plusSeconds(180));
        ComponentDecision unknown = engine(at(IDLE_5M, 0, 2, IDLE, Duration.ofMinutes(2), ServiceHistory.empty()));
        assertThat(unknown.explanation().scaleToZero()).isEqualTo(new Explanation.ScaleToZero(Duration.ofMinutes(5),
                Activity.UNKNOWN, "signals 2m old (limit 30s)", null, "activity unknown (signals 2m old (limit 30s)): "
                + "idle timer stopped; missing data never scales to zero"));
        // always missing: never to zero
        ServiceHistory h = ServiceHistory.empty();
        for (long t = 0; t <= 3600; t += 60) {
            ServiceDecision d = at(IDLE_5M, t, 2, null, FRESH, h);
            assertThat(engine(d).desiredReplicas()).isEqualTo(2);
            h = d.next();
        }
    }

    @Test
    void aZeroFromSomeOfThePodsIsNoEvidenceOfIdleness() {
        ComponentSignals partial = new ComponentSignals("default", "llama-chat", "engine", List.of("p0", "p1", "p2"),
                IDLE, Map.of("concurrency", 2, "queue_length", 3, "request_rate", 3), NOW.minus(FRESH).toEpochMilli(),
                List.of());
        ComponentInputs in = inputs(IDLE_5M, ComponentKind.ENGINE, 3, partial, null, NOW);
        ActivityCheck.Result r = ActivityCheck.check(in, in.spec().keda());
        assertThat(r).isEqualTo(new ActivityCheck.Result(Activity.UNKNOWN,
                "concurrency 0 from 2 of 3 pods, queue_length 0, request_rate 0"));
        ComponentSignals someMissing = signals(ComponentKind.ENGINE, 2, values("concurrency", 0, "queue_length", null),
                FRESH, NOW);
        assertThat(ActivityCheck.check(inputs(IDLE_5M, ComponentKind.ENGINE, 2, someMissing, null, NOW),
                in.spec().keda())).isEqualTo(new ActivityCheck.Result(Activity.IDLE,
                "concurrency 0, queue_length missing, request_rate missing"));
    }

    @Test
    void atZeroTheFirstActivityWakesStraightToMinReplicas() {
        ResolvedService s = engineOnly("    omescale.dev/scale-to-zero: 5m\n", "minReplicas: 2, maxReplicas: 10");
        ComponentDecision woke = engine(at(s, 0, 0, values("concurrency", 0, "queue_length", 40), FRESH,
                ServiceHistory.empty()));
        assertThat(woke.desiredReplicas()).isEqualTo(2);
        assertThat(woke.outcome()).isEqualTo(Outcome.WAKE_FROM_ZERO);
        assertThat(woke.explanation().stabilization()).isNull();
        assertThat(woke.explanation().limits()).isNull();
        assertThat(woke.explanation().scaleToZero().note()).isEqualTo("activity at zero (concurrency 0, queue_length "
                + "40 > 0, request_rate missing): woke to 2, past stabilization and rate limits");

        ComponentDecision idle = engine(at(s, 0, 0, IDLE, FRESH, ServiceHistory.empty()));
        assertThat(idle.desiredReplicas()).isZero();
        assertThat(idle.outcome()).isEqualTo(Outcome.HOLD);
        ComponentDecision unknown = engine(at(s, 0, 0, null, FRESH, ServiceHistory.empty()));
        assertThat(unknown.desiredReplicas()).isZero();
        assertThat(unknown.outcome()).isEqualTo(Outcome.HOLD_MISSING_DATA);
        assertThat(unknown.explanation().scaleToZero().note())
                .isEqualTo("at zero, activity unknown (no signals): staying at 0");
    }

    @Test
    void aConfiguredQueryIsActivityEvidenceToo() {
        ResolvedService s = engineOnly("    omescale.dev/scale-to-zero: 5m\n"
                + "    autoscaling.keda.sh/prometheus.query: sum(rate(gateway_requests_total[1m]))\n",
                "maxReplicas: 4");
        ComponentInputs woke = inputs(s, ComponentKind.ENGINE, 0, null, QueryValue.of(0.5, NOW), NOW);
        assertThat(engine(ENGINE.decide(tick(s, woke), ServiceHistory.empty())).outcome())
                .isEqualTo(Outcome.WAKE_FROM_ZERO);
        ComponentSignals idle = signals(ComponentKind.ENGINE, 2, IDLE, FRESH, NOW);
        assertThat(ActivityCheck.check(inputs(s, ComponentKind.ENGINE, 2, idle, QueryValue.of(0, NOW), NOW),
                s.component(ComponentKind.ENGINE).orElseThrow().keda()).activity()).isEqualTo(Activity.IDLE);
        assertThat(ActivityCheck.check(inputs(s, ComponentKind.ENGINE, 2, idle, QueryValue.failed("timeout", NOW),
                NOW), s.component(ComponentKind.ENGINE).orElseThrow().keda()))
                .isEqualTo(new ActivityCheck.Result(Activity.UNKNOWN,
                        "concurrency 0, queue_length 0, request_rate 0, query failed: timeout"));
        assertThat(ActivityCheck.check(inputs(s, ComponentKind.ENGINE, 2, idle, QueryValue.of(0, NOW.minusSeconds(90)),
                NOW), s.component(ComponentKind.ENGINE).orElseThrow().keda()).activity()).isEqualTo(Activity.UNKNOWN);
        assertThat(ActivityCheck.check(inputs(s, ComponentKind.ENGINE, 2, idle, QueryValue.of(-1, NOW), NOW),
                s.component(ComponentKind.ENGINE).orElseThrow().keda()).evidence()).endsWith("query -1 (null sample)");
    }

    @Test
    void onlyARawComponentWithTheAnnotationGoesToZero() {
        ComponentDecision plain = engine(run(engineOnly("", "maxReplicas: 4"), 2, 900, Map.of(), Map.of()));
        assertThat(plain.desiredReplicas()).isEqualTo(1);
        assertThat(plain.explanation().scaleToZero()).isNull();
        ResolvedService multiNode = service("    omescale.dev/scale-to-zero: 5m\n    omescale.dev/multinode-lever: "
                + "minReplicas\n", "  engine: {maxReplicas: 4, leader: {}, worker: {}}\n");
        assertThat(multiNode.component(ComponentKind.ENGINE).orElseThrow().scaleToZeroAllowed()).isFalse();
        assertThat(engine(run(multiNode, 2, 900, Map.of(), Map.of())).desiredReplicas()).isEqualTo(1);
    }

    @Test
    void removingTheAnnotationAtZeroBringsTheComponentBack() {
        ServiceDecision zero = run(IDLE_5M, 2, 300, Map.of(), Map.of());
        ServiceDecision stillZero = at(IDLE_5M, 360, 0, IDLE, FRESH, zero.next());
        assertThat(stillZero.next().component(ComponentKind.ENGINE).zeroedByOmescale()).isTrue();
        ResolvedService without = engineOnly("", "minReplicas: 2, maxReplicas: 4");
        ComponentDecision back = engine(at(without, 420, 0, null, FRESH, stillZero.next()));
        assertThat(back.desiredReplicas()).isEqualTo(2);
        assertThat(back.outcome()).isEqualTo(Outcome.WAKE_FROM_ZERO);
        assertThat(back.explanation().scaleToZero().note()).isEqualTo("omescale.dev/scale-to-zero no longer applies "
                + "to llama-chat-engine, which omescale took to zero: back to 2");
    }

    // ---------- the pair ----------

    private static final ResolvedService PAIR = service("    ome.io/autoscalerClass: external\n"
            + "    omescale.dev/scale-to-zero: 5m\n    omescale.dev/decoder-ratio: 1:1-1:4\n",
            "  engine: {maxReplicas: 4}\n  decoder: {maxReplicas: 8}\n");

    private static ServiceDecision pairTick(long seconds, int e, Map<String, Double> eValues, int d,
            Map<String, Double> dValues, ServiceHistory h) {
        Instant t = NOW.plusSeconds(seconds);
        return ENGINE.decide(tick(PAIR, t, inputs(PAIR, ComponentKind.ENGINE, e, eValues, FRESH, t),
                inputs(PAIR, ComponentKind.DECODER, d, dValues, FRESH, t)), h);
    }

    @Test
    void aSideAtZeroWakesWithItsActivePartner() {
        ServiceDecision d = pairTick(0, 1, values("concurrency", 2, "queue_length", 0, "request_rate", 1), 0, null,
                ServiceHistory.empty());
        ComponentDecision dec = d.component(ComponentKind.DECODER).orElseThrow();
        assertThat(d.component(ComponentKind.ENGINE).orElseThrow().desiredReplicas()).isEqualTo(2);
        assertThat(dec.desiredReplicas()).isEqualTo(2);
        assertThat(dec.outcome()).isEqualTo(Outcome.WAKE_FROM_ZERO);
        assertThat(dec.explanation().coordination().note()).isEqualTo("decoder woke to 1 with the active engine; "
                + "decoder raised 1 → 2 to fit 1:1-1:4 (applied after the rate limits, so it may exceed the scale-up "
                + "limit)");
        assertThat(dec.explanation().scaleToZero().note()).isEqualTo("woke with the engine, which is active");
    }

    @Test
    void aSideDoesNotGoToZeroWhileItsPartnerIsActive() {
        ServiceHistory h = ServiceHistory.empty();
        ServiceDecision d = null;
        for (long t = 0; t <= 300; t += 60) {
            d = pairTick(t, 1, values("concurrency", 1, "queue_length", 0, "request_rate", 1), 1, IDLE, h);
            h = d.next();
        }
        ComponentDecision dec = d.component(ComponentKind.DECODER).orElseThrow();
        assertThat(dec.desiredReplicas()).isEqualTo(1);
        assertThat(dec.outcome()).isEqualTo(Outcome.HOLD);
        assertThat(dec.explanation().scaleToZero().note())
                .isEqualTo("idle for 5m ≥ 5m: to zero, but not while the engine is active");
        assertThat(dec.explanation().coordination().note())
                .isEqualTo("decoder kept running: the engine is active; engine 1, decoder 1 within 1:1-1:4");
    }

    @Test
    void theRatioIsNotEnforcedWhileOneSideIdlesAtZero() {
        ServiceDecision d = pairTick(0, 0, IDLE, 2, IDLE, ServiceHistory.empty());
        assertThat(d.component(ComponentKind.ENGINE).orElseThrow().desiredReplicas()).isZero();
        ComponentDecision dec = d.component(ComponentKind.DECODER).orElseThrow();
        assertThat(dec.explanation().coordination()).isEqualTo(new Explanation.Coordination(
                DecoderRatio.parse("1:1-1:4"), 0, 0, 2, 2, false, "not enforced while the engine is at zero"));
        ServiceDecision both = pairTick(0, 0, IDLE, 0, IDLE, ServiceHistory.empty());
        assertThat(both.component(ComponentKind.DECODER).orElseThrow().explanation().coordination().note())
                .isEqualTo("both at zero: 1:1-1:4 applies once they run");
    }
}
