package dev.omescale.sim.policy;

import java.util.Arrays;

/**
 * A replica count fixed in advance as a function of time: {@code counts[i]} engines from {@code fromSeconds[i]} on.
 * Not a policy anyone runs; it answers "what would a fleet of this shape have achieved", e.g. the best any policy
 * could do with at most k replicas ready when a burst begins (see {@code HeadlineBounds} in the benchmarks).
 * Scale-ups still pay the pod start-up and scale-downs drain, exactly as for every policy.
 */
public final class ScheduleAutoscaler implements Autoscaler {
    private final String name;
    private final double[] fromSeconds;
    private final int[] counts;

    /**
     * @param fromSeconds ascending times, the first 0
     * @param counts      the engine count from each time on, at least 1
     */
    public ScheduleAutoscaler(String name, double[] fromSeconds, int[] counts) {
        if (fromSeconds.length == 0 || fromSeconds.length != counts.length || fromSeconds[0] != 0) {
            throw new IllegalArgumentException("schedule " + name + ": needs one count per time and a first time of 0, "
                    + "got times " + Arrays.toString(fromSeconds) + " and counts " + Arrays.toString(counts));
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 1 || (i > 0 && fromSeconds[i] <= fromSeconds[i - 1])) {
                throw new IllegalArgumentException("schedule " + name + ": times must ascend and counts be at least 1, "
                        + "got times " + Arrays.toString(fromSeconds) + " and counts " + Arrays.toString(counts));
            }
        }
        this.name = name;
        this.fromSeconds = fromSeconds.clone();
        this.counts = counts.clone();
    }

    /** The count the schedule asks for at {@code seconds}. */
    public int countAt(double seconds) {
        int i = 0;
        while (i + 1 < fromSeconds.length && fromSeconds[i + 1] <= seconds) {
            i++;
        }
        return counts[i];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        StringBuilder b = new StringBuilder("fixed schedule:");
        for (int i = 0; i < counts.length; i++) {
            b.append(' ').append(counts[i]).append(" from ").append(Math.round(fromSeconds[i])).append(" s");
        }
        return b.toString();
    }

    @Override
    public double scrapeSeconds() {
        return 5;
    }

    @Override
    public double windowSeconds() {
        return 60;
    }

    /** Ticks often enough that a change of the schedule is asked for within a second of its time. */
    @Override
    public double tickSeconds() {
        return 1;
    }

    @Override
    public int initialEngines(int minReplicas) {
        return counts[0];
    }

    @Override
    public int[] decide(ClusterView view) {
        return new int[] {countAt(view.nowSeconds()), view.decoder() == null ? 0 : view.decoder().current()};
    }
}
