package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.KpaSloFixtures.T0;
import static dev.omescale.scaler.policy.KpaSloFixtures.component;
import static dev.omescale.scaler.policy.KpaSloFixtures.tick;
import static dev.omescale.telemetry.signal.SignalCatalog.CONCURRENCY;
import static dev.omescale.telemetry.signal.SignalCatalog.GENERATION_TOKEN_RATE;
import static dev.omescale.telemetry.signal.SignalCatalog.KV_CACHE_UTILIZATION;
import static dev.omescale.telemetry.signal.SignalCatalog.PROMPT_TOKEN_RATE;
import static dev.omescale.telemetry.signal.SignalCatalog.QUEUE_LENGTH;
import static dev.omescale.telemetry.signal.SignalCatalog.REQUEST_RATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.PolicyKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SloPolicyTest {
    static final String TTFT_1S = "    omescale.dev/slo-ttft-p95: 1s\n";
    static final String BOTH = "    omescale.dev/slo-ttft-p95: 1s\n    omescale.dev/slo-itl-p95: 50ms\n";
    /** A unified engine (no decoder) with a 1 s TTFT target: 0.8 s with the default headroom. */
    static final EffectiveComponentSpec ENGINE = component(ComponentKind.ENGINE, TTFT_1S, "  engine: {}\n");
    static final SloPolicy SLO = new SloPolicy();

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A tick with the usual signals of a healthy unified engine; tests override what they are about. */
    static KpaSloFixtures.Tick engineTick(int t, int current, int ready, int starting, double concurrency,
                                          Double ttft) {
        return tick(ENGINE, at(t)).replicas(current, ready, starting).signal(CONCURRENCY, concurrency)
                .signal(QUEUE_LENGTH, 0.0).signal(KV_CACHE_UTILIZATION, 0.4).signal("ttft_p95_seconds", ttft);
    }

    /** {@code s} with the ready count {@code ready} unchanged since {@code since}. */
    static SloState readySince(SloState s, int ready, Instant since) {
        return new SloState(s.ttft(), s.itl(), s.recent(), ready, since, s.peakDemand(), s.peakAt(), s.ttftTokens(),
                s.itlTokens());
    }

    /** A state that has learned {@code latency = a + b × load} exactly at loads 2, 4, .., 12 per replica. */
    static SloState learned(LatencySlo slo, double a, double b) {
        CapacityModel m = CapacityModel.empty();
        for (int load = 2; load <= 12; load += 2) {
            m = m.observe(load, a + b * load, T0, SloConfig.DEFAULTS);
        }
        return SloState.initial().withModel(slo, m);
    }

    @Test
    void kindAndInitialState() {
        assertThat(SLO.kind()).isEqualTo(PolicyKind.SLO);
        assertThat(SLO.initialState()).isEqualTo(SloState.initial());
        assertThat(SloConfig.DEFAULTS.startupTime()).isEqualTo(Duration.ofSeconds(120));
        assertThat(SloConfig.DEFAULTS.headroom()).isEqualTo(0.8);
    }

    @Nested
    class Reactive {
        @Test
        void latencyOverTargetScalesByItsRatio() {
            // load 20 / 4 = 5 per replica at 1.1 s: 0.22 s per request, capacity 0.8 / 0.22 = 3.64, ceil(5.5) = 6
            var o = SLO.propose(engineTick(0, 4, 4, 0, 20, 1.1).build(), SLO.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(6);
            assertThat(o.proposal().reason()).startsWith("scale up to 6: ttft p95 binds; demand 20 in flight; "
                    + "supply 4 ready + 0 starting; ttft p95 1.1 s (SLO 1 s, target 0.8 s): reactive (nothing "
                    + "learned yet): 1.1 s at 5 per replica taken as proportional to load, capacity 3.636 per "
                    + "replica → 6; predicted at 6: ttft p95 0.733 s");
        }

        @Test
        void latencyUnderTargetButNotByEnoughHolds() {
            // 0.7 s at 5: capacity 5.71, ceil(20 / 5.71) = ceil(3.5) = 4
            var o = SLO.propose(engineTick(0, 4, 4, 0, 20, 0.7).build(), SLO.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(4);
            assertThat(o.proposal().reason()).startsWith("hold 4: ttft p95 binds");
        }

        @Test
        void lowLatencyScalesDownAtMostByHalfOnTheReactiveRule() {
            // 0.2 s at 5: 1 replica would do, but without a learned line the reactive rule trusts at most halving:
            // with 2, 0.04 × 20 / 2 = 0.4 s, kv 0.4 × 4/2 = 0.8
            var o = SLO.propose(engineTick(0, 4, 4, 0, 20, 0.2).build(), SLO.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(2);
            assertThat(o.proposal().reason()).startsWith("scale down to 2 (with 2: ttft p95 predicted 0.4 s "
                    + "≤ 0.8 s, kv 0.4 × 4/2 = 0.8 < 0.85)");
            // from 8 with little load and KV: 4, not 1
            var eight = SLO.propose(engineTick(0, 8, 8, 0, 8, 0.1).signal(KV_CACHE_UTILIZATION, 0.05).build(),
                    SLO.initialState());
            assertThat(eight.proposal().replicas()).isEqualTo(4);
        }

        @Test
        void aLearnedLineScalesDownSeveralAtOnceAsFarAsTheKvCacheAllows() {
            // learned 0.2 + 0.05 × load up to 12 per replica: 20 in flight needs 1 (0.2 + 0.05 × 20 = 1.2 > 0.8, so
            // 2: 0.7 s), kv 0.4 × 4/2 = 0.8 < 0.85
            var o = SLO.propose(engineTick(0, 4, 4, 0, 20, 0.3).build(), learned(LatencySlo.TTFT, 0.2, 0.05));
            assertThat(o.proposal().replicas()).isEqualTo(2);
            assertThat(o.proposal().reason()).startsWith("scale down to 2 (with 2: ttft p95 predicted 0.7 s ≤ 0.8 s");
        }

        @Test
        void noLatencyReadingAndNoModelHolds() {
            var o = SLO.propose(engineTick(0, 4, 4, 0, 20, null).build(), SLO.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(4);
            assertThat(o.proposal().reason()).contains("ttft p95 no reading (SLO 1 s, target 0.8 s): no model "
                    + "(nothing learned yet), no opinion").contains("holding for lack of evidence");
        }
    }

    @Nested
    class ScaleDownChecks {
        private String heldBecause(KpaSloFixtures.Tick t, SloState s) {
            var o = SLO.propose(t.build(), s);
            assertThat(o.proposal().replicas()).as(o.proposal().reason()).isEqualTo(t.build().currentReplicas());
            return o.proposal().reason();
        }

        @Test
        void kvAfterConsolidationMustStayUnderTheLimit() {
            assertThat(heldBecause(engineTick(0, 4, 4, 0, 20, 0.2).signal(KV_CACHE_UTILIZATION, 0.7),
                    SLO.initialState())).startsWith("hold 4 (1 would do, but kv_cache_utilization 0.7 × 4/3 = 0.933 "
                    + "≥ 0.85)");
            // 0.63 × 4/3 = 0.84 passes
            assertThat(SLO.propose(engineTick(0, 4, 4, 0, 20, 0.2).signal(KV_CACHE_UTILIZATION, 0.63).build(),
                    SLO.initialState()).proposal().replicas()).isEqualTo(3);
        }

        @Test
        void aQueueBlocks() {
            assertThat(heldBecause(engineTick(0, 4, 4, 0, 20, 0.2).signal(QUEUE_LENGTH, 5.0), SLO.initialState()))
                    .contains("but queue_length 5 ≥ one per ready pod");
        }

        @Test
        void startingPodsBlock() {
            assertThat(heldBecause(engineTick(0, 5, 4, 1, 20, 0.2), SLO.initialState()))
                    .contains("but 1 pod still starting");
        }

        @Test
        void missingKvOrQueueBlocks() {
            assertThat(heldBecause(engineTick(0, 4, 4, 0, 20, 0.2).signal(KV_CACHE_UTILIZATION, null),
                    SLO.initialState())).contains("but kv_cache_utilization has no value");
            assertThat(heldBecause(engineTick(0, 4, 4, 0, 20, 0.2).signal(QUEUE_LENGTH, null),
                    SLO.initialState())).contains("but queue_length has no value");
        }

        @Test
        void aFittedModelWithoutAFreshLatencyReadingDoesNotScaleDown() {
            SloState s = learned(LatencySlo.TTFT, 0.2, 0.05);
            assertThat(heldBecause(engineTick(0, 5, 5, 0, 20, null), s))
                    .contains("but no fresh ttft_p95_seconds while requests are in flight");
        }

        @Test
        void aPartialTotalNeitherScalesDownNorTeaches() {
            SloPolicy p = new SloPolicy(SloConfig.DEFAULTS.withSettleTime(Duration.ZERO), false);
            var t = engineTick(0, 4, 4, 0, 20, 0.2).partial(CONCURRENCY, 3);
            var o = p.propose(t.build(), p.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(4);
            assertThat(o.proposal().reason()).contains("the concurrency total covers only 3 of 4 pods");
            o = p.propose(engineTick(15, 4, 4, 0, 20, 0.2).partial(CONCURRENCY, 3).build(), o.state());
            assertThat(o.state().ttft().points()).isEmpty();
        }

        @Test
        void downOnlyWhenNMinusOneIsPredictedWithinTarget() {
            // fitted 0.2 + 0.05 × load: capacity 12 per replica at 0.8 s
            SloState s = learned(LatencySlo.TTFT, 0.2, 0.05);
            // 46 in flight on 5: ceil(46 / 12) = 4; with 4: 0.2 + 0.05 × 11.5 = 0.775 s ≤ 0.8
            var down = SLO.propose(engineTick(0, 5, 5, 0, 46, 0.66).build(), s);
            assertThat(down.proposal().replicas()).isEqualTo(4);
            assertThat(down.proposal().reason()).startsWith("scale down one to 4 (with 4: ttft p95 predicted "
                    + "0.775 s ≤ 0.8 s");
            // 49 in flight: with 4, 12.25 per replica is predicted 0.8125 s: 5 are needed
            var hold = SLO.propose(engineTick(0, 5, 5, 0, 49, 0.69).build(), s);
            assertThat(hold.proposal().replicas()).isEqualTo(5);
            assertThat(hold.proposal().reason()).contains("capacity 12 per replica → 5");
        }

        @Test
        void neverBelowOne() {
            var o = SLO.propose(engineTick(0, 1, 1, 0, 0, null).signal(KV_CACHE_UTILIZATION, 0.0).build(),
                    SLO.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(1);
            assertThat(o.proposal().reason()).contains("never proposes 0");
        }
    }

    @Nested
    class ZeroLoad {
        @Test
        void freshZeroIsRealZeroLoadAndStepsDown() {
            var o = SLO.propose(engineTick(0, 3, 3, 0, 0, null).signal(KV_CACHE_UTILIZATION, 0.0).build(),
                    SLO.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(1);
            assertThat(o.proposal().missingData()).isFalse();
            assertThat(o.proposal().reason()).startsWith("scale down to 1 (with 1: no requests in flight, kv 0 "
                    + "× 3/1 = 0 < 0.85)");
        }

        @Test
        void aComponentAtZeroStaysThere() {
            var o = SLO.propose(engineTick(0, 0, 0, 0, 0, null).build(), SLO.initialState());
            assertThat(o.proposal().replicas()).isZero();
        }
    }

    @Nested
    class MissingData {
        @Test
        void missingOrStaleConcurrencyProposesNothingAndLearnsNothing() {
            SloState s = learned(LatencySlo.TTFT, 0.2, 0.05);
            var missing = SLO.propose(engineTick(0, 4, 4, 0, 0, 0.3).signal(CONCURRENCY, null).build(), s);
            var stale = SLO.propose(engineTick(0, 4, 4, 0, 10, 0.3).dataAge(Duration.ofSeconds(90)).build(), s);
            for (var o : List.of(missing, stale)) {
                assertThat(o.proposal().replicas()).isNull();
                assertThat(o.proposal().missingData()).isTrue();
                assertThat(o.state()).isEqualTo(s);
            }
            assertThat(missing.proposal().reason()).isEqualTo("concurrency of llama-chat-engine has no value: "
                    + "holding the current replicas; check that its engine exports the running and waiting request "
                    + "gauges");
            assertThat(stale.proposal().reason()).startsWith("concurrency of llama-chat-engine is stale (90 s old");
        }
    }

    @Nested
    class LeadingSignals {
        @Test
        void kvPressureAddsOneAndNeverLess() {
            // latency says 2 (ceil(4 × 0.3 / 0.8)), but KV 0.92 means saturated: max(4, 4 ready + 1) = 5
            var o = SLO.propose(engineTick(0, 4, 4, 0, 20, 0.3).signal(KV_CACHE_UTILIZATION, 0.92).build(),
                    SLO.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(5);
            assertThat(o.proposal().reason()).contains("kv_cache_utilization 0.92 ≥ 0.9: pods saturated, one more "
                    + "than the 4 ready");
        }

        @Test
        void aPodAlreadyStartingIsTheOneMore() {
            var o = SLO.propose(engineTick(0, 5, 4, 1, 20, 0.3).signal(KV_CACHE_UTILIZATION, 0.92).build(),
                    SLO.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(5);
            assertThat(o.proposal().reason()).startsWith("hold 5").contains("supply 4 ready + 1 starting");
        }

        @Test
        void aGrowingQueueAddsOne() {
            var first = SLO.propose(engineTick(0, 4, 4, 0, 20, 0.5).signal(QUEUE_LENGTH, 2.0).build(),
                    SLO.initialState());
            var growing = SLO.propose(engineTick(15, 4, 4, 0, 20, 0.5).signal(QUEUE_LENGTH, 5.0).build(),
                    first.state());
            assertThat(growing.proposal().replicas()).isEqualTo(5);
            assertThat(growing.proposal().reason()).contains("queue_length rising 2 → 5: one more than the 4 ready");
            var shrinking = SLO.propose(engineTick(15, 4, 4, 0, 20, 0.5).signal(QUEUE_LENGTH, 1.0).build(),
                    first.state());
            // a shrinking queue adds nothing (one waiting request on four pods does not hold a scale-down either)
            assertThat(shrinking.proposal().replicas()).isLessThanOrEqualTo(4);
            assertThat(shrinking.proposal().reason()).doesNotContain("queue_length rising");
        }

        @Test
        void aRampScalesBeforeLatencyRises() {
            // fitted capacity 12 per replica; 20 in flight on 2 replicas is 10 each, 0.7 s: under the 0.8 s target
            SloState s = learned(LatencySlo.TTFT, 0.2, 0.05);
            double[] rates = {10, 12, 14};
            ScalingPolicy.PolicyOutcome<SloState> o = null;
            for (int i = 0; i < rates.length; i++) {
                o = SLO.propose(engineTick(15 * i, 2, 2, 0, 20, 0.7).signal(REQUEST_RATE, rates[i]).build(), s);
                s = o.state();
                if (i < 2) {
                    assertThat(o.proposal().replicas()).as("two points are no trend").isEqualTo(2);
                }
            }
            // 10, 12, 14 over 30 s: 0.133/s; in 120 s 14 + 16 = 30, ×2.143; ceil(20 × 2.143 / 12) = ceil(3.57) = 4
            assertThat(o.proposal().replicas()).isEqualTo(4);
            assertThat(o.proposal().reason()).contains("demand 20 in flight, projected 42.857 (request_rate rising "
                    + "0.133/s from 14 projects ×2.143 over the 120 s start-up)")
                    .contains("predicted at 4: ttft p95 0.736 s");
        }

        @Test
        void aFlatOrFallingRateProjectsNothing() {
            SloState s = learned(LatencySlo.TTFT, 0.2, 0.05);
            double[] rates = {14, 12, 10};
            ScalingPolicy.PolicyOutcome<SloState> o = null;
            for (int i = 0; i < rates.length; i++) {
                o = SLO.propose(engineTick(15 * i, 2, 2, 0, 20, 0.7).signal(REQUEST_RATE, rates[i]).build(), s);
                s = o.state();
            }
            assertThat(o.proposal().replicas()).isEqualTo(2);
            assertThat(o.proposal().reason()).doesNotContain("projected");
        }

        @Test
        void aShorterStartUpProjectsLess() {
            SloPolicy fast = new SloPolicy(SloConfig.DEFAULTS.withStartupTime(Duration.ofSeconds(30)), false);
            SloState s = learned(LatencySlo.TTFT, 0.2, 0.05);
            double[] rates = {10, 12, 14};
            ScalingPolicy.PolicyOutcome<SloState> o = null;
            for (int i = 0; i < rates.length; i++) {
                o = fast.propose(engineTick(15 * i, 2, 2, 0, 20, 0.7).signal(REQUEST_RATE, rates[i]).build(), s);
                s = o.state();
            }
            // in 30 s: 14 + 4 = 18, ×1.286: ceil(25.7 / 12) = 3
            assertThat(o.proposal().replicas()).isEqualTo(3);
        }
    }

    @Nested
    class Supply {
        @Test
        void startingPodsAreSupply() {
            SloState s = learned(LatencySlo.TTFT, 0.2, 0.05);
            // 50 in flight needs ceil(50 / 12) = 5; 3 ready + 2 starting already make 5
            var withStarting = SLO.propose(engineTick(0, 5, 3, 2, 50, 1.03).build(), s);
            assertThat(withStarting.proposal().replicas()).isEqualTo(5);
            assertThat(withStarting.proposal().reason()).startsWith("hold 5: ttft p95 binds")
                    .contains("supply 3 ready + 2 starting");
            var without = SLO.propose(engineTick(0, 3, 3, 0, 50, 1.03).build(), s);
            assertThat(without.proposal().replicas()).isEqualTo(5);
            assertThat(without.proposal().reason()).startsWith("scale up to 5");
        }

        @Test
        void latencyOverTheSloIsAFloorUnderAStaleFit() {
            // the fit says 12 per replica (3 for 30 in flight), but 3 ready, steady for the settle time, show 2 s:
            // ceil(3 × 2 / 0.8) = 8
            SloState s = readySince(learned(LatencySlo.TTFT, 0.2, 0.05), 3, T0.minusSeconds(60));
            var o = SLO.propose(engineTick(0, 3, 3, 0, 30, 2.0).build(), s);
            assertThat(o.proposal().replicas()).isEqualTo(8);
            assertThat(o.proposal().reason()).contains("(over the SLO: at least replicas × p95 / target)");
        }

        @Test
        void aLatencyWindowFromBeforeTheLastPodsWereReadyIsNoFloor() {
            // the same 2 s, but the third pod became ready 30 s ago: the 60 s window behind the p95 saw two pods and
            // the backlog they built, so it says nothing of three; the fit sizes 30 in flight at 3
            SloState s = readySince(learned(LatencySlo.TTFT, 0.2, 0.05), 3, T0.minusSeconds(30));
            var o = SLO.propose(engineTick(0, 3, 3, 0, 30, 2.0).build(), s);
            assertThat(o.proposal().replicas()).isEqualTo(3);
            assertThat(o.proposal().reason()).doesNotContain("over the SLO");
        }
    }

    @Nested
    class SignalsByRole {
        final EffectiveComponentSpec decoder = component(ComponentKind.DECODER, BOTH, "  engine: {}\n  decoder: {}\n");
        final EffectiveComponentSpec pdEngine = component(ComponentKind.ENGINE, BOTH, "  engine: {}\n  decoder: {}\n");
        final EffectiveComponentSpec unified = component(ComponentKind.ENGINE, BOTH, "  engine: {}\n");
        final SloPolicy pd = SloPolicy.forService(KpaSloFixtures.service(BOTH, "  engine: {}\n  decoder: {}\n"),
                SloConfig.DEFAULTS);

        private KpaSloFixtures.Tick t(EffectiveComponentSpec spec, int time, double ttft, double itl) {
            return tick(spec, at(time)).replicas(2).signal(CONCURRENCY, 10.0).signal(QUEUE_LENGTH, 0.0)
                    .signal(KV_CACHE_UTILIZATION, 0.5).signal("ttft_p95_seconds", ttft).signal("itl_p95_seconds", itl);
        }

        @Test
        void theDecoderWatchesItlKvAndGeneratedTokens() {
            // ITL 0.03 s at 5 per replica: target 0.04, capacity 6.67, ceil(10 / 6.67) = 2; TTFT 9 s is not its job
            var o = pd.propose(t(decoder, 0, 9.0, 0.03).build(), pd.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(2);
            assertThat(o.proposal().reason()).contains("itl p95 binds").doesNotContain("ttft");
            assertThat(o.proposal().inputs()).extracting(InputUsed::name).containsExactly(CONCURRENCY, QUEUE_LENGTH,
                    KV_CACHE_UTILIZATION, REQUEST_RATE, GENERATION_TOKEN_RATE, "itl_p95_seconds", "ready_replicas",
                    "starting_replicas");
            var kv = pd.propose(t(decoder, 0, 9.0, 0.03).signal(KV_CACHE_UTILIZATION, 0.95).build(),
                    pd.initialState());
            assertThat(kv.proposal().replicas()).isEqualTo(3);
        }

        @Test
        void thePrefillEngineWatchesTtftQueueAndPromptTokens() {
            // TTFT 0.5 s at 5: ceil(2 × 0.5 / 0.8) = 2; ITL 1 s and KV 0.95 are the decoder's business
            var o = pd.propose(t(pdEngine, 0, 0.5, 1.0).signal(KV_CACHE_UTILIZATION, 0.95).build(),
                    pd.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(2);
            assertThat(o.proposal().inputs()).extracting(InputUsed::name).containsExactly(CONCURRENCY, QUEUE_LENGTH,
                    REQUEST_RATE, PROMPT_TOKEN_RATE, "ttft_p95_seconds", "ready_replicas", "starting_replicas");
        }

        @Test
        void aUnifiedEngineWatchesBothAndNamesTheBindingOne() {
            // TTFT 0.5 s: 2; ITL 0.06 s at 5: capacity 0.04 / 0.012 = 3.33, ceil(10 / 3.33) = 3
            var o = SLO.propose(t(unified, 0, 0.5, 0.06).build(), SLO.initialState());
            assertThat(o.proposal().replicas()).isEqualTo(3);
            assertThat(o.proposal().reason()).startsWith("scale up to 3: itl p95 binds")
                    .contains("ttft p95 0.5 s (SLO 1 s, target 0.8 s)").contains("itl p95 0.06 s (SLO 0.05 s");
            // the same engine read as a prefill engine ignores ITL
            assertThat(pd.propose(t(unified, 0, 0.5, 0.06).build(), pd.initialState()).proposal().replicas())
                    .isEqualTo(2);
        }

        @Test
        void eachRoleTrendsOnItsOwnTokens() {
            SloState s = learned(LatencySlo.ITL, 0.01, 0.005); // capacity (0.04 - 0.01) / 0.005 = 6
            SloState genState = s;
            double[] rising = {100, 150, 200};
            ScalingPolicy.PolicyOutcome<SloState> onPrompt = null;
            ScalingPolicy.PolicyOutcome<SloState> onGenerated = null;
            for (int i = 0; i < 3; i++) {
                // 10 in flight on 2: 5 each, ITL 0.035: under target; prompt tokens or generated tokens ramp
                onPrompt = pd.propose(t(decoder, 15 * i, 0.1, 0.035).signal(PROMPT_TOKEN_RATE, rising[i])
                        .signal(GENERATION_TOKEN_RATE, 100.0).build(), s);
                s = onPrompt.state();
                onGenerated = pd.propose(t(decoder, 15 * i, 0.1, 0.035).signal(GENERATION_TOKEN_RATE, rising[i])
                        .signal(PROMPT_TOKEN_RATE, 100.0).build(), genState);
                genState = onGenerated.state();
            }
            assertThat(onPrompt.proposal().replicas()).isEqualTo(2);
            // 200 + 3.33/s × 120 s = 600: ×3; ceil(30 / 6) = 5
            assertThat(onGenerated.proposal().replicas()).isEqualTo(5);
            assertThat(onGenerated.proposal().reason()).contains("generation_token_rate rising 3.333/s from 200 "
                    + "projects ×3");
        }

        @Test
        void aRoleWithoutItsTargetOrTheRouterCannotBeSized() {
            EffectiveComponentSpec ttftOnlyDecoder = component(ComponentKind.DECODER, TTFT_1S,
                    "  engine: {}\n  decoder: {}\n");
            var o = pd.propose(t(ttftOnlyDecoder, 0, 0.5, 0.03).build(), pd.initialState());
            assertThat(o.proposal().replicas()).isNull();
            assertThat(o.proposal().missingData()).isFalse();
            assertThat(o.proposal().reason()).isEqualTo("llama-chat-decoder decodes, so it is sized by inter-token "
                    + "latency; set omescale.dev/slo-itl-p95 (e.g. 50ms) for the slo policy to scale it");
            EffectiveComponentSpec router = component(ComponentKind.ROUTER, BOTH, "  engine: {}\n  router: {}\n");
            assertThat(SLO.propose(t(router, 0, 0.5, 0.03).build(), SLO.initialState()).proposal().reason())
                    .startsWith("llama-chat-router is a router");
        }
    }

    @Test
    void invalidConfigNamesTheFieldAndTheFix() {
        assertThatThrownBy(() -> SloConfig.DEFAULTS.withHeadroom(1.2))
                .hasMessage("SLO policy config headroom = 1.2: must be above 0 and at most 1, e.g. 0.8");
    }
}
