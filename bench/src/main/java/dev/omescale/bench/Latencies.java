package dev.omescale.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** Latencies in nanoseconds, kept exactly (a sorted array, no histogram buckets), with their percentiles. */
final class Latencies {
    private final AtomicLongArray nanos;
    private final AtomicInteger count = new AtomicInteger();

    Latencies(int capacity) {
        this.nanos = new AtomicLongArray(capacity);
    }

    void record(long latencyNanos) {
        int i = count.getAndIncrement();
        if (i < nanos.length()) {
            nanos.set(i, latencyNanos);
        }
    }

    /** p50, p99, p999 and max of what was recorded. */
    Summary summary() {
        int n = Math.min(count.get(), nanos.length());
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = nanos.get(i);
        }
        Arrays.sort(sorted);
        return new Summary(n, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999),
                n == 0 ? 0 : sorted[n - 1]);
    }

    /** Nearest-rank percentile. */
    private static long at(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    record Summary(int count, long p50, long p99, long p999, long max) {
        static String ms(long nanos) {
            return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
        }
    }
}
