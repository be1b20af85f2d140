package dev.omescale.scaler.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale-up and scale-down events one HPA remembers (behavior path only), in slot order. In Kubernetes they live
 * in controller memory and are lost on restart.
 */
public record ScaleEvents(List<ScaleEvent> up, List<ScaleEvent> down) {

    private static final ScaleEvents EMPTY = new ScaleEvents(List.of(), List.of());

    public ScaleEvents {
        up = List.copyOf(up);
        down = List.copyOf(down);
    }

    public static ScaleEvents empty() {
        return EMPTY;
    }

    /** Replicas added by scale-ups strictly after {@code now − period}. */
    public int addedWithin(Duration period, Instant now) {
        return sumAfter(up, now.minus(period));
    }

    /** Replicas removed by scale-downs strictly after {@code now − period}. */
    public int removedWithin(Duration period, Instant now) {
        return sumAfter(down, now.minus(period));
    }

    /**
     * Records a successful rescale from {@code previous} to {@code next}: events of that direction older than
     * {@code longestPeriodSeconds} are marked outdated, and the new event takes the last outdated slot or is
     * appended.
     *
     * @param longestPeriodSeconds the longest policy period of the rescale's direction
     */
    public ScaleEvents record(int previous, int next, Instant now, int longestPeriodSeconds) {
        if (previous == next) {
            throw new IllegalArgumentException("rescale from " + previous + " to " + next
                    + " changes nothing; record only rescales that changed the replica count");
        }
        Instant cutoff = now.minus(Duration.ofSeconds(longestPeriodSeconds));
        if (next > previous) {
            return new ScaleEvents(store(up, next - previous, now, cutoff), down);
        }
        return new ScaleEvents(up, store(down, previous - next, now, cutoff));
    }

    /** {@link #record(int, int, Instant, int)} with the longest period of the direction's effective rules. */
    public ScaleEvents record(int previous, int next, Instant now, EffectiveBehavior behavior) {
        EffectiveRules rules = next > previous ? behavior.scaleUp() : behavior.scaleDown();
        return record(previous, next, now, rules.longestPeriodSeconds());
    }

    private static List<ScaleEvent> store(List<ScaleEvent> events, int change, Instant now, Instant cutoff) {
        List<ScaleEvent> next = new ArrayList<>(events.size() + 1);
        int oldSlot = -1;
        for (int i = 0; i < events.size(); i++) {
            ScaleEvent e = events.get(i);
            boolean outdated = e.outdated() || e.timestamp().isBefore(cutoff);
            next.add(outdated == e.outdated() ? e : new ScaleEvent(e.replicaChange(), e.timestamp(), true));
            if (outdated) {
                oldSlot = i;
            }
        }
        ScaleEvent event = new ScaleEvent(change, now, false);
        if (oldSlot >= 0) {
            next.set(oldSlot, event);
        } else {
            next.add(event);
        }
        return next;
    }

    private static int sumAfter(List<ScaleEvent> events, Instant cutoff) {
        int sum = 0;
        for (int i = 0; i < events.size(); i++) { // indexed: no iterator per call, on every component's tick
            ScaleEvent e = events.get(i);
            if (e.timestamp().isAfter(cutoff)) {
                sum += e.replicaChange();
            }
        }
        return sum;
    }
}
