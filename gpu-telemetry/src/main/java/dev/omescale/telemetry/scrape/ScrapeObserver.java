package dev.omescale.telemetry.scrape;

/**
 * Told about every scrape the {@link Scraper} keeps (results of removed targets are not kept) and about targets
 * that leave the schedule, so per-target metrics can follow the target set. Called on scrape threads: it must be
 * thread-safe, quick and must not throw.
 */
public interface ScrapeObserver {

    /** Observes nothing: for callers without metrics (tests, {@code omescale inspect}). */
    ScrapeObserver NONE = new ScrapeObserver() {
        @Override
        public void scraped(ScrapeResult result) {
        }

        @Override
        public void removed(ScrapeTarget target) {
        }
    };

    void scraped(ScrapeResult result);

    /** The target is no longer scraped: forget what was recorded for it. */
    void removed(ScrapeTarget target);
}
