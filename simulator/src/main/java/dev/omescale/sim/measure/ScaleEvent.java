package dev.omescale.sim.measure;

/** A change of a component's spec.replicas written by the policy under test. */
public record ScaleEvent(double timeSeconds, String component, int from, int to) {
    public int direction() {
        return Integer.signum(to - from);
    }
}
