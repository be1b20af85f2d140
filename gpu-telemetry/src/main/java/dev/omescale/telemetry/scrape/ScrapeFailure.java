package dev.omescale.telemetry.scrape;

/** A scrape that failed for a reason the user can act on; the message is the result's error text. */
final class ScrapeFailure extends Exception {
    ScrapeFailure(String message) {
        super(message);
    }
}
