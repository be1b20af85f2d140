package dev.omescale.scaler.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link KpaPolicy} remembers of one component between ticks. Knative averages its own per-second buckets;
 * omescale's component signals are already window averages, so the policy keeps each tick's total as an
 * observation and averages those over its stable and panic windows.
 *
 * @param observations     the component's total concurrency (or request rate) per tick, oldest first, none older
 *                         than the stable window and at most {@link #MAX_OBSERVATIONS}
 * @param panicStarted     when the current panic began, null when not panicking
 * @param lastOverThreshold the last tick the panic window was over the threshold (Knative's {@code panicTime}); panic
 *                         ends one stable window after it; null when not panicking
 * @param maxPanicReplicas the highest count proposed in this panic; 0 when not panicking
 */
public record KpaState(List<Observation> observations, Instant panicStarted, Instant lastOverThreshold,
                       int maxPanicReplicas) {

    /** One tick's observation: enough for a 1 h stable window at one tick per second. */
    public static final int MAX_OBSERVATIONS = 3600;

    /** A component's total at one tick. */
    public record Observation(Instant time, double total) {
    }

    public KpaState {
        observations = List.copyOf(observations);
    }

    public static KpaState initial() {
        return new KpaState(List.of(), null, null, 0);
    }

    public boolean panicking() {
        return panicStarted != null;
    }

    /**
     * The observations after adding {@code o}: those older than {@code keep} at o's time (or from after it, left by
     * a replay that restarted) are dropped, and the oldest go first beyond {@link #MAX_OBSERVATIONS}.
     */
    List<Observation> with(Observation o, Duration keep) {
        List<Observation> out = new ArrayList<>(observations.size() + 1);
        for (Observation old : observations) {
            if (within(old, o.time(), keep)) {
                out.add(old);
            }
        }
        out.add(o);
        return out.size() > MAX_OBSERVATIONS ? out.subList(out.size() - MAX_OBSERVATIONS, out.size()) : out;
    }

    /**
     * The mean of the observations taken less than {@code window} before {@code now}, or null when there are none.
     */
    static Double average(List<Observation> observations, Instant now, Duration window) {
        double sum = 0;
        int n = 0;
        for (Observation o : observations) {
            if (within(o, now, window)) {
                sum += o.total();
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    static int count(List<Observation> observations, Instant now, Duration window) {
        int n = 0;
        for (Observation o : observations) {
            if (within(o, now, window)) {
                n++;
            }
        }
        return n;
    }

    private static boolean within(Observation o, Instant now, Duration window) {
        Duration age = Duration.between(o.time(), now);
        return !age.isNegative() && age.compareTo(window) < 0;
    }
}
