package dev.omescale.scaler.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ControllerMetrics metrics = new ControllerMetrics(registry);

    @Test
    void writesAreCountedByResultAndTimed() {
        metrics.recordWrite("team-a", "chat", "engine", WriteResult.APPLIED, Duration.ofMillis(30));
        metrics.recordWrite("team-a", "chat", "engine", WriteResult.APPLIED, Duration.ofMillis(10));
        metrics.recordWrite("team-a", "chat", "decoder", WriteResult.FORBIDDEN);
        assertThat(value("omescale_scale_writes", Labels.of("namespace", "team-a", "inferenceservice", "chat",
                "component", "engine", "result", "applied"))).isEqualTo(2);
        assertThat(value("omescale_scale_writes", Labels.of("namespace", "team-a", "inferenceservice", "chat",
                "component", "decoder", "result", "forbidden"))).isEqualTo(1);
        HistogramSnapshot.HistogramDataPointSnapshot h = (HistogramSnapshot.HistogramDataPointSnapshot)
                points("omescale_scale_write_duration_seconds").get(0);
        assertThat(h.getCount()).isEqualTo(2);
        assertThat(h.getSum()).isCloseTo(0.04, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void conflictsAreCountedByKindAndForgottenWithTheirService() {
        metrics.recordConflict("team-a", "chat", "engine", ConflictKind.STALE_RESOURCE_VERSION);
        metrics.recordConflict("team-a", "chat", "engine", ConflictKind.OTHER_AUTOSCALER);
        metrics.recordConflict("team-a", "chat", "engine", ConflictKind.OTHER_AUTOSCALER);
        assertThat(value("omescale_scale_conflicts", Labels.of("namespace", "team-a", "inferenceservice", "chat",
                "component", "engine", "kind", "other_autoscaler"))).isEqualTo(2);
        metrics.recordWrite("team-a", "chat", "engine", WriteResult.CONFLICT);
        metrics.forget("team-a", "chat", "engine");
        assertThat(points("omescale_scale_conflicts")).isEmpty();
        assertThat(points("omescale_scale_writes")).isEmpty();
    }

    @Test
    void leaderGaugeStartsAtZeroAndFollowsTheLease() {
        assertThat(value("omescale_leader", Labels.EMPTY)).isZero();
        metrics.setLeader(true);
        assertThat(value("omescale_leader", Labels.EMPTY)).isEqualTo(1);
        metrics.setLeader(false);
        assertThat(value("omescale_leader", Labels.EMPTY)).isZero();
    }

    @Test
    void aSecondSetOfInstrumentsOnTheSameRegistryIsRefused() {
        // Two owners of one name would count twice on /metrics; the registry refuses the second.
        assertThatThrownBy(() -> new ControllerMetrics(registry)).isInstanceOf(IllegalArgumentException.class);
    }

    private double value(String name, Labels labels) {
        for (DataPointSnapshot d : points(name)) {
            if (d.getLabels().equals(labels)) {
                return d instanceof CounterSnapshot.CounterDataPointSnapshot c ? c.getValue()
                        : ((GaugeSnapshot.GaugeDataPointSnapshot) d).getValue();
            }
        }
        throw new AssertionError("no " + name + labels + " in " + points(name));
    }

    private List<DataPointSnapshot> points(String name) {
        List<DataPointSnapshot> out = new ArrayList<>();
        for (MetricSnapshot m : registry.scrape()) {
            if (m.getMetadata().getPrometheusName().equals(name)) {
                out.addAll(m.getDataPoints());
            }
        }
        return out;
    }
}
