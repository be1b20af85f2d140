package dev.omescale.scaler.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One pod's metric sample as the metrics APIs report it.
 *
 * @param pod        the pod's name
 * @param valueMilli the value in milli-units ({@link Quantities#milli})
 * @param timestamp  when the sample's window ended
 * @param window     the sample's window (the custom metrics API's {@code windowSeconds}, 60 s when absent)
 */
public record PodSample(String pod, long valueMilli, Instant timestamp, Duration window) {

    public PodSample {
        Objects.requireNonNull(pod, "sample pod name");
        Objects.requireNonNull(timestamp, "timestamp of the sample for " + pod);
        Objects.requireNonNull(window, "window of the sample for " + pod);
    }
}
