package dev.omescale.scaler.decision;

/** What a decision does to a component's replicas, as users read it in events and {@code omescale explain}. */
public enum Outcome {
    SCALE_UP("scale up"),
    SCALE_DOWN("scale down"),
    /** Nothing to change: the policies agree with the current count, or stabilization or limits keep it. */
    HOLD("hold"),
    /**
     * Held at the current count because a policy had no usable proposal (missing or stale data, an error) and the
     * others would scale down, or no policy had one: missing data never scales down.
     */
    HOLD_MISSING_DATA("hold: missing data"),
    /** Idle for the {@code omescale.dev/scale-to-zero} period: to 0. */
    SCALE_TO_ZERO("scale to zero"),
    /** At 0 and activity appeared: straight to max(1, minReplicas), past stabilization and limits. */
    WAKE_FROM_ZERO("wake from zero"),
    /**
     * Computed, but omescale will not write the replicas: someone else owns them (OME's HPA or ScaledObject,
     * Knative, OME's LWS reconcile). The metrics adapter and the KEDA scaler still serve the computed count.
     */
    NOT_SCALABLE("not scalable");

    private final String word;

    Outcome(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** Whether the decision changes the replica count (for an outcome computed before the lever check). */
    public boolean changesReplicas() {
        return this == SCALE_UP || this == SCALE_DOWN || this == SCALE_TO_ZERO || this == WAKE_FROM_ZERO;
    }
}
