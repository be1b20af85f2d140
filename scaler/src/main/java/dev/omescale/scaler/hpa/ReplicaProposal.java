package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.Objects;

/**
 * One metric's replica proposal.
 *
 * @param replicas     the proposed replica count
 * @param current      what the HPA status reports as this metric's current value: the utilization percent for
 *                     Utilization targets, otherwise a milli-value (average per pod for AverageValue, the value or
 *                     the sum of items for Value, {@code ceil(usage / status)} for Object/External AverageValue)
 * @param averageMilli the raw average per pod in milli-units for Utilization targets (what status shows as
 *                     averageValue); equal to {@code current} for every other target
 * @param timestamp    the metric's timestamp (first sample or item as the API listed them), or the one the caller
 *                     passed for Object metrics
 */
public record ReplicaProposal(int replicas, long current, long averageMilli, Instant timestamp)
        implements MetricResult {

    public ReplicaProposal {
        Objects.requireNonNull(timestamp, "proposal timestamp");
    }

    public ReplicaProposal(int replicas, long current, Instant timestamp) {
        this(replicas, current, current, timestamp);
    }
}
