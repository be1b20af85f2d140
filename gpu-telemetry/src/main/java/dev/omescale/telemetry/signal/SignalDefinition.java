package dev.omescale.telemetry.signal;

import java.util.List;

/**
 * One signal, defined once: what it means, its unit, how it is computed, and where it comes from in every
 * exporter dialect (in order of preference: the first source with fresh data in a pod wins).
 *
 * @param name        snake_case with a unit suffix where it has one; valid as a URL segment and metric name
 * @param kind        how one series becomes a value
 * @param unit        the unit, in words ({@code requests}, {@code ratio}, {@code seconds}, ...)
 * @param aggregation how pods combine into a component
 * @param quantile    the quantile for {@link SignalKind#QUANTILE} signals, NaN otherwise
 * @param sources     exporter metrics, preferred first
 * @param description one line for listings and metric HELP texts
 */
public record SignalDefinition(
        String name,
        SignalKind kind,
        String unit,
        Aggregation aggregation,
        double quantile,
        List<MetricSource> sources,
        String description) {

    public SignalDefinition {
        sources = List.copyOf(sources);
    }

    /** Whether the component value is a total over pods (KEDA returns totals for these). */
    public boolean additive() {
        return aggregation == Aggregation.SUM;
    }
}
