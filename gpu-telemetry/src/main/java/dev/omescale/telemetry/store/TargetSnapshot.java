package dev.omescale.telemetry.store;

import dev.omescale.telemetry.scrape.ScrapeTarget;
import java.util.List;

/**
 * What the store holds for one target at one instant. {@code series} is empty when the target is stale:
 * stale data is never served as current.
 */
public record TargetSnapshot(ScrapeTarget target, TargetStatus status, List<SeriesSnapshot> series) {
    public TargetSnapshot {
        series = List.copyOf(series);
    }
}
