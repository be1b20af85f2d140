package dev.omescale.telemetry.scrape;

import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;

public record Sample(String family, MetricType type, String name, Labels labels, double value, long timestampMillis) {
}
