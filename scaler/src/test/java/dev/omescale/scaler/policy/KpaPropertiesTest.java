package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.KpaSloFixtures.T0;
import static dev.omescale.scaler.policy.KpaSloFixtures.engine;
import static dev.omescale.scaler.policy.KpaSloFixtures.tick;
import static dev.omescale.telemetry.signal.SignalCatalog.CONCURRENCY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class KpaPropertiesTest {
    private static final EffectiveComponentSpec CONC = engine("{scaleMetric: concurrency}");
    private static final KpaPolicy KPA = new KpaPolicy();

    /** One tick of a run: seconds since the last, the total in flight, and the share of replicas that are ready. */
    private record Step(int dt, int total, int readyPercent, boolean missing) {
    }

    private static Gen<List<Step>> runs() {
        Gen<Step> step = integers().between(1, 20).zip(integers().between(0, 3000), integers().between(0, 100),
                integers().between(0, 9), (dt, total, ready, miss) -> new Step(dt, total, ready, miss == 0));
        return lists().of(step).ofSizeBetween(1, 60);
    }

    @Test
    void panicNeverScalesDown() {
        qt().withExamples(2_000).forAll(runs(), integers().between(1, 30)).checkAssert((run, start) -> {
            KpaState s = KPA.initialState();
            Instant now = T0;
            int current = start;
            for (Step step : run) {
                now = now.plusSeconds(step.dt());
                int ready = current * step.readyPercent() / 100;
                var o = KPA.propose(tick(CONC, now).replicas(current, ready, current - ready)
                        .signal(CONCURRENCY, step.missing() ? null : (double) step.total()).build(), s);
                if (o.state().panicking() && o.proposal().replicas() != null) {
                    assertThat(o.proposal().replicas()).as("panic at %s", now).isGreaterThanOrEqualTo(current);
                    assertThat(o.proposal().replicas()).isGreaterThanOrEqualTo(o.state().maxPanicReplicas());
                }
                if (s.panicking() && o.state().panicking()) {
                    assertThat(o.state().maxPanicReplicas()).isGreaterThanOrEqualTo(s.maxPanicReplicas());
                }
                s = o.state();
                if (o.proposal().replicas() != null) {
                    current = Math.max(1, Math.min(500, o.proposal().replicas()));
                }
            }
        });
    }

    @Test
    void missingDataNeverProposesAndNeverTouchesTheState() {
        qt().withExamples(1_000).forAll(runs(), integers().between(0, 2)).checkAssert((run, kind) -> {
            KpaState s = KPA.initialState();
            Instant now = T0;
            for (Step step : run) {
                now = now.plusSeconds(step.dt());
                s = KPA.propose(tick(CONC, now).replicas(3).signal(CONCURRENCY, (double) step.total()).build(), s)
                        .state();
            }
            var t = tick(CONC, now.plusSeconds(1)).replicas(3);
            ComponentInputs in = switch (kind) {
                case 0 -> t.signal(CONCURRENCY, null).build();
                case 1 -> t.signal(CONCURRENCY, 1.0).dataAge(Duration.ofSeconds(61)).build();
                default -> t.noSignals().build();
            };
            var o = KPA.propose(in, s);
            assertThat(o.proposal().replicas()).isNull();
            assertThat(o.proposal().missingData()).isTrue();
            assertThat(o.state()).isEqualTo(s);
        });
    }

    @Test
    void sameInputsAndStateGiveTheSameOutcome() {
        qt().withExamples(500).forAll(runs()).checkAssert(run -> {
            KpaState a = KPA.initialState();
            KpaState b = KPA.initialState();
            Instant now = T0;
            for (Step step : run) {
                now = now.plusSeconds(step.dt());
                ComponentInputs in = tick(CONC, now).replicas(4, 4 * step.readyPercent() / 100, 0)
                        .signal(CONCURRENCY, (double) step.total()).build();
                var oa = KPA.propose(in, a);
                var ob = new KpaPolicy().propose(in, b);
                assertThat(oa).isEqualTo(ob);
                a = oa.state();
                b = ob.state();
            }
            assertThat(a.observations().size()).isLessThanOrEqualTo(KpaState.MAX_OBSERVATIONS);
        });
    }

    @Test
    void moreLoadNeverYieldsFewerReplicasFromTheSameState() {
        qt().withExamples(1_000).forAll(runs(), integers().between(0, 3000), integers().between(0, 3000))
                .checkAssert((run, x, y) -> {
                    KpaState s = KPA.initialState();
                    Instant now = T0;
                    for (Step step : run) {
                        now = now.plusSeconds(step.dt());
                        s = KPA.propose(tick(CONC, now).replicas(5).signal(CONCURRENCY, (double) step.total())
                                .build(), s).state();
                    }
                    Instant next = now.plusSeconds(2);
                    int lo = Math.min(x, y);
                    int hi = Math.max(x, y);
                    int pLo = KPA.propose(tick(CONC, next).replicas(5).signal(CONCURRENCY, (double) lo).build(), s)
                            .proposal().replicas();
                    int pHi = KPA.propose(tick(CONC, next).replicas(5).signal(CONCURRENCY, (double) hi).build(), s)
                            .proposal().replicas();
                    assertThat(pHi).isGreaterThanOrEqualTo(pLo);
                });
    }
}
