package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.Objects;

/**
 * One rescale the HPA remembers for its rate limits.
 *
 * @param replicaChange how many replicas it added or removed, ≥ 0
 * @param outdated      older than the longest policy period of its direction when last checked; its slot may be
 *                      reused, but until then it still counts for any period that reaches back to it
 */
public record ScaleEvent(int replicaChange, Instant timestamp, boolean outdated) {

    public ScaleEvent {
        Objects.requireNonNull(timestamp, "scale event timestamp");
    }
}
