package dev.omescale.adapter.api;

import dev.omescale.adapter.selector.LabelSelector;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One item of a metrics API answer, independent of the wire version.
 *
 * @param object         what a custom metric describes; null for external metrics
 * @param metric         the signal name
 * @param metricSelector the request's {@code metricLabelSelector}, echoed in custom items; empty when none
 * @param metricLabels   the series' labels for external metrics; empty for custom metrics
 * @param timestamp      when the data the value rests on was scraped or decided
 * @param windowSeconds  the window the value covers; null for instantaneous values ({@code desired_replicas})
 * @param value          a finite number
 */
public record MetricSample(
        DescribedObject object,
        String metric,
        LabelSelector metricSelector,
        Map<String, String> metricLabels,
        Instant timestamp,
        Long windowSeconds,
        double value) {

    public MetricSample {
        // Sorted, so the JSON is the same on every call.
        metricLabels = metricLabels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metricLabels));
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + metric + " value " + value + " is not finite");
        }
    }
}
