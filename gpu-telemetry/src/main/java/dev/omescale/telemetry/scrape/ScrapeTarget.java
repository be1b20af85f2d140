package dev.omescale.telemetry.scrape;

import dev.omescale.telemetry.config.TargetKind;
import java.net.URI;
import java.time.Duration;

public record ScrapeTarget(URI url, TargetKind kind, String namespace, String pod, String inferenceService,
        String component, Duration interval, Duration timeout) {
    public String id() {
        return url.toString();
    }
}
