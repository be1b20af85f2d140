package dev.omescale.telemetry.scrape;

import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;

/**
 * One sample of a scraped page. {@code timestampMillis} is the page's own timestamp when it gave one, else
 * the time the scrape started, as Prometheus does, so every sample downstream has a time.
 */
public record Sample(String family, MetricType type, String name, Labels labels, double value, long timestampMillis) {
}
