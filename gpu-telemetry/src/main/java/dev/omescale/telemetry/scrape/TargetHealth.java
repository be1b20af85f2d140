package dev.omescale.telemetry.scrape;

import java.time.Duration;

/**
 * How a target's scrapes are going. {@code up} is whether the last scrape succeeded; {@code lastError} is that
 * scrape's error (null when up); {@code lastSuccessMillis} is 0 until a scrape has succeeded.
 */
public record TargetHealth(
        boolean up,
        String lastError,
        Duration lastDuration,
        long lastScrapeMillis,
        long lastSuccessMillis,
        int consecutiveFailures) {
}
