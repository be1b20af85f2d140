package dev.omescale.sim.policy;

/**
 * A scaling policy under test, with the cadence its real deployment has. The simulator scrapes every
 * {@link #scrapeSeconds()}, keeps signals over {@link #windowSeconds()}, and calls {@link #decide} every
 * {@link #tickSeconds()}; whatever it returns is written to the scale targets at once.
 */
public interface Autoscaler {
    String name();

    /** One line: what it scales on, with which target and cadence, as its users configure it. */
    String description();

    double scrapeSeconds();

    double windowSeconds();

    double tickSeconds();

    /** Engine replicas at the start of the run: the shared minimum unless the policy provisions ahead. */
    default int initialEngines(int minReplicas) {
        return minReplicas;
    }

    /** Desired replicas: {engine, decoder} (decoder ignored for a unified engine). */
    int[] decide(ClusterView view);
}
