package dev.omescale.telemetry.scrape;

public interface ScrapeSink {
    void accept(ScrapeResult result);
}
