package dev.omescale.scaler.controller.realize;

/**
 * What the realizer did with one component's decision.
 *
 * @param result what happened
 * @param note   the sentence {@code omescale explain} shows, naming objects and the way out where there is one
 */
public record Realized(Result result, String note) {

    public enum Result {
        /** The replicas were written. */
        WROTE,
        /** Nothing to write: the workload already has the decided replicas. */
        UNCHANGED,
        /** omescale does not own this component's replicas (class hpa/keda, Serverless, MultiNode without lever). */
        NOT_MANAGED,
        /** The workload does not exist (yet). */
        NO_WORKLOAD,
        /** Another replica of the controller leads; only the leader writes. */
        NOT_LEADER,
        /** Metrics-only mode: the controller decides and serves, HPAs or ScaledObjects scale; it writes nothing. */
        METRICS_ONLY,
        /** Another autoscaler targets the same workload. */
        REFUSED_CONFLICT,
        /** The decision lies outside [minReplicas, maxReplicas]. */
        REFUSED_BOUNDS,
        /** Someone else changed the replicas after the decision; the next reconcile decides again. */
        CHANGED_MEANWHILE,
        /** The API server refused or failed; retried with backoff. */
        FAILED
    }

    /** Whether the decided replicas are now in place (for the decision history). */
    public boolean applied() {
        return result == Result.WROTE || result == Result.UNCHANGED;
    }
}
