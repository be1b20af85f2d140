package dev.omescale.telemetry.scrape;

import dev.omescale.telemetry.exposition.ExpositionFormat;
import java.util.List;

public record ScrapedPage(ExpositionFormat format, int bytes, List<Sample> samples) {
}
