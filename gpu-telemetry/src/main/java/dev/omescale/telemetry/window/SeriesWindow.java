package dev.omescale.telemetry.window;

/**
 * The recent samples of one series: a ring of (time, value) pairs in time order, oldest dropped first. Times
 * are milliseconds since the epoch. Primitive arrays, so a thousand targets of a thousand series each cost
 * no object per sample.
 *
 * <p>Not thread-safe: one writer (the store, under its own lock) and readers under the same lock.
 */
public final class SeriesWindow {
    private final long[] times;
    private final double[] values;
    private int start;
    private int size;

    public SeriesWindow(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a window needs room for at least 2 samples, got " + capacity);
        }
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    /**
     * Appends a sample. A sample not newer than the last one replaces nothing and is dropped: exporters that
     * repeat a timestamp add no information, and out-of-order data would break rate arithmetic.
     *
     * @return whether the sample was kept
     */
    public boolean add(long timeMillis, double value) {
        if (size > 0 && timeMillis <= time(size - 1)) {
            return false;
        }
        int capacity = times.length;
        int slot;
        if (size < capacity) {
            slot = (start + size) % capacity;
            size++;
        } else {
            slot = start;
            start = (start + 1) % capacity;
        }
        times[slot] = timeMillis;
        values[slot] = value;
        return true;
    }

    /** Drops samples older than {@code cutoffMillis}, keeping memory proportional to the window. */
    public void evictBefore(long cutoffMillis) {
        while (size > 0 && times[start] < cutoffMillis) {
            start = (start + 1) % times.length;
            size--;
        }
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return times.length;
    }

    /** Time of the i-th oldest sample. */
    public long time(int i) {
        return times[(start + i) % times.length];
    }

    /** Value of the i-th oldest sample. */
    public double value(int i) {
        return values[(start + i) % times.length];
    }

    /** Index of the first sample at or after {@code fromMillis}, or {@link #size()} if none. */
    public int firstIndexAtOrAfter(long fromMillis) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) < fromMillis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index one past the last sample at or before {@code toMillis}. */
    public int endIndexAtOrBefore(long toMillis) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) <= toMillis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * A copy holding only the samples with {@code fromMillis <= t <= toMillis}, so readers can work on it
     * without the writer's lock.
     */
    public SeriesWindow copyRange(long fromMillis, long toMillis) {
        int first = firstIndexAtOrAfter(fromMillis);
        int end = endIndexAtOrBefore(toMillis);
        SeriesWindow copy = new SeriesWindow(Math.max(2, end - first));
        for (int i = first; i < end; i++) {
            copy.add(time(i), value(i));
        }
        return copy;
    }
}
