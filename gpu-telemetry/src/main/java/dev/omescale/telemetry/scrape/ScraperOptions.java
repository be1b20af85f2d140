package dev.omescale.telemetry.scrape;

import java.util.Objects;

import dev.omescale.telemetry.exposition.ParseLimits;

/**
 * @param maxConcurrency most scrapes in flight at once, across all targets
 * @param jitterFraction first scrapes are spread over this fraction of each target's interval (0 to 1), so that
 *                       many targets with one interval do not all fire at the same instant
 * @param maxBodyBytes   largest body accepted, after decompression
 * @param parseLimits    limits handed to the parser
 */
public record ScraperOptions(int maxConcurrency, double jitterFraction, long maxBodyBytes, ParseLimits parseLimits) {

    public static final ScraperOptions DEFAULT = new ScraperOptions(16, 0.1, 16L * 1024 * 1024, ParseLimits.DEFAULT);

    /** Bodies are read into one array, so they are bounded by what an array can hold. */
    static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 16;

    public ScraperOptions {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, got " + maxConcurrency);
        }
        if (!(jitterFraction >= 0 && jitterFraction <= 1)) {
            throw new IllegalArgumentException("jitterFraction must be between 0 and 1, got " + jitterFraction);
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + MAX_BODY_LIMIT + ", got "
                    + maxBodyBytes);
        }
        Objects.requireNonNull(parseLimits, "parseLimits");
    }
}
