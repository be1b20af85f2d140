package dev.omescale.telemetry.scrape;

import java.util.List;

import dev.omescale.telemetry.exposition.ExpositionFormat;

/** A page that was fetched and parsed: its format, its size in bytes after decompression, its samples. */
public record ScrapedPage(ExpositionFormat format, int bytes, List<Sample> samples) {

    public ScrapedPage {
        samples = List.copyOf(samples);
    }
}
