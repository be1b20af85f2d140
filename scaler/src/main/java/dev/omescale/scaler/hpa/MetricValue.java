package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.Objects;

/** One item of an external metric (or an object metric's value) in milli-units, with its timestamp. */
public record MetricValue(long valueMilli, Instant timestamp) {

    public MetricValue {
        Objects.requireNonNull(timestamp, "metric value timestamp");
    }
}
