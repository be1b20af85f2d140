package dev.omescale.scaler.hpa;

import static dev.omescale.scaler.hpa.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsCombinerTest {

    private static final MetricError PODS_FAILED =
            new MetricError(ConditionReason.FAILED_GET_PODS_METRIC, "did not receive metrics for targeted pods");
    private static final MetricError EXTERNAL_FAILED =
            new MetricError(ConditionReason.FAILED_GET_EXTERNAL_METRIC, "no metrics returned from external metrics API");

    private static ReplicaProposal proposal(int replicas) {
        return new ReplicaProposal(replicas, 0, NOW.plusSeconds(replicas));
    }

    @Test
    void maxOfValidProposalsWins() {
        CombinedMetrics combined = MetricsCombiner.combine(List.of(proposal(3), proposal(7), proposal(5)), 4,
                List.of("a", "b", "c"));
        assertThat(combined).isInstanceOf(CombinedMetrics.Valid.class);
        CombinedMetrics.Valid valid = (CombinedMetrics.Valid) combined;
        assertThat(valid.replicas()).isEqualTo(7);
        assertThat(valid.metricIndex()).isEqualTo(1);
        assertThat(valid.timestamp()).isEqualTo(NOW.plusSeconds(7));
        assertThat(valid.partialError()).isNull();
        assertThat(valid.scalingActive()).isEqualTo(HpaCondition.scalingActive(true,
                ConditionReason.VALID_METRIC_FOUND, "the HPA was able to successfully calculate a replica count from b"));
    }

    @Test
    void firstValidSeedsEvenAtZero() {
        CombinedMetrics.Valid valid = (CombinedMetrics.Valid) MetricsCombiner.combine(
                List.of(proposal(0), PODS_FAILED), 0);
        assertThat(valid.replicas()).isZero();
        assertThat(valid.metricIndex()).isZero();
        // a later valid proposal replaces a 0 even when it is also 0 (the controller's "replicas == 0 ||" test)
        CombinedMetrics.Valid zeros = (CombinedMetrics.Valid) MetricsCombiner.combine(
                List.of(proposal(0), proposal(0)), 0);
        assertThat(zeros.metricIndex()).isEqualTo(1);
        // equal non-zero proposals keep the first
        CombinedMetrics.Valid ties = (CombinedMetrics.Valid) MetricsCombiner.combine(
                List.of(proposal(4), proposal(4)), 0);
        assertThat(ties.metricIndex()).isZero();
    }

    @Test
    void allInvalidDoesNotScaleAndNamesTheFirstError() {
        CombinedMetrics combined = MetricsCombiner.combine(List.of(PODS_FAILED, EXTERNAL_FAILED), 3);
        assertThat(combined).isEqualTo(new CombinedMetrics.Invalid(
                HpaCondition.scalingActive(false, ConditionReason.FAILED_GET_PODS_METRIC,
                        "the HPA was unable to compute the replica count: did not receive metrics for targeted pods"),
                "invalid metrics (2 invalid out of 2), first error is: did not receive metrics for targeted pods"));
    }

    @Test
    void partialErrorWithScaleDownDoesNotScale() {
        CombinedMetrics combined = MetricsCombiner.combine(List.of(proposal(2), EXTERNAL_FAILED), 3);
        assertThat(combined).isInstanceOf(CombinedMetrics.Invalid.class);
        assertThat(combined.scalingActive().reason()).isEqualTo(ConditionReason.FAILED_GET_EXTERNAL_METRIC);
        assertThat(((CombinedMetrics.Invalid) combined).error())
                .isEqualTo("invalid metrics (1 invalid out of 2), first error is: "
                        + "no metrics returned from external metrics API");
    }

    @Test
    void partialErrorHoldingOrScalingUpStillScales() {
        for (int replicas : new int[] {3, 9}) {
            CombinedMetrics combined = MetricsCombiner.combine(List.of(EXTERNAL_FAILED, proposal(replicas)), 3);
            assertThat(combined).isInstanceOf(CombinedMetrics.Valid.class);
            CombinedMetrics.Valid valid = (CombinedMetrics.Valid) combined;
            assertThat(valid.replicas()).isEqualTo(replicas);
            assertThat(valid.scalingActive().reason()).isEqualTo(ConditionReason.VALID_METRIC_FOUND);
            assertThat(valid.partialError()).startsWith("invalid metrics (1 invalid out of 2)");
        }
    }

    @Test
    void rejectsEmptyInputAndMismatchedNames() {
        assertThatThrownBy(() -> MetricsCombiner.combine(List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no metrics");
        assertThatThrownBy(() -> MetricsCombiner.combine(List.of(proposal(1)), 1, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 metric names for 1");
    }

    @Test
    void timestampComesFromTheWinningProposal() {
        Instant early = NOW.minusSeconds(100);
        CombinedMetrics.Valid valid = (CombinedMetrics.Valid) MetricsCombiner.combine(
                List.of(new ReplicaProposal(2, 0, early), new ReplicaProposal(1, 0, NOW)), 1);
        assertThat(valid.timestamp()).isEqualTo(early);
    }
}
