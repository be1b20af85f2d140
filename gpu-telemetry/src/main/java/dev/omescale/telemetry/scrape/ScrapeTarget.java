package dev.omescale.telemetry.scrape;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import dev.omescale.telemetry.config.TargetConfig;
import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.config.Urls;

/**
 * One exporter to scrape, with its schedule. Engine targets name the pod whose page it is; dcgm targets leave
 * namespace, pod, inferenceService and component null. The URL may carry user:password for basic auth; it is
 * sent as an Authorization header and never shown.
 */
public record ScrapeTarget(
        URI url,
        TargetKind kind,
        String namespace,
        String pod,
        String inferenceService,
        String component,
        Duration interval,
        Duration timeout) {

    public ScrapeTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("scrape interval of " + Urls.redact(url) + " must be positive, got "
                    + interval);
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("scrape timeout of " + Urls.redact(url) + " must be positive, got "
                    + timeout);
        }
    }

    public static ScrapeTarget from(TargetConfig c, Duration interval, Duration timeout) {
        return new ScrapeTarget(c.url(), c.kind(), c.namespace(), c.pod(), c.inferenceService(), c.component(),
                interval, timeout);
    }

    /** The URL without user info: a stable key that is safe to log and to show. */
    public String id() {
        return Urls.redact(url);
    }
}
