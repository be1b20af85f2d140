package dev.omescale.scaler.policy;

/** The state of a policy that remembers nothing between ticks: its proposal depends on the current inputs only. */
public enum NoState {
    INSTANCE
}
