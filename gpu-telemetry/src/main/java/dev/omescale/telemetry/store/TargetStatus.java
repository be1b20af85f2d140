package dev.omescale.telemetry.store;

import java.time.Duration;

/**
 * The health of one scrape target as the store saw it.
 *
 * @param target              the target's URL without user info
 * @param up                  whether the last scrape succeeded
 * @param stale               whether its data is too old to serve: no success within the staleness limit
 * @param lastError           the last scrape's error, null when it succeeded
 * @param lastSuccessMillis   time of the last successful scrape, 0 when none
 * @param consecutiveFailures failed scrapes since the last success
 * @param lastDuration        how long the last scrape took
 */
public record TargetStatus(
        String target,
        boolean up,
        boolean stale,
        String lastError,
        long lastSuccessMillis,
        int consecutiveFailures,
        Duration lastDuration) {
}
