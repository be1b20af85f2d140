package dev.omescale.scaler.observe;

import java.util.Locale;

/** Why omescale and someone else disagreed about a component's replicas, as a label value. */
public enum ConflictKind {
    /** A write failed on a stale resourceVersion (HTTP 409); it is retried after a fresh read. */
    STALE_RESOURCE_VERSION,
    /** The replicas changed between two ticks without omescale writing them: another writer is active. */
    REPLICAS_CHANGED_ELSEWHERE,
    /** Another autoscaler (an HPA, a ScaledObject, Knative) targets the same object. */
    OTHER_AUTOSCALER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
