package dev.omescale.scaler.decision;

import static dev.omescale.scaler.decision.Fixtures.FRESH;
import static dev.omescale.scaler.decision.Fixtures.NOW;
import static dev.omescale.scaler.decision.Fixtures.engineOnly;
import static dev.omescale.scaler.decision.Fixtures.inputs;
import static dev.omescale.scaler.decision.Fixtures.tick;
import static dev.omescale.scaler.decision.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.observe.DecisionMetrics;
import dev.omescale.scaler.observe.DecisionReason;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DecisionMetrics} fed from real engine decisions (here, beside the engine's test fixtures). */
class DecisionMetricsTest {
    private static final DecisionEngine ENGINE =
            new DecisionEngine(PolicySet.of(new TestPolicies.Load(PolicyKind.HPA, "concurrency", 5)));

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DecisionMetrics metrics = new DecisionMetrics(registry);

    private ServiceDecision decide(ResolvedService s, long seconds, int current, Map<String, Double> signals,
            ServiceHistory history) {
        Instant t = NOW.plusSeconds(seconds);
        ServiceDecision d = ENGINE.decide(tick(s, t, inputs(s, ComponentKind.ENGINE, current, signals, FRESH, t)),
                history);
        metrics.record(s, d, Duration.ofMillis(2));
        return d;
    }

    @Test
    void replicasBoundsSignalsAndDecisionsOfATick() {
        ResolvedService s = engineOnly("", "minReplicas: 1, maxReplicas: 4");
        // 60 / 5 = 12 wanted; the default scale-up limit allows 2 + 4 = 6; maxReplicas clamps to 4
        ServiceDecision d = decide(s, 0, 2, values("concurrency", 60), ServiceHistory.empty());
        metrics.endTick();
        ComponentDecision e = d.component(ComponentKind.ENGINE).orElseThrow();
        assertThat(e.desiredReplicas()).isEqualTo(4);
        assertThat(DecisionReason.of(e)).isEqualTo(DecisionReason.CLAMPED_MAX);

        assertThat(gauge("omescale_component_replicas", "component=engine")).containsExactly(2.0);
        assertThat(gauge("omescale_component_desired_replicas", "inferenceservice=llama-chat")).containsExactly(4.0);
        assertThat(gauge("omescale_component_min_replicas", "namespace=default")).containsExactly(1.0);
        assertThat(gauge("omescale_component_max_replicas", "namespace=default")).containsExactly(4.0);
        assertThat(gauge("omescale_signal_value", "signal=concurrency", "policy=hpa")).containsExactly(60.0);
        assertThat(gauge("omescale_signal_target", "signal=concurrency", "policy=hpa")).containsExactly(5.0);
        assertThat(counter("omescale_decisions", "outcome=scale_up", "reason=clamped_max")).containsExactly(1.0);
        HistogramSnapshot.HistogramDataPointSnapshot h = (HistogramSnapshot.HistogramDataPointSnapshot)
                points("omescale_decision_duration_seconds", "inferenceservice=llama-chat").get(0);
        assertThat(h.getCount()).isEqualTo(1);
        assertThat(h.getSum()).isEqualTo(0.002);
    }

    @Test
    void aMissingInputLosesItsValueButKeepsItsTargetAndHoldsForMissingData() {
        ResolvedService s = engineOnly("", "minReplicas: 1, maxReplicas: 4");
        ServiceDecision first = decide(s, 0, 2, values("concurrency", 10), ServiceHistory.empty());
        metrics.endTick();
        decide(s, 15, 2, values("concurrency", null), first.next());
        metrics.endTick();
        assertThat(gauge("omescale_signal_value", "signal=concurrency")).isEmpty();
        assertThat(gauge("omescale_signal_target", "signal=concurrency")).containsExactly(5.0);
        assertThat(counter("omescale_decisions", "outcome=hold_missing_data", "reason=no_proposal"))
                .containsExactly(1.0);
        assertThat(counter("omescale_decisions", "outcome=hold", "reason=policy")).containsExactly(1.0);
    }

    @Test
    void componentsNoLongerDecidedLoseTheirGaugesButKeepTheirCounts() {
        ResolvedService s = engineOnly("", "minReplicas: 1, maxReplicas: 4");
        decide(s, 0, 2, values("concurrency", 10), ServiceHistory.empty());
        metrics.endTick();
        metrics.endTick(); // a tick that decided nothing: the InferenceService was removed
        assertThat(gauge("omescale_component_replicas", "component=engine")).isEmpty();
        assertThat(gauge("omescale_signal_target", "signal=concurrency")).isEmpty();
        assertThat(counter("omescale_decisions", "component=engine")).containsExactly(1.0);
    }

    @Test
    void aServiceWaitingOutARetryBackoffKeepsItsLastDecisionsGauges() {
        ResolvedService s = engineOnly("", "minReplicas: 1, maxReplicas: 4");
        decide(s, 0, 2, values("concurrency", 15), ServiceHistory.empty());
        metrics.endTick();
        // two rounds that do not decide it while its reconcile is backed off: its series stay, with their values
        for (int round = 0; round < 2; round++) {
            metrics.carryOver("default", "llama-chat");
            metrics.endTick();
            assertThat(gauge("omescale_component_desired_replicas", "inferenceservice=llama-chat"))
                    .containsExactly(3.0);
            assertThat(gauge("omescale_signal_value", "signal=concurrency")).containsExactly(15.0);
        }
        // another service's backoff keeps nothing of this one
        metrics.carryOver("default", "other");
        metrics.endTick();
        assertThat(gauge("omescale_component_desired_replicas", "inferenceservice=llama-chat")).isEmpty();
        assertThat(gauge("omescale_signal_value", "signal=concurrency")).isEmpty();
    }

    @Test
    void failedTicksAreCounted() {
        metrics.tickFailed();
        metrics.tickFailed();
        assertThat(counter("omescale_decision_tick_failures")).containsExactly(2.0);
    }

    private List<Double> gauge(String name, String... labels) {
        return points(name, labels).stream().map(p -> ((GaugeSnapshot.GaugeDataPointSnapshot) p).getValue()).toList();
    }

    private List<Double> counter(String name, String... labels) {
        return points(name, labels).stream().map(p -> ((CounterSnapshot.CounterDataPointSnapshot) p).getValue())
                .toList();
    }

    /** Data points of {@code name} whose labels include every {@code name=value}. */
    private List<DataPointSnapshot> points(String name, String... labels) {
        List<DataPointSnapshot> out = new ArrayList<>();
        for (MetricSnapshot m : registry.scrape()) {
            if (!m.getMetadata().getPrometheusName().equals(name)) {
                continue;
            }
            for (DataPointSnapshot d : m.getDataPoints()) {
                boolean all = true;
                for (String l : labels) {
                    String[] kv = l.split("=", 2);
                    all &= kv[1].equals(d.getLabels().get(kv[0]));
                }
                if (all) {
                    out.add(d);
                }
            }
        }
        return out;
    }
}
