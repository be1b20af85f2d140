package dev.omescale.telemetry.scrape;

import java.time.Duration;

public record ScrapeResult(ScrapeTarget target, long startedAtMillis, Duration duration, ScrapedPage page, String error) {
    public boolean ok() {
        return page != null;
    }
}
