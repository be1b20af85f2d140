package dev.omescale.scaler.discovery;

/**
 * A component's current utilization of one resource as the HPA would report it
 * ({@code status.currentMetrics[].resource.current.averageUtilization}), or why there is none.
 *
 * @param resource       {@code cpu} or {@code memory}
 * @param percent        the utilization in percent of requests, or null when it cannot be computed
 * @param averageMilli   the average usage per counted pod in milli-units (what the HPA shows as averageValue), or
 *                       null with {@code percent}
 * @param podsWithSample how many of the component's pods had a usage sample
 * @param pods           how many pods the component has
 * @param error          why {@code percent} is null: the HPA's error text with what to do; null when it is set
 * @param missingData    true when the error is data that has not arrived (metrics API down, no samples yet), which
 *                       holds replicas; false when it is the spec (a missing request), which only a fix can cure
 */
public record ResourceUtilization(
        String resource,
        Integer percent,
        Long averageMilli,
        int podsWithSample,
        int pods,
        String error,
        boolean missingData) {
}
