package dev.omescale.scaler.observe;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Gauge;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A gauge whose series are set each tick: series that a tick did not set are removed when the tick ends, so the
 * gauge shows what the last tick knew and nothing older. Thread-safe: the controller's workers set series while
 * its timer ends ticks (the gauge itself may be scraped concurrently).
 */
final class TickSeries {
    private final Gauge gauge;
    private Set<List<String>> setThisTick = new HashSet<>();
    private Set<List<String>> setLastTick = new HashSet<>();

    TickSeries(Gauge gauge) {
        this.gauge = gauge;
    }

    synchronized void set(List<String> labels, double v) {
        GaugeDataPoint point = gauge.labelValues(labels.toArray(String[]::new));
        point.set(v);
        setThisTick.add(labels);
    }

    /**
     * Keeps, through the end of this tick, the series of last tick whose first labels are {@code prefix} and that
     * this tick did not set: they keep last tick's values.
     */
    synchronized void carry(List<String> prefix) {
        for (List<String> labels : setLastTick) {
            if (labels.size() >= prefix.size() && labels.subList(0, prefix.size()).equals(prefix)) {
                setThisTick.add(labels);
            }
        }
    }

    synchronized void endTick() {
        for (List<String> labels : setLastTick) {
            if (!setThisTick.contains(labels)) {
                gauge.remove(labels.toArray(String[]::new));
            }
        }
        setLastTick = setThisTick;
        setThisTick = new HashSet<>();
    }
}
