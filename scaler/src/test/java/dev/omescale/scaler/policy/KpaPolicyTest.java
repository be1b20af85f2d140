package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.KpaSloFixtures.T0;
import static dev.omescale.scaler.policy.KpaSloFixtures.engine;
import static dev.omescale.scaler.policy.KpaSloFixtures.tick;
import static dev.omescale.telemetry.signal.SignalCatalog.CONCURRENCY;
import static dev.omescale.telemetry.signal.SignalCatalog.REQUEST_RATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.PolicyKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KpaPolicyTest {
    private static final EffectiveComponentSpec CONC = engine("{scaleMetric: concurrency}");
    private static final KpaPolicy KPA = new KpaPolicy();

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static ScalingPolicy.PolicyOutcome<KpaState> step(KpaPolicy p, EffectiveComponentSpec spec, KpaState s,
                                                              int t, int current, int ready, double total) {
        return p.propose(tick(spec, at(t)).replicas(current, ready, current - ready).signal(CONCURRENCY, total)
                .build(), s);
    }

    @Test
    void defaultsAreKnatives() {
        KpaConfig c = KpaConfig.KNATIVE;
        assertThat(c.stableWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.panicWindow()).isEqualTo(Duration.ofSeconds(6));
        assertThat(c.panicThreshold()).isEqualTo(2.0);
        assertThat(c.targetUtilization()).isEqualTo(0.7);
        assertThat(c.concurrencyTargetDefault()).isEqualTo(100);
        assertThat(c.rpsTargetDefault()).isEqualTo(200);
        assertThat(c.maxScaleUpRate()).isEqualTo(1000);
        assertThat(c.maxScaleDownRate()).isEqualTo(2);
        assertThat(KPA.kind()).isEqualTo(PolicyKind.KPA);
        assertThat(KPA.initialState().panicking()).isFalse();
        assertThat(c.withStableWindow(Duration.ofSeconds(90)).panicWindow()).isEqualTo(Duration.ofSeconds(9));
    }

    /** One tick from a fresh state; target 100 × 0.7 = 70 in flight per pod unless said otherwise. */
    @ParameterizedTest(name = "total {0}, ready {1} -> {2} (panic {3})")
    @CsvSource({
            // ready 1: maxDown floor(1/2) = 0, so zero load proposes 0 as Knative does
            "0,    1,  0,  false",
            "69,   1,  1,  false", // ceil(0.986) = 1
            "70,   1,  1,  false",
            "71,   1,  2,  true",  // dppc 2, 2 / 1 >= 2
            "140,  0,  2,  true",  // ready 0 counts as 1
            "700,  10, 10, false",
            "140,  10, 5,  false", // dspc 2 raised to maxDown floor(10/2) = 5
            "1330, 10, 19, false", // ceil(19) = 19, 1.9 < 2
            "1331, 10, 20, true",
    })
    void oneTickTable(double total, int ready, int expected, boolean panic) {
        var out = step(KPA, CONC, KPA.initialState(), 0, Math.max(ready, 1), ready, total);
        assertThat(out.proposal().replicas()).isEqualTo(expected);
        assertThat(out.state().panicking()).isEqualTo(panic);
        assertThat(out.proposal().missingData()).isFalse();
    }

    @Test
    void exactlyTwiceReadyPanics() {
        // 1399 / 70 = 19.986 -> 20, and 20 / 10 = 2.0 is at the threshold, which counts
        var out = step(KPA, CONC, KPA.initialState(), 0, 10, 10, 1399);
        assertThat(out.state().panicking()).isTrue();
        assertThat(out.state().panicStarted()).isEqualTo(at(0));
        assertThat(out.proposal().reason()).contains("panic starts");
    }

    @Test
    void maxScaleUpRateClampsButPanicUsesTheUnclampedCount() {
        KpaPolicy p = new KpaPolicy(KpaConfig.KNATIVE.withScaleRates(2, 2));
        var out = step(p, CONC, p.initialState(), 0, 1, 1, 7000); // dspc 100 -> maxUp ceil(2 × 1) = 2
        assertThat(out.proposal().replicas()).isEqualTo(2);
        assertThat(out.state().panicking()).isTrue();
        assertThat(out.proposal().reason()).contains("bounds 0..2");
    }

    @Test
    void maxScaleDownRateLimitsHowFarOneTickGoes() {
        KpaPolicy p = new KpaPolicy(KpaConfig.KNATIVE.withScaleRates(1000, 4));
        var out = step(p, CONC, p.initialState(), 0, 10, 10, 70); // dspc 1, maxDown floor(10 / 4) = 2
        assertThat(out.proposal().replicas()).isEqualTo(2);
    }

    @Test
    void writtenScaleTargetIsTheKnativeTargetBeforeUtilization() {
        EffectiveComponentSpec spec = engine("{scaleMetric: concurrency, scaleTarget: 10}");
        var out = step(KPA, spec, KPA.initialState(), 0, 3, 3, 15); // target 7: ceil(15 / 7) = 3
        assertThat(out.proposal().replicas()).isEqualTo(3);
        assertThat(out.proposal().reason()).contains("against 7 in flight per pod (10 × 0.7)");
        assertThat(new KpaPolicy(KpaConfig.KNATIVE.withTargetUtilization(1.0)).propose(
                tick(spec, T0).replicas(3).signal(CONCURRENCY, 15.0).build(), KpaState.initial())
                .proposal().replicas()).isEqualTo(2); // ceil(15 / 10)
    }

    @Test
    void rpsScalesOnRequestRateWithItsOwnDefault() {
        EffectiveComponentSpec rps = engine("{scaleMetric: rps}");
        var out = KPA.propose(tick(rps, T0).replicas(2).signal(REQUEST_RATE, 280.0)
                .signal(CONCURRENCY, 10_000.0).build(), KPA.initialState()); // target 200 × 0.7 = 140
        assertThat(out.proposal().replicas()).isEqualTo(2);
        assertThat(out.proposal().inputs()).first().extracting(InputUsed::name).isEqualTo(REQUEST_RATE);
        assertThat(out.proposal().reason()).contains("140 per second per pod (200 × 0.7)");
    }

    @Test
    void cpuScaleMetricFallsBackToTheConcurrencyDefault() {
        EffectiveComponentSpec cpu = engine("{scaleMetric: cpu, scaleTarget: 50}");
        var out = step(KPA, cpu, KPA.initialState(), 0, 1, 1, 140); // 50 is a cpu percent, not a concurrency
        assertThat(out.proposal().replicas()).isEqualTo(2);
    }

    @Test
    void stableWindowAveragesTheObservationsOfTheLastSixtySeconds() {
        KpaState s = KPA.initialState();
        s = step(KPA, CONC, s, 0, 4, 4, 70).state();
        s = step(KPA, CONC, s, 15, 4, 4, 140).state();
        s = step(KPA, CONC, s, 30, 4, 4, 210).state();
        var out = step(KPA, CONC, s, 45, 4, 4, 280);
        // stable (70 + 140 + 210 + 280) / 4 = 175 -> ceil(2.5) = 3; panic 280 (one tick) -> 4, 4 / 4 < 2
        assertThat(out.proposal().replicas()).isEqualTo(3);
        assertThat(out.proposal().reason()).contains("averages 175 over 60 s (4 ticks) and 280 over 6 s (1 tick)");
        assertThat(out.state().panicking()).isFalse();
        // at 60 s the first observation is exactly one window old and drops out: (140+210+280+0)/4 = 157.5 -> 3
        var later = step(KPA, CONC, out.state(), 60, 4, 4, 0);
        assertThat(later.proposal().reason()).contains("averages 157.5 over 60 s (4 ticks)");
        assertThat(later.proposal().replicas()).isEqualTo(3);
        assertThat(later.state().observations()).extracting(KpaState.Observation::time)
                .containsExactly(at(15), at(30), at(45), at(60));
    }

    @Test
    void panicLifecycle() {
        KpaState s = KPA.initialState();
        var o = step(KPA, CONC, s, 0, 1, 1, 70);
        assertThat(o.proposal().replicas()).isEqualTo(1);
        // t=2: both windows (70 + 350) / 2 = 210 -> 3; 3 / 1 >= 2: panic
        o = step(KPA, CONC, o.state(), 2, 1, 1, 350);
        assertThat(o.proposal().replicas()).isEqualTo(3);
        assertThat(o.state().panicStarted()).isEqualTo(at(2));
        // t=4: (70 + 350 + 700) / 3 = 373.3 -> 6 in both windows; 6 / 3 = 2: still over, panic renewed
        o = step(KPA, CONC, o.state(), 4, 3, 3, 700);
        assertThat(o.proposal().replicas()).isEqualTo(6);
        assertThat(o.state().lastOverThreshold()).isEqualTo(at(4));
        assertThat(o.state().maxPanicReplicas()).isEqualTo(6);
        // t=10: stable (70+350+700+70)/4 = 297.5 -> 5, panic 70 -> 1 raised to maxDown 1; not over, but in panic
        // the count never drops below this panic's highest, 6
        o = step(KPA, CONC, o.state(), 10, 6, 3, 70);
        assertThat(o.proposal().replicas()).isEqualTo(6);
        assertThat(o.proposal().reason()).contains("stable 5, panic 1").contains("no scale-down in panic: 6");
        assertThat(o.state().panicStarted()).isEqualTo(at(2));
        // t=64: stable 70 -> 1 raised to maxDown 3; the last over-threshold tick (4) + 60 s is not before 64
        o = step(KPA, CONC, o.state(), 64, 6, 6, 70);
        assertThat(o.proposal().replicas()).isEqualTo(6);
        assertThat(o.state().panicking()).isTrue();
        // t=66: more than a stable window since the last over-threshold tick: panic ends, the stable count rules
        o = step(KPA, CONC, o.state(), 66, 6, 6, 70);
        assertThat(o.proposal().replicas()).isEqualTo(3);
        assertThat(o.state().panicking()).isFalse();
        assertThat(o.state().maxPanicReplicas()).isZero();
        assertThat(o.proposal().reason()).contains("panic ends");
    }

    @Test
    void panicTakesTheStableCountWhenItIsHigher() {
        KpaPolicy p = new KpaPolicy(KpaConfig.KNATIVE.withScaleRates(1.5, 2));
        // t=0: dspc 4 clamped to maxUp ceil(1.5 × 1) = 2; unclamped dppc 4 / 1 >= 2: panic at 2
        var o = step(p, CONC, p.initialState(), 0, 1, 1, 280);
        assertThat(o.proposal().replicas()).isEqualTo(2);
        assertThat(o.state().maxPanicReplicas()).isEqualTo(2);
        // t=10: stable (280 + 70) / 2 = 175 -> 3 (maxUp 3), panic 70 -> 1: max(3, 1) = 3 beats the old highest 2
        o = step(p, CONC, o.state(), 10, 2, 2, 70);
        assertThat(o.proposal().replicas()).isEqualTo(3);
        assertThat(o.proposal().reason()).contains("stable 3, panic 1");
        assertThat(o.state().maxPanicReplicas()).isEqualTo(3);
    }

    @Test
    void panicNeverProposesFewerThanTheCurrentReplicas() {
        // ready 1 of 5 (4 starting): dppc 3, 3 / 1 >= 2 starts panic; Knative would say 3, omescale holds 5
        var o = step(KPA, CONC, KPA.initialState(), 0, 5, 1, 210);
        assertThat(o.state().panicking()).isTrue();
        assertThat(o.proposal().replicas()).isEqualTo(5);
        assertThat(o.state().maxPanicReplicas()).isEqualTo(3);
    }

    @Test
    void missingOrStaleDataHoldsAndRecordsNothing() {
        KpaState s = step(KPA, CONC, KPA.initialState(), 0, 2, 2, 70).state();
        var missing = KPA.propose(tick(CONC, at(15)).replicas(2).signal(CONCURRENCY, null).build(), s);
        var stale = KPA.propose(tick(CONC, at(15)).replicas(2).signal(CONCURRENCY, 0.0)
                .dataAge(Duration.ofSeconds(61)).build(), s);
        var none = KPA.propose(tick(CONC, at(15)).replicas(2).noSignals().build(), s);
        for (var o : java.util.List.of(missing, stale, none)) {
            assertThat(o.proposal().replicas()).isNull();
            assertThat(o.proposal().missingData()).isTrue();
            assertThat(o.state()).isEqualTo(s);
        }
        assertThat(missing.proposal().reason()).isEqualTo("concurrency of llama-chat-engine has no value: holding "
                + "the current replicas; check that its engine exports the running and waiting request gauges");
        assertThat(stale.proposal().reason()).isEqualTo("concurrency of llama-chat-engine is stale (61 s old, limit "
                + "60 s): holding the current replicas; check the scrape of its pods");
        assertThat(none.proposal().reason()).startsWith("no signals for llama-chat-engine");
    }

    @Test
    void aPartialTotalNeverScalesDown() {
        var o = KPA.propose(tick(CONC, T0).replicas(4).signal(CONCURRENCY, 70.0).partial(CONCURRENCY, 2).build(),
                KPA.initialState()); // stable 1 -> maxDown 2, but only 2 of 4 pods reported
        assertThat(o.proposal().replicas()).isEqualTo(4);
        assertThat(o.proposal().reason()).contains("covers only 2 of 4 pods");
        var up = KPA.propose(tick(CONC, T0).replicas(4).signal(CONCURRENCY, 700.0).partial(CONCURRENCY, 2).build(),
                KPA.initialState());
        assertThat(up.proposal().replicas()).isEqualTo(10); // a lower bound may still raise the count
    }

    @Test
    void inputsNameTheSignalAndItsAverages() {
        var o = step(KPA, CONC, KPA.initialState(), 0, 2, 2, 140);
        assertThat(o.proposal().inputs()).extracting(InputUsed::name).containsExactly("concurrency",
                "concurrency_stable_average", "concurrency_panic_average", "ready_replicas");
        assertThat(o.proposal().inputs().get(1).target()).isEqualTo(70.0);
        assertThat(o.proposal().inputs().get(0).age()).isEqualTo(Duration.ZERO);
    }

    @Test
    void invalidConfigNamesTheKeyAndTheFix() {
        assertThatThrownBy(() -> KpaConfig.KNATIVE.withScaleRates(1, 2))
                .hasMessage("KPA config max-scale-up-rate = 1.0: must be above 1, e.g. 1000");
        assertThatThrownBy(() -> KpaConfig.KNATIVE.withStableWindow(Duration.ofMillis(6500)))
                .hasMessage("KPA config stable-window = PT6.5S: must be whole seconds from 6s to 1h, e.g. 60s");
        assertThatThrownBy(() -> KpaConfig.KNATIVE.withTargetUtilization(0))
                .hasMessageStartingWith("KPA config target utilization = 0.0: must be above 0 and at most 1");
        assertThatThrownBy(() -> new KpaConfig(Duration.ofSeconds(60), 10, 100, 0.7, 100, 200, 1000, 2))
                .hasMessage("KPA config panic-threshold-percentage = 100.0: must be from 110 to 1000, e.g. 200");
    }
}
