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
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SloPropertiesTest {
    /** A unified engine watching both targets, so every rule (TTFT, ITL, KV, queue) is in play. */
    private static final EffectiveComponentSpec SPEC = component(ComponentKind.ENGINE, SloPolicyTest.BOTH,
            "  engine: {}\n");
    /** Learns at every steady tick, so the generated histories reach fitted models. */
    private static final SloPolicy POLICY =
            new SloPolicy(SloConfig.DEFAULTS.withSettleTime(Duration.ZERO), false);

    /** One tick's world: replicas, load and what the engine shows. Latencies in ms; 0 means no reading. */
    private record World(int current, int readyPercent, int demand, int queue, int kvPercent, int ttftMs,
                         int itlMs, int rate) {
        ComponentInputs inputs(Instant now) {
            int ready = current * readyPercent / 100;
            return tick(SPEC, now).replicas(current, ready, current - ready).signal(CONCURRENCY, (double) demand)
                    .signal(QUEUE_LENGTH, (double) queue).signal(KV_CACHE_UTILIZATION, kvPercent / 100.0)
                    .signal("ttft_p95_seconds", ttftMs == 0 ? null : ttftMs / 1000.0)
                    .signal("itl_p95_seconds", itlMs == 0 ? null : itlMs / 1000.0)
                    .signal(REQUEST_RATE, (double) rate).signal(PROMPT_TOKEN_RATE, rate * 1000.0)
                    .signal(GENERATION_TOKEN_RATE, rate * 100.0).build();
        }
    }

    /**
     * Worlds near a latent engine ({@code ttft = 0.1 + 0.04 × load}, {@code itl = 0.005 + 0.003 × load}, ±20 %
     * noise, sometimes no reading), so histories learn usable fits and proposals go up, hold and down.
     */
    private static Gen<World> worlds() {
        Gen<int[]> a = integers().between(0, 12).zip(integers().between(0, 100), integers().between(0, 80),
                (c, r, d) -> new int[] {c, r, d});
        Gen<int[]> b = integers().between(0, 6).zip(integers().between(0, 100), integers().between(79, 120),
                (q, kv, ttftNoise) -> new int[] {q, kv, ttftNoise});
        Gen<int[]> c = integers().between(79, 120).zip(integers().between(0, 50), (itl, rate) -> new int[] {itl, rate});
        return a.zip(b, c, (x, y, z) -> {
            int current = x[0];
            int readyPercent = x[1] < 50 ? 100 : x[1]; // all ready half the time, so scale-downs get tried
            double load = x[2] / (double) Math.max(1, current * readyPercent / 100);
            int ttft = y[2] < 80 ? 0 : (int) Math.round(1000 * (0.1 + 0.04 * load) * y[2] / 100);
            int itl = z[0] < 80 ? 0 : (int) Math.round(1000 * (0.005 + 0.003 * load) * z[0] / 100);
            return new World(current, readyPercent, x[2], Math.max(0, y[0] - 3), y[1], ttft, itl, z[1]);
        });
    }

    /** The state after a generated history of ticks 15 s apart, and the instant of the next tick. */
    private record History(SloState state, Instant next) {
    }

    private static Gen<History> histories() {
        return lists().of(worlds()).ofSizeBetween(0, 30).map(ws -> {
            SloState s = POLICY.initialState();
            Instant now = T0;
            for (World w : ws) {
                s = POLICY.propose(w.inputs(now), s).state();
                now = now.plusSeconds(15);
            }
            return new History(s, now);
        });
    }

    @Test
    void moreLoadNeverYieldsFewerReplicas() {
        int[] seen = new int[3]; // proposals of the lower load that went down, held, went up
        qt().withExamples(3_000).forAll(histories(), worlds(), worlds()).checkAssert((h, w, extra) -> {
            // the same replicas and arrival rates; more in flight, a longer queue, fuller KV, slower tokens
            World more = new World(w.current(), w.readyPercent(), w.demand() + extra.demand(),
                    w.queue() + extra.queue(), Math.min(100, w.kvPercent() + extra.kvPercent()),
                    w.ttftMs() == 0 ? 0 : w.ttftMs() + extra.ttftMs(), w.itlMs() == 0 ? 0 : w.itlMs() + extra.itlMs(),
                    w.rate());
            int lo = POLICY.propose(w.inputs(h.next()), h.state()).proposal().replicas();
            int hi = POLICY.propose(more.inputs(h.next()), h.state()).proposal().replicas();
            assertThat(hi).as("%s vs %s", w, more).isGreaterThanOrEqualTo(lo);
            seen[Integer.signum(lo - w.current()) + 1]++;
        });
        assertThat(java.util.Arrays.stream(seen).min().orElseThrow()).as("fewest of down, hold, up: %s",
                java.util.Arrays.toString(seen)).isGreaterThan(300);
    }

    @Test
    void missingDataNeverProposesFewerThanCurrent() {
        qt().withExamples(3_000).forAll(histories(), worlds(), integers().between(0, 5)).checkAssert((h, w, gap) -> {
            var t = tick(SPEC, h.next()).replicas(w.current(), w.current(), 0)
                    .signal(CONCURRENCY, (double) w.demand()).signal(QUEUE_LENGTH, 0.0)
                    .signal(KV_CACHE_UTILIZATION, w.kvPercent() / 100.0)
                    .signal("ttft_p95_seconds", 0.05).signal("itl_p95_seconds", 0.005);
            ComponentInputs in = switch (gap) {
                case 0 -> t.signal(CONCURRENCY, null).build();
                case 1 -> t.dataAge(Duration.ofSeconds(61)).build();
                case 2 -> t.signal(QUEUE_LENGTH, null).build();
                case 3 -> t.signal(KV_CACHE_UTILIZATION, null).build();
                case 4 -> t.signal("ttft_p95_seconds", null).signal(CONCURRENCY, 1.0 + w.demand()).build();
                default -> t.partial(CONCURRENCY, Math.max(0, w.current() - 1)).scrapedPods(w.current() + 1).build();
            };
            Proposal p = POLICY.propose(in, h.state()).proposal();
            if (p.replicas() != null) {
                assertThat(p.replicas()).as(p.reason()).isGreaterThanOrEqualTo(w.current());
            } else {
                assertThat(p.missingData()).isTrue();
            }
        });
    }

    @Test
    void identicalInputsAndStateGiveIdenticalOutcomes() {
        qt().withExamples(1_000).forAll(histories(), worlds()).checkAssert((h, w) -> {
            ComponentInputs in = w.inputs(h.next());
            var a = POLICY.propose(in, h.state());
            var b = new SloPolicy(SloConfig.DEFAULTS.withSettleTime(Duration.ZERO), false).propose(in, h.state());
            assertThat(a).isEqualTo(b);
            assertThat(a.state().samples().size()).isLessThanOrEqualTo(SloState.MAX_SAMPLES);
            assertThat(a.state().ttft().points().size()).isLessThanOrEqualTo(SloConfig.DEFAULTS.maxPoints());
        });
    }

    @Test
    void scaleDownNeverGoesBelowOneNorPastTheKvConsolidationLimit() {
        qt().withExamples(3_000).forAll(histories(), worlds()).checkAssert((h, w) -> {
            Proposal p = POLICY.propose(w.inputs(h.next()), h.state()).proposal();
            if (p.replicas() < w.current()) {
                assertThat(p.replicas()).isGreaterThanOrEqualTo(1);
                // the KV cache of N pods must fit M pods under the limit, however far it goes
                assertThat(w.kvPercent() / 100.0 * w.current() / p.replicas())
                        .isLessThan(POLICY.config().kvScaleDownLimit());
                // a queue shorter than one request per ready pod is the wait for the next iteration, not saturation
                assertThat(w.queue()).isLessThan(Math.max(1, w.current()));
            }
        });
    }

    @Test
    void generatedHistoriesDoReachFittedModels() {
        // guards the properties above against only ever exercising the reactive rule
        long fitted = 0;
        java.util.Random r = new java.util.Random(5);
        SloState s = POLICY.initialState();
        Instant now = T0;
        for (int i = 0; i < 40; i++) {
            double load = 1 + r.nextInt(20);
            World w = new World(4, 100, (int) (4 * load), 0, 30, (int) (1000 * (0.2 + 0.05 * load)),
                    (int) (1000 * (0.01 + 0.002 * load)), 5);
            var o = POLICY.propose(w.inputs(now), s);
            s = o.state();
            now = now.plusSeconds(15);
            if (o.proposal().reason().contains("fitted")) {
                fitted++;
            }
        }
        assertThat(fitted).isGreaterThan(20);
        assertThat(List.of(s.ttft().fit(now, POLICY.config()).usable(), s.itl().fit(now, POLICY.config()).usable()))
                .containsOnly(true);
    }
}
