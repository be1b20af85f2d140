package dev.omescale.scaler.hpa;

import static dev.omescale.scaler.hpa.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class HpaPropertiesTest {

    // ---------- independent oracles ----------

    /** The section 8 percent formula re-derived: factor first in doubles, then scale, then round. */
    private static int doubleOracleUp(int start, int percent) {
        double factor = 1d;
        factor += percent / 100d;
        return (int) StrictMath.ceil(factor * start);
    }

    private static int doubleOracleDown(int start, int percent) {
        double factor = 1d;
        factor -= percent / 100d;
        double x = factor * start;
        return (int) (x < 0 ? StrictMath.ceil(x) : StrictMath.floor(x));
    }

    private static int exactUp(int start, int percent) {
        return BigDecimal.valueOf(start).multiply(BigDecimal.ONE.add(BigDecimal.valueOf(percent, 2)))
                .setScale(0, RoundingMode.CEILING).intValueExact();
    }

    private static int exactDown(int start, int percent) {
        return BigDecimal.valueOf(start).multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(percent, 2)))
                .setScale(0, RoundingMode.DOWN).intValueExact();
    }

    @Test
    void percentPoliciesMatchTheDoubleOracleOnTheWholeGridAndDisagreeWithExactArithmeticExactlyAsListed() {
        int upDisagreements = 0;
        int downDisagreements = 0;
        for (int n = 0; n < 300; n++) {
            for (int p = 0; p <= 200; p++) {
                assertThat(RateLimiter.percentUp(n, p)).as("up %d %d%%", n, p).isEqualTo(doubleOracleUp(n, p));
                if (RateLimiter.percentUp(n, p) != exactUp(n, p)) {
                    upDisagreements++;
                }
            }
            for (int p = 0; p <= 100; p++) {
                assertThat(RateLimiter.percentDown(n, p)).as("down %d %d%%", n, p)
                        .isEqualTo(doubleOracleDown(n, p));
                if (RateLimiter.percentDown(n, p) != exactDown(n, p)) {
                    downDisagreements++;
                }
            }
        }
        assertThat(upDisagreements).isEqualTo(146);
        assertThat(downDisagreements).isEqualTo(166);
        // the five listed vectors are among them
        assertThat(new int[] {exactUp(100, 10), exactUp(50, 10), exactUp(100, 9)}).containsExactly(110, 55, 109);
        assertThat(new int[] {RateLimiter.percentUp(100, 10), RateLimiter.percentUp(50, 10),
                RateLimiter.percentUp(100, 9)}).containsExactly(111, 56, 110);
        assertThat(new int[] {exactDown(90, 30), exactDown(75, 32)}).containsExactly(63, 51);
        assertThat(new int[] {RateLimiter.percentDown(90, 30), RateLimiter.percentDown(75, 32)})
                .containsExactly(62, 50);
    }

    @Test
    void percentPoliciesMatchTheDoubleOracleBeyondTheGrid() {
        qt().withExamples(20_000).forAll(integers().between(0, 1_000_000), integers().between(1, 1000))
                .checkAssert((n, p) -> {
                    assertThat(RateLimiter.percentUp(n, p)).isEqualTo(doubleOracleUp(n, p));
                    assertThat(RateLimiter.percentDown(n, Math.min(p, 100))).isEqualTo(
                            doubleOracleDown(n, Math.min(p, 100)));
                });
    }

    // ---------- generators ----------

    private static Gen<HpaScalingPolicy> policies() {
        return booleans().all().zip(integers().between(1, 300), integers().between(1, 120),
                (pods, value, period) -> new HpaScalingPolicy(
                        pods ? HpaScalingPolicy.Type.PODS : HpaScalingPolicy.Type.PERCENT, value, period));
    }

    private static Gen<EffectiveRules> rules() {
        Gen<SelectPolicy> select = integers().between(0, 2).map(i -> SelectPolicy.values()[i]);
        return select.zip(lists().of(policies()).ofSizeBetween(1, 3), integers().between(0, 600),
                (s, ps, window) -> new EffectiveRules(window, s, ps, 0.1));
    }

    private static Gen<List<ScaleEvent>> events() {
        return lists().of(integers().between(0, 50).zip(integers().between(0, 200),
                (change, ago) -> new ScaleEvent(change, NOW.minusSeconds(ago), false))).ofSizeBetween(0, 4);
    }

    private static Gen<RecommendationHistory> histories() {
        return lists().of(integers().between(0, 100).zip(integers().between(-5, 700),
                (replicas, ago) -> new Recommendation(replicas, NOW.minusSeconds(ago)))).ofSizeBetween(0, 6)
                .map(RecommendationHistory::new);
    }

    // ---------- rate limits ----------

    @Test
    void rateLimitedResultLiesBetweenTheDisabledResultAndTheUnlimitedDesired() {
        EffectiveRules off = new EffectiveRules(0, SelectPolicy.DISABLED, BehaviorDefaults.SCALE_UP_POLICIES, 0.1);
        EffectiveBehavior disabled = new EffectiveBehavior(off, off);
        // {min, max, current} with min ≤ current ≤ max, the only currents that reach the limiter
        Gen<int[]> bounds = integers().between(1, 50).zip(integers().between(0, 100), integers().between(0, 100),
                (min, span, offset) -> new int[] {min, min + span, min + offset % (span + 1)});
        qt().withExamples(5_000)
                .forAll(bounds, rules().zip(rules(), EffectiveBehavior::new), events().zip(events(), ScaleEvents::new))
                .checkAssert((mmc, b, e) -> {
                    int min = mmc[0];
                    int max = mmc[1];
                    int current = mmc[2];
                    for (int desired = 0; desired <= 250; desired += 7) {
                        int limited = RateLimiter.withBehavior(current, desired, min, max, b, e, NOW).replicas();
                        int held = RateLimiter.withBehavior(current, desired, min, max, disabled, e, NOW).replicas();
                        int unlimited = Math.max(min, Math.min(max, desired));
                        assertThat(limited).isBetween(Math.min(held, unlimited), Math.max(held, unlimited));
                    }
                });
    }

    // ---------- stabilization ----------

    @Test
    void behaviorStabilizationStaysBetweenCurrentAndDesiredAndWithinTheHistory() {
        Gen<int[]> pairs = integers().between(0, 100).zip(integers().between(0, 100), (a, b) -> new int[] {a, b});
        Gen<int[]> windows = integers().between(0, 600).zip(integers().between(0, 600), (a, b) -> new int[] {a, b});
        qt().withExamples(5_000)
                .forAll(histories(), pairs, windows)
                .checkAssert((h, currentDesired, upDown) -> {
                    int current = currentDesired[0];
                    int desired = currentDesired[1];
                    int up = upDown[0];
                    int down = upDown[1];
                    Stabilizer.Stabilized s = Stabilizer.withBehavior(h, current, desired, Duration.ofSeconds(up),
                            Duration.ofSeconds(down), NOW);
                    int rec = s.recommendation();
                    int lo = desired;
                    int hi = desired;
                    for (Recommendation r : h.entries()) {
                        lo = Math.min(lo, r.replicas());
                        hi = Math.max(hi, r.replicas());
                    }
                    assertThat(rec).isBetween(lo, hi);
                    assertThat(rec).isBetween(Math.min(current, desired), Math.max(current, desired));
                    assertThat(s.history().entries()).contains(new Recommendation(desired, NOW));
                    assertThat(s.history().entries().size()).isBetween(h.entries().size(),
                            h.entries().size() + 1);
                });
    }

    @Test
    void legacyStabilizationNeverGoesBelowDesiredNorAboveTheHistory() {
        qt().withExamples(5_000)
                .forAll(histories(), integers().between(0, 100))
                .checkAssert((h, desired) -> {
                    int rec = Stabilizer.legacy(h, desired, NOW, Duration.ofSeconds(300)).recommendation();
                    int hi = desired;
                    for (Recommendation r : h.entries()) {
                        hi = Math.max(hi, r.replicas());
                    }
                    assertThat(rec).isBetween(desired, hi);
                });
    }

    // ---------- determinism ----------

    @Test
    void identicalInputsGiveIdenticalOutcomes() {
        Gen<int[]> pairs = integers().between(0, 30).zip(integers().between(0, 40), (a, b) -> new int[] {a, b});
        qt().withExamples(3_000)
                .forAll(pairs, histories(), events().zip(events(), ScaleEvents::new), booleans().all())
                .checkAssert((currentDesired, h, e, behavior) -> {
                    int current = currentDesired[0];
                    int desired = currentDesired[1];
                    HpaSpec spec = new HpaSpec(1, 30, behavior ? new HpaBehavior(null, null) : null);
                    HpaState state = new HpaState(h, e);
                    CombinedMetrics m = MetricsCombiner.combine(List.of(new ReplicaProposal(desired, 0, NOW)),
                            current);
                    HpaOutcome a = HpaAlgorithm.DEFAULT.normalize(spec, current, m, state, NOW);
                    HpaOutcome b = HpaAlgorithm.DEFAULT.normalize(spec, current, m, state, NOW);
                    assertThat(a).isEqualTo(b);
                    assertThat(a.desiredReplicas()).isBetween(0, 30);
                });
    }

    @Test
    void calculatorIsDeterministicAndIndependentOfSampleOrderForValueSums() {
        qt().withExamples(2_000)
                .forAll(lists().of(integers().between(0, 10_000)).ofSizeBetween(1, 8), integers().between(1, 20),
                        integers().between(1, 5_000))
                .checkAssert((values, spec, target) -> {
                    List<PodInfo> pods = new ArrayList<>();
                    List<PodSample> samples = new ArrayList<>();
                    for (int i = 0; i < values.size(); i++) {
                        pods.add(Fixtures.ready("p" + i));
                        samples.add(Fixtures.sample("p" + i, values.get(i)));
                    }
                    List<PodSample> reversed = new ArrayList<>(samples);
                    java.util.Collections.reverse(reversed);
                    MetricResult a = ReplicaCalculator.DEFAULT.podsAverageValue(spec, target, pods, samples,
                            Tolerances.DEFAULT, NOW);
                    MetricResult b = ReplicaCalculator.DEFAULT.podsAverageValue(spec, target, pods, reversed,
                            Tolerances.DEFAULT, NOW);
                    assertThat(((ReplicaProposal) a).replicas()).isEqualTo(((ReplicaProposal) b).replicas());
                    assertThat(a).isEqualTo(ReplicaCalculator.DEFAULT.podsAverageValue(spec, target, pods,
                            samples, Tolerances.DEFAULT, NOW));
                });
    }
}
