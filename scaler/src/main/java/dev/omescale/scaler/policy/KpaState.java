package dev.omescale.scaler.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link KpaPolicy} remembers of one component between ticks. Knative averages its own per-second buckets;
 * omescale's component signals are already window averages, so the policy keeps each tick's total as an
 * observation and averages those over its stable and panic windows.
 *
 * @param window           the component's total concurrency (or request rate) per tick, oldest first, none older
 *                         than the stable window and at most {@link #MAX_OBSERVATIONS}
 * @param panicStarted     when the current panic began, null when not panicking
 * @param lastOverThreshold the last tick the panic window was over the threshold (Knative's {@code panicTime}); panic
 *                         ends one stable window after it; null when not panicking
 * @param maxPanicReplicas the highest count proposed in this panic; 0 when not panicking
 */
public record KpaState(Observations window, Instant panicStarted, Instant lastOverThreshold,
                       int maxPanicReplicas) {

    /** One tick's observation: enough for a 1 h stable window at one tick per second. */
    public static final int MAX_OBSERVATIONS = 3600;

    private static final KpaState INITIAL = new KpaState(Observations.EMPTY, null, null, 0);

    /** A component's total at one tick. */
    public record Observation(Instant time, double total) {
    }

    public KpaState {
        Objects.requireNonNull(window, "observations");
    }

    public static KpaState initial() {
        return INITIAL;
    }

    public boolean panicking() {
        return panicStarted != null;
    }

    /** The observations as records, oldest first (a copy: the state keeps them packed). */
    public List<Observation> observations() {
        return window.asList();
    }

    /**
     * The observations after adding {@code o}: those older than {@code keep} at o's time (or from after it, left by
     * a replay that restarted) are dropped, and the oldest go first beyond {@link #MAX_OBSERVATIONS}.
     */
    Observations with(Observation o, Duration keep) {
        return window.with(Observations.nanos(o.time()), o.total(), keep.toNanos());
    }

    /**
     * The mean of the observations taken less than {@code window} before {@code now}, or null when there are none.
     */
    static Double average(Observations observations, Instant now, Duration window) {
        long at = Observations.nanos(now);
        long windowNanos = window.toNanos();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < observations.size(); i++) {
            if (within(at - observations.times[i], windowNanos)) {
                sum += observations.totals[i];
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    static int count(Observations observations, Instant now, Duration window) {
        long at = Observations.nanos(now);
        long windowNanos = window.toNanos();
        int n = 0;
        for (int i = 0; i < observations.size(); i++) {
            if (within(at - observations.times[i], windowNanos)) {
                n++;
            }
        }
        return n;
    }

    private static boolean within(long ageNanos, long windowNanos) {
        return ageNanos >= 0 && ageNanos < windowNanos;
    }

    /**
     * The per-tick totals, packed: their times in epoch nanoseconds (exact, as the {@link Instant}s were, for any
     * instant between 1678 and 2262) and the totals, oldest first. A component keeps a few of these and replaces them
     * every tick, so they are two arrays rather than a list of records. Immutable; equal when the numbers are.
     */
    public static final class Observations {
        static final Observations EMPTY = new Observations(new long[0], new double[0]);

        private final long[] times;
        private final double[] totals;

        private Observations(long[] times, double[] totals) {
            this.times = times;
            this.totals = totals;
        }

        public int size() {
            return times.length;
        }

        static long nanos(Instant t) {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        }

        Observations with(long atNanos, double total, long keepNanos) {
            int n = size();
            int kept = 0;
            for (int i = 0; i < n; i++) {
                if (within(atNanos - times[i], keepNanos)) {
                    kept++;
                }
            }
            int skip = Math.max(0, kept + 1 - MAX_OBSERVATIONS);
            int size = kept + 1 - skip;
            long[] t = new long[size];
            double[] v = new double[size];
            int at = 0;
            for (int i = 0; i < n; i++) {
                if (within(atNanos - times[i], keepNanos)) {
                    if (skip > 0) {
                        skip--;
                    } else {
                        t[at] = times[i];
                        v[at] = totals[i];
                        at++;
                    }
                }
            }
            t[at] = atNanos;
            v[at] = total;
            return new Observations(t, v);
        }

        List<Observation> asList() {
            List<Observation> out = new ArrayList<>(size());
            for (int i = 0; i < size(); i++) {
                out.add(new Observation(Instant.ofEpochSecond(Math.floorDiv(times[i], 1_000_000_000L),
                        Math.floorMod(times[i], 1_000_000_000L)), totals[i]));
            }
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Observations s && Arrays.equals(times, s.times) && Arrays.equals(totals, s.totals);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(times) + Arrays.hashCode(totals);
        }

        @Override
        public String toString() {
            return asList().toString();
        }
    }
}
