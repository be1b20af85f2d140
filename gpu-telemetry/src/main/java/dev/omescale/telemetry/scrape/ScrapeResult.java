package dev.omescale.telemetry.scrape;

import java.time.Duration;

/**
 * One scrape: a page on success, an error text on failure, never both. The error names the target (without
 * credentials), what went wrong and what to do about it.
 */
public record ScrapeResult(ScrapeTarget target, long startedAtMillis, Duration duration, ScrapedPage page, String error) {

    public ScrapeResult {
        if ((page == null) == (error == null)) {
            throw new IllegalArgumentException("a scrape result has either a page or an error, got page=" + page
                    + " error=" + error);
        }
    }

    public boolean ok() {
        return page != null;
    }
}
