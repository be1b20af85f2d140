package dev.omescale.telemetry.demo;

import java.util.Arrays;

/** A cumulative histogram over fixed bounds (the real exporter's), fed with batches of observations. */
final class DemoHistogram {
    private final double[] bounds; // ascending, finite; +Inf is implied
    private final long[] counts;   // per bucket, non-cumulative; the last is the +Inf overflow
    private double sum;

    DemoHistogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length + 1];
    }

    void observe(double value, long n) {
        if (n <= 0) {
            return;
        }
        int i = Arrays.binarySearch(bounds, value);
        int bucket = i >= 0 ? i : -i - 1;
        counts[bucket] += n;
        sum += value * n;
    }

    /** Cumulative count of observations at or below {@code le}. */
    long cumulative(double le) {
        long total = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] > le) {
                return total;
            }
            total += counts[i];
        }
        return le == Double.POSITIVE_INFINITY ? total + counts[bounds.length] : total;
    }

    long count() {
        return cumulative(Double.POSITIVE_INFINITY);
    }

    double sum() {
        return sum;
    }

    void reset() {
        Arrays.fill(counts, 0);
        sum = 0;
    }
}
