package dev.omescale.telemetry.store;

import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.window.SeriesWindow;

/** A private copy of one series' samples in the window, safe to read without the store's lock. */
public record SeriesSnapshot(String name, Labels labels, SeriesWindow window) {
}
