package dev.omescale.telemetry.scrape;

/**
 * Receives every scrape, success or failure, on a scrape thread. It should return quickly: while it runs, the
 * scrape still holds one of the scraper's concurrency permits.
 */
@FunctionalInterface
public interface ScrapeSink {
    void accept(ScrapeResult result);
}
