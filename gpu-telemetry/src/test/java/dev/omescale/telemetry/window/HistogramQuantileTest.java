package dev.omescale.telemetry.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-computed quantiles; every value here is also what Debian's Prometheus 2.42 {@code promtool test rules}
 * printed for the same buckets (see {@code promtool-crosscheck.yml} in the test resources).
 */
class HistogramQuantileTest {
    static final double INF = Double.POSITIVE_INFINITY;

    /** vLLM's time_to_first_token_seconds buckets (spec/llm-signals.md). */
    static final double[] TTFT_BOUNDS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5,
        5, 7.5, 10, 20, 40, 80, 160, 640, 2560, INF};
    /** 100 requests: 2 under 10 ms, ..., the slowest under 7.5 s. */
    static final double[] TTFT_COUNTS = {0, 0, 2, 5, 10, 20, 30, 40, 70, 85, 90, 95, 98,
        99, 100, 100, 100, 100, 100, 100, 100, 100, 100};

    @ParameterizedTest(name = "q={0}")
    @CsvSource({
        // rank 1 in (0.005, 0.01] holding 2: 0.005 + 0.005 * 1/2
        "0.01, 0.0075",
        // rank 25 in (0.06, 0.08] holding 10, 20 below: 0.06 + 0.02 * 5/10
        "0.25, 0.07",
        // rank 50 in (0.1, 0.25] holding 30, 40 below: 0.1 + 0.15 * 10/30
        "0.5, 0.15",
        // rank 90 is the whole of (0.5, 0.75]: its upper bound
        "0.9, 0.75",
        // rank 95 fills (0.75, 1]
        "0.95, 1.0",
        // rank 99 fills (2.5, 5]
        "0.99, 5.0",
        // rank 100 is first reached by le=7.5, which holds 1: 5 + 2.5 * 1/1
        "1.0, 7.5"})
    void vllmTtftQuantiles(double q, double expected) {
        assertThat(HistogramQuantile.quantile(q, TTFT_BOUNDS, TTFT_COUNTS)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void quantileZeroWithAnEmptyFirstBucketIsNaNAsInPrometheus() {
        // rank 0 is found in the first bucket, which holds 0 observations: 0/0
        assertThat(HistogramQuantile.quantile(0, TTFT_BOUNDS, TTFT_COUNTS)).isNaN();
    }

    @Test
    void rankInTheInfBucketReturnsTheSecondHighestBound() {
        assertThat(HistogramQuantile.quantile(0.5, new double[] {0.1, 1, INF}, new double[] {0, 0, 10}))
                .isEqualTo(1.0);
        assertThat(HistogramQuantile.quantile(0.99, new double[] {0.1, 1, INF}, new double[] {5, 9, 10}))
                .isEqualTo(1.0);
    }

    @Test
    void firstBucketInterpolatesFromZeroWhenItsBoundIsPositive() {
        // 0 + 0.1 * 5/10
        assertThat(HistogramQuantile.quantile(0.5, new double[] {0.1, 1, INF}, new double[] {10, 10, 10}))
                .isCloseTo(0.05, within(1e-15));
    }

    @Test
    void firstBucketReturnsItsBoundWhenItIsNotPositive() {
        assertThat(HistogramQuantile.quantile(0.5, new double[] {-1, 1, INF}, new double[] {10, 10, 10}))
                .isEqualTo(-1.0);
        assertThat(HistogramQuantile.quantile(0.5, new double[] {0, 1, INF}, new double[] {10, 10, 10}))
                .isEqualTo(0.0);
        // the next bucket interpolates from the first bound: -1 + 2 * 5/10, and -1 + 2 * 6/10 rounds as in Go
        assertThat(HistogramQuantile.quantile(0.5, new double[] {-1, 1, INF}, new double[] {0, 10, 10}))
                .isEqualTo(0.0);
        assertThat(HistogramQuantile.quantile(0.6, new double[] {-1, 1, INF}, new double[] {0, 10, 10}))
                .isEqualTo(0.19999999999999996);
    }

    @Test
    void noObservationsIsNaN() {
        assertThat(HistogramQuantile.quantile(0.5, new double[] {0.1, 1, INF}, new double[] {0, 0, 0})).isNaN();
    }

    @Test
    void tooFewBucketsIsNaN() {
        assertThat(HistogramQuantile.quantile(0.5, new double[0], new double[0])).isNaN();
        assertThat(HistogramQuantile.quantile(0.5, new double[] {INF}, new double[] {3})).isNaN();
        // two le values that coalesce into one bucket
        assertThat(HistogramQuantile.quantile(0.5, new double[] {INF, INF}, new double[] {3, 3})).isNaN();
    }

    @Test
    void missingInfBucketIsNaN() {
        assertThat(HistogramQuantile.quantile(0.5, new double[] {0.1, 1, 10}, new double[] {1, 2, 3})).isNaN();
    }

    @Test
    void qOutsideZeroToOne() {
        double[] bounds = {0.1, 1, INF};
        double[] counts = {1, 2, 3};
        assertThat(HistogramQuantile.quantile(-0.1, bounds, counts)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(HistogramQuantile.quantile(1.1, bounds, counts)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(HistogramQuantile.quantile(Double.NaN, bounds, counts)).isNaN();
        // q is checked before the buckets, as in Prometheus
        assertThat(HistogramQuantile.quantile(-1, new double[] {1}, new double[] {1}))
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void nonMonotonicCountsAreRaisedToTheRunningMaximum() {
        // {5, 3, 8, 10} becomes {5, 5, 8, 10}: rank 6 lies in (0.2, 0.4] holding 3, 5 below: 0.2 + 0.2 * 1/3.
        // Without the fix the search would land on the same bucket with 3 below and give 0.32.
        double[] bounds = {0.1, 0.2, 0.4, INF};
        double[] counts = {5, 3, 8, 10};
        assertThat(HistogramQuantile.quantile(0.6, bounds, counts)).isCloseTo(0.2 + 0.2 / 3, within(1e-12));
        assertThat(HistogramQuantile.quantile(0.5, bounds, counts)).isCloseTo(0.1, within(1e-15));
        // rank 9.9 in (0.4, +Inf]: the second-highest bound
        assertThat(HistogramQuantile.quantile(0.99, bounds, counts)).isEqualTo(0.4);
        assertThat(counts).containsExactly(5, 3, 8, 10);
    }

    @Test
    void duplicateLeValuesAreMergedByAddingCounts() {
        // le="1" and le="1.0" are the same bound once parsed; 2.42 adds their counts:
        // {0.5: 2, 1: 4 + 4, +Inf: 10}; rank 5 in (0.5, 1] holding 6, 2 below: 0.5 + 0.5 * 3/6
        double[] bounds = {0.5, Double.parseDouble("1"), Double.parseDouble("1.0"), INF};
        assertThat(bounds[1]).isEqualTo(bounds[2]);
        assertThat(HistogramQuantile.quantile(0.5, bounds, new double[] {2, 4, 4, 10}))
                .isCloseTo(0.75, within(1e-12));
        // rank 6: 0.5 + 0.5 * 4/6
        assertThat(HistogramQuantile.quantile(0.6, bounds, new double[] {2, 4, 4, 10}))
                .isEqualTo(0.8333333333333333);
    }

    @Test
    void bucketsAreSortedByBound() {
        // sorted: {0.1: 2, 1: 6, +Inf: 10}; rank 5 in (0.1, 1] holding 4, 2 below: 0.1 + 0.9 * 3/4
        double[] bounds = {INF, 0.1, 1};
        assertThat(HistogramQuantile.quantile(0.5, bounds, new double[] {10, 2, 6}))
                .isCloseTo(0.775, within(1e-12));
        assertThat(bounds).containsExactly(INF, 0.1, 1);
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThatThrownBy(() -> HistogramQuantile.quantile(0.5, new double[] {1, INF}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 upper bounds but 1 counts");
    }
}
