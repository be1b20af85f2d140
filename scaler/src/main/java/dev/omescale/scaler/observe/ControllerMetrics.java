package dev.omescale.scaler.observe;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * What the controller does to the cluster, as metrics: replica writes by result, conflicts by kind, and whether
 * this replica is the leader. Thread-safe; the controller calls it from wherever the write or election happens.
 */
public final class ControllerMetrics {
    private final Counter writes;
    private final Histogram writeDuration;
    private final Counter conflicts;
    private final Gauge leader;

    public ControllerMetrics(PrometheusRegistry registry) {
        writes = Counter.builder()
                .name("omescale_scale_writes_total")
                .help("Replica writes to Kubernetes per component by result")
                .labelNames("namespace", "inferenceservice", "component", "result")
                .register(registry);
        writeDuration = Histogram.builder()
                .name("omescale_scale_write_duration_seconds")
                .help("Time of one replica write to the Kubernetes API, failures included")
                .classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        conflicts = Counter.builder()
                .name("omescale_scale_conflicts_total")
                .help("Disagreements with another writer about a component's replicas, by kind")
                .labelNames("namespace", "inferenceservice", "component", "kind")
                .register(registry);
        leader = Gauge.builder()
                .name("omescale_leader")
                .help("1 while this omescale replica holds the leader lease and writes replicas, else 0")
                .register(registry);
        leader.set(0);
    }

    /** One replica write and how it ended. */
    public void recordWrite(String namespace, String inferenceService, String component, WriteResult result) {
        Objects.requireNonNull(result, "result");
        writes.labelValues(namespace, inferenceService, component, result.label()).inc();
    }

    /** One replica write, how it ended and how long the API call took. */
    public void recordWrite(String namespace, String inferenceService, String component, WriteResult result,
            Duration took) {
        recordWrite(namespace, inferenceService, component, result);
        writeDuration.observe(took.toNanos() / 1e9);
    }

    public void recordConflict(String namespace, String inferenceService, String component, ConflictKind kind) {
        Objects.requireNonNull(kind, "kind");
        conflicts.labelValues(namespace, inferenceService, component, kind.label()).inc();
    }

    /** Called on gaining and on losing the lease. */
    public void setLeader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    /**
     * Forgets a component's series once its InferenceService is deleted, so the counters of deleted services do
     * not accumulate forever.
     */
    public void forget(String namespace, String inferenceService, String component) {
        for (WriteResult r : WriteResult.values()) {
            writes.remove(namespace, inferenceService, component, r.label());
        }
        for (ConflictKind k : ConflictKind.values()) {
            conflicts.remove(namespace, inferenceService, component, k.label());
        }
    }
}
