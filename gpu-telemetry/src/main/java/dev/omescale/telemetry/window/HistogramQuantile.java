package dev.omescale.telemetry.window;

import java.util.Arrays;
import java.util.Comparator;

/**
 * PromQL {@code histogram_quantile} over classic (le-bucket) histograms, as Prometheus 2.42's
 * {@code bucketQuantile} computes it, so a p95 computed here agrees with the dashboard's.
 *
 * <p>Where we match Prometheus 2.42: buckets are sorted by upper bound; the highest must be +Inf; buckets
 * with the same upper bound (for example {@code le="1"} and {@code le="1.0"}, which parse to the same
 * number) are merged by adding their counts; counts that decrease with a higher bound are raised to the
 * running maximum (bucket increases taken at slightly different instants can do that); the lowest bucket
 * interpolates from 0 when its bound is positive; a rank in the +Inf bucket returns the second-highest
 * bound. Later Prometheus versions also smooth tiny float differences between neighbouring counts (with a
 * 1e-12 relative tolerance) and annotate forced monotonicity; 2.42 does neither, and neither do we.
 *
 * <p>Where we differ: Prometheus never calls this with zero buckets (the series simply does not exist);
 * we return NaN. An upper bound of NaN makes the result NaN here; Prometheus' sort order for it is
 * undefined.
 */
public final class HistogramQuantile {

    private HistogramQuantile() {
    }

    /**
     * The q-quantile of a classic histogram.
     *
     * @param q                the quantile, 0..1; below 0 gives -Inf, above 1 gives +Inf, NaN gives NaN
     * @param upperBounds      the buckets' {@code le} values, in any order, the highest +Inf
     * @param cumulativeCounts the count at or below each bound (e.g. bucket increases over a window), same
     *                         order and length as {@code upperBounds}
     * @return the estimated quantile, or NaN when there is no +Inf bucket, fewer than 2 distinct buckets or
     *         no observations
     */
    public static double quantile(double q, double[] upperBounds, double[] cumulativeCounts) {
        if (upperBounds.length != cumulativeCounts.length) {
            throw new IllegalArgumentException("histogram has " + upperBounds.length + " upper bounds but "
                    + cumulativeCounts.length + " counts; pass one cumulative count per le bucket");
        }
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (upperBounds.length == 0) {
            return Double.NaN;
        }
        for (double bound : upperBounds) {
            if (Double.isNaN(bound)) {
                return Double.NaN;
            }
        }

        double[][] buckets = sortedCopy(upperBounds, cumulativeCounts);
        if (buckets[buckets.length - 1][0] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        int n = coalesce(buckets);
        ensureMonotonic(buckets, n);
        if (n < 2) {
            return Double.NaN;
        }
        double observations = buckets[n - 1][1];
        if (observations == 0) {
            return Double.NaN;
        }

        double rank = q * observations;
        int b = firstAtOrAbove(buckets, n - 1, rank);
        if (b == n - 1) {
            return buckets[n - 2][0];
        }
        if (b == 0 && buckets[0][0] <= 0) {
            return buckets[0][0];
        }
        double bucketStart = 0;
        double bucketEnd = buckets[b][0];
        double count = buckets[b][1];
        if (b > 0) {
            bucketStart = buckets[b - 1][0];
            count -= buckets[b - 1][1];
            rank -= buckets[b - 1][1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /** Pairs of (upper bound, count) sorted by bound; the caller's arrays stay untouched. */
    private static double[][] sortedCopy(double[] upperBounds, double[] counts) {
        double[][] buckets = new double[upperBounds.length][];
        for (int i = 0; i < upperBounds.length; i++) {
            buckets[i] = new double[] {upperBounds[i], counts[i]};
        }
        Arrays.sort(buckets, Comparator.comparingDouble(bucket -> bucket[0]));
        return buckets;
    }

    /** Merges neighbours with equal bounds by adding counts, in place; returns the new bucket count. */
    private static int coalesce(double[][] buckets) {
        int last = 0;
        for (int i = 1; i < buckets.length; i++) {
            if (buckets[i][0] == buckets[last][0]) {
                buckets[last][1] += buckets[i][1];
            } else {
                last++;
                buckets[last] = buckets[i];
            }
        }
        return last + 1;
    }

    /** Raises every count to the running maximum, so the binary search below sees a monotone sequence. */
    private static void ensureMonotonic(double[][] buckets, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (buckets[i][1] > max) {
                max = buckets[i][1];
            } else if (buckets[i][1] < max) {
                buckets[i][1] = max;
            }
        }
    }

    /** Smallest index below {@code limit} whose count is at least {@code rank}, or {@code limit} if none. */
    private static int firstAtOrAbove(double[][] buckets, int limit, double rank) {
        int lo = 0;
        int hi = limit;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (buckets[mid][1] >= rank) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
