package dev.omescale.telemetry.store;

import dev.omescale.telemetry.exposition.Labels;

/** A series' identity inside one target's page: its sample name and labels. */
public record SeriesKey(String name, Labels labels) {
}
