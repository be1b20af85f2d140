package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.Objects;

/** One unstabilized replica recommendation the HPA remembered, with when it was made. */
public record Recommendation(int replicas, Instant timestamp) {

    public Recommendation {
        Objects.requireNonNull(timestamp, "recommendation timestamp");
    }
}
