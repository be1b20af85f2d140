package dev.omescale.telemetry.config;

import java.net.URI;
import java.util.Objects;

/**
 * One configured exporter. For {@link TargetKind#ENGINE} targets, {@code namespace}, {@code pod} and
 * {@code component} say whose page it is; {@code inferenceService} may be null. For {@link TargetKind#DCGM}
 * targets those four are null, because GPUs map to pods through the series' own labels.
 */
public record TargetConfig(
        URI url, TargetKind kind, String namespace, String pod, String inferenceService, String component) {

    public TargetConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
    }
}
