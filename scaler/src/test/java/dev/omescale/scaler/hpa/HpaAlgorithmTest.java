package dev.omescale.scaler.hpa;

import static dev.omescale.scaler.hpa.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HpaAlgorithmTest {

    private static final HpaAlgorithm HPA = HpaAlgorithm.DEFAULT;
    private static final HpaSpec LEGACY = new HpaSpec(1, 100, null);
    private static final HpaSpec DEFAULT_BEHAVIOR = new HpaSpec(1, 100, new HpaBehavior(null, null));

    private static CombinedMetrics wants(int replicas, int spec) {
        return MetricsCombiner.combine(List.of(new ReplicaProposal(replicas, 0, NOW)), spec);
    }

    @Test
    void zeroReplicasWithNonZeroMinDisablesScaling() {
        assertThat(HPA.needsMetrics(LEGACY, 0)).isFalse();
        HpaOutcome o = HPA.normalize(LEGACY, 0, null, HpaState.initial(), NOW);
        assertThat(o.desiredReplicas()).isZero();
        assertThat(o.rescale()).isFalse();
        assertThat(o.scalingActive()).isEqualTo(HpaCondition.scalingActive(false, ConditionReason.SCALING_DISABLED,
                "scaling is disabled since the replica count of the target is zero"));
        assertThat(o.scalingLimited()).isNull();
        assertThat(o.ableToScale().reason()).isEqualTo(ConditionReason.SUCCEEDED_GET_SCALE);
        // the first reconcile seeds the history in every branch
        assertThat(o.state().recommendations()).isEqualTo(RecommendationHistory.seed(0, NOW));
    }

    @Test
    void zeroReplicasWithZeroMinComputesMetrics() {
        HpaSpec toZero = new HpaSpec(0, 10, null);
        assertThat(HPA.needsMetrics(toZero, 0)).isTrue();
        HpaOutcome o = HPA.normalize(toZero, 0, wants(3, 0), HpaState.initial(), NOW);
        assertThat(o.desiredReplicas()).isEqualTo(3);
        assertThat(o.rescaleReason()).isEqualTo(RescaleReason.METRIC_ABOVE_TARGET);
    }

    @Test
    void aboveMaxGoesToMaxWithoutStabilizationOrLimits() {
        HpaSpec spec = new HpaSpec(2, 5, null);
        assertThat(HPA.needsMetrics(spec, 40)).isFalse();
        HpaOutcome o = HPA.normalize(spec, 40, null, HpaState.initial(), NOW);
        assertThat(o.desiredReplicas()).isEqualTo(5);
        assertThat(o.rescale()).isTrue();
        assertThat(o.rescaleReason().message(null)).isEqualTo("Current number of replicas above Spec.MaxReplicas");
        assertThat(o.scalingActive()).isNull();
        assertThat(o.scalingLimited()).isNull();
        assertThat(o.state().recommendations()).isEqualTo(RecommendationHistory.seed(40, NOW));
    }

    @Test
    void belowMinGoesToMinAtOnceEvenWithBehavior() {
        HpaSpec spec = new HpaSpec(50, 100, new HpaBehavior(null, null));
        HpaOutcome o = HPA.normalize(spec, 1, null, HpaState.initial(), NOW);
        assertThat(o.desiredReplicas()).isEqualTo(50); // no 4-pods-per-15-s limit in this branch
        assertThat(o.rescaleReason()).isEqualTo(RescaleReason.BELOW_MIN_REPLICAS);
    }

    @Test
    void minDefaultsToOne() {
        assertThat(HPA.normalize(new HpaSpec(null, 10, null), 0, null, HpaState.initial(), NOW)
                .scalingActive().reason()).isEqualTo(ConditionReason.SCALING_DISABLED);
    }

    @Test
    void invalidMetricsHoldWithoutStoringARecommendation() {
        CombinedMetrics invalid = MetricsCombiner.combine(
                List.of(new MetricError(ConditionReason.FAILED_GET_EXTERNAL_METRIC, "boom")), 4);
        HpaState state = new HpaState(RecommendationHistory.seed(4, NOW.minusSeconds(15)), ScaleEvents.empty());
        HpaOutcome o = HPA.normalize(LEGACY, 4, invalid, state, NOW);
        assertThat(o.desiredReplicas()).isEqualTo(4);
        assertThat(o.rescale()).isFalse();
        assertThat(o.error()).isEqualTo("invalid metrics (1 invalid out of 1), first error is: boom");
        assertThat(o.scalingActive().reason()).isEqualTo(ConditionReason.FAILED_GET_EXTERNAL_METRIC);
        assertThat(o.state()).isEqualTo(state);
    }

    @Test
    void legacyPathDoublesPerSync() {
        HpaState state = HpaState.initial();
        int current = 1;
        int[] expected = {4, 8, 16, 20, 20};
        Instant t = NOW;
        for (int want : expected) {
            HpaOutcome o = HPA.normalize(LEGACY, current, wants(20, current), state, t);
            assertThat(o.desiredReplicas()).isEqualTo(want);
            state = o.state().afterRescale(current, want, t, null, HPA.config());
            current = want;
            t = t.plusSeconds(15);
        }
        assertThat(state.scaleEvents()).isEqualTo(ScaleEvents.empty()); // legacy path keeps no events
    }

    @Test
    void behaviorDefaultsGoOneToFiveThenTen() {
        HpaOutcome first = HPA.normalize(DEFAULT_BEHAVIOR, 1, wants(20, 1), HpaState.initial(), NOW);
        assertThat(first.desiredReplicas()).isEqualTo(5);
        assertThat(first.scalingLimited().reason()).isEqualTo(ConditionReason.SCALE_UP_LIMIT);
        assertThat(first.ableToScale().reason()).isEqualTo(ConditionReason.READY_FOR_NEW_SCALE);
        HpaState state = first.state().afterRescale(1, 5, NOW, DEFAULT_BEHAVIOR.behavior(), HPA.config());
        assertThat(state.scaleEvents().up()).containsExactly(new ScaleEvent(4, NOW, false));
        // 10 s later the +4 is still inside the 15 s period: start 1 → max(1 + 4, 2) = 5, no room
        HpaOutcome early = HPA.normalize(DEFAULT_BEHAVIOR, 5, wants(20, 5), state, NOW.plusSeconds(10));
        assertThat(early.desiredReplicas()).isEqualTo(5);
        assertThat(early.rescale()).isFalse();
        // exactly 15 s later the event is at the cutoff and no longer counts: start 5 → max(9, 10) = 10
        HpaOutcome next = HPA.normalize(DEFAULT_BEHAVIOR, 5, wants(20, 5), early.state(), NOW.plusSeconds(15));
        assertThat(next.desiredReplicas()).isEqualTo(10);
    }

    @Test
    void seededHistoryHoldsScaleDownForTheWindow() {
        HpaOutcome o = HPA.normalize(DEFAULT_BEHAVIOR, 6, wants(2, 6), HpaState.initial(), NOW);
        assertThat(o.desiredReplicas()).isEqualTo(6);
        assertThat(o.rescale()).isFalse();
        assertThat(o.rescaleReason()).isEqualTo(RescaleReason.ALL_METRICS_BELOW_TARGET);
        assertThat(o.ableToScale().reason()).isEqualTo(ConditionReason.SCALE_DOWN_STABILIZED);
        // 300 s later the seed sits exactly at the cutoff; the behavior path no longer counts it, but the
        // recommendation of 2 stored at NOW is also at the cutoff, so only the new desired remains
        HpaOutcome later = HPA.normalize(DEFAULT_BEHAVIOR, 6, wants(2, 6), o.state(), NOW.plusSeconds(300));
        assertThat(later.desiredReplicas()).isEqualTo(2);
        // the legacy path still counts an entry exactly at the cutoff
        HpaOutcome legacy = HPA.normalize(LEGACY, 6, wants(2, 6), HpaState.initial(), NOW);
        HpaOutcome legacyLater = HPA.normalize(LEGACY, 6, wants(2, 6), legacy.state(), NOW.plusSeconds(300));
        assertThat(legacyLater.desiredReplicas()).isEqualTo(6);
        HpaOutcome legacyAfter = HPA.normalize(LEGACY, 6, wants(2, 6), legacyLater.state(), NOW.plusSeconds(301));
        assertThat(legacyAfter.desiredReplicas()).isEqualTo(2);
    }

    @Test
    void partialErrorWhileScalingUpStillScalesAndReportsTheError() {
        CombinedMetrics combined = MetricsCombiner.combine(List.of(
                new MetricError(ConditionReason.FAILED_GET_PODS_METRIC, "no samples"),
                new ReplicaProposal(8, 0, NOW)), 4, List.of("pods metric", "external metric queue"));
        HpaOutcome o = HPA.normalize(LEGACY, 4, combined, HpaState.initial(), NOW);
        assertThat(o.desiredReplicas()).isEqualTo(8);
        assertThat(o.rescale()).isTrue();
        assertThat(o.metricIndex()).isEqualTo(1);
        assertThat(o.rescaleReason().message("external metric queue")).isEqualTo("external metric queue above target");
        assertThat(o.error()).startsWith("invalid metrics (1 invalid out of 2)");
        assertThat(o.scalingActive().reason()).isEqualTo(ConditionReason.VALID_METRIC_FOUND);
    }

    @Test
    void toleranceFormAndPerHpaTolerancesReachTheCalculator() {
        HpaSpec spec = new HpaSpec(1, 10, new HpaBehavior(new HpaScalingRules(null, null, null, 0.01), null));
        assertThat(HPA.tolerances(spec)).isEqualTo(new Tolerances(0.1, 0.01));
        assertThat(HPA.tolerances(LEGACY)).isEqualTo(Tolerances.DEFAULT);
        HpaAlgorithm old = new HpaAlgorithm(HpaControllerConfig.DEFAULT.withToleranceForm(ToleranceForm.LEGACY));
        assertThat(old.tolerances(spec)).isEqualTo(Tolerances.DEFAULT);
    }

    @Test
    void endToEndFromSamplesToDecision() {
        // 4 pods at 1500m of a 1000m Pods target, behavior with a 60 s up window
        HpaSpec spec = new HpaSpec(2, 20, new HpaBehavior(new HpaScalingRules(60, null, null, null), null));
        ReplicaCalculator calc = ReplicaCalculator.DEFAULT;
        List<PodInfo> pods = List.of(Fixtures.ready("a"), Fixtures.ready("b"), Fixtures.ready("c"),
                Fixtures.ready("d"));
        List<PodSample> samples = List.of(Fixtures.sample("a", 1500), Fixtures.sample("b", 1500),
                Fixtures.sample("c", 1500), Fixtures.sample("d", 1500));
        MetricResult r = calc.podsAverageValue(4, 1000, pods, samples, HPA.tolerances(spec), NOW);
        assertThat(r).isEqualTo(new ReplicaProposal(6, 1500, NOW));
        CombinedMetrics combined = MetricsCombiner.combine(List.of(r), 4);
        // history from a minute ago said 4: the up window holds at min(6, 4) → current 4
        HpaState state = new HpaState(new RecommendationHistory(List.of(
                new Recommendation(4, NOW.minusSeconds(30)))), ScaleEvents.empty());
        HpaOutcome o = HPA.normalize(spec, 4, combined, state, NOW);
        assertThat(o.desiredReplicas()).isEqualTo(4);
        assertThat(o.ableToScale().reason()).isEqualTo(ConditionReason.SCALE_UP_STABILIZED);
        assertThat(o.scalingLimited()).isEqualTo(HpaCondition.scalingLimited(false,
                ConditionReason.DESIRED_WITHIN_RANGE, "the desired count is within the acceptable range"));
        assertThat(o.state().recommendations().entries()).containsExactly(
                new Recommendation(4, NOW.minusSeconds(30)), new Recommendation(6, NOW));
    }
}
