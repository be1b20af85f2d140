package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.PolicyFixtures.NOW;
import static dev.omescale.scaler.policy.PolicyFixtures.engine;
import static dev.omescale.scaler.policy.PolicyFixtures.readyPods;
import static dev.omescale.scaler.policy.PolicyFixtures.signal;
import static dev.omescale.scaler.policy.PolicyFixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.omescale.scaler.hpa.PodSample;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.telemetry.signal.PodSignals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * More per-pod load never proposes fewer replicas. Pods are all ready and their count equals the current
 * replicas (a settled Deployment); a load of -1 means the pod sent no sample, so missing pods are covered too.
 */
class ScaleMetricPolicyPropertiesTest {

    private static final Map<String, EffectiveComponentSpec> SPECS = new HashMap<>();

    private static EffectiveComponentSpec spec(String metric, int target) {
        return SPECS.computeIfAbsent(metric + target, k -> engine("", "    scaleMetric: " + metric
                + "\n    scaleTarget: " + target + "\n    maxReplicas: 100\n", ""));
    }

    private static Integer concurrencyReplicas(List<Integer> loads, int target) {
        List<PodSignals> signals = new ArrayList<>();
        for (int i = 0; i < loads.size(); i++) {
            if (loads.get(i) >= 0) {
                signals.add(signal("p" + (i + 1), "concurrency", loads.get(i) / 10.0, NOW));
            }
        }
        return ScaleMetricPolicy.DEFAULT.propose(new PolicyFixtures.Inputs(spec("concurrency", target),
                loads.size()).pods(readyPods(loads.size())).podSignals(signals).build(), NoState.INSTANCE)
                .proposal().replicas();
    }

    private static Integer cpuReplicas(List<Integer> loads, int target) {
        List<PodSample> samples = new ArrayList<>();
        for (int i = 0; i < loads.size(); i++) {
            if (loads.get(i) >= 0) {
                samples.add(usage("p" + (i + 1), loads.get(i) * 10L));
            }
        }
        return ScaleMetricPolicy.DEFAULT.propose(new PolicyFixtures.Inputs(spec("cpu", target), loads.size())
                .pods(readyPods(loads.size())).usage("cpu", samples).build(), NoState.INSTANCE).proposal()
                .replicas();
    }

    private static List<Integer> raise(List<Integer> loads, int index, int delta) {
        List<Integer> out = new ArrayList<>(loads);
        int i = index % out.size();
        if (out.get(i) >= 0) {
            out.set(i, out.get(i) + delta);
        }
        return out;
    }

    @Test
    void moreConcurrencyNeverFewerReplicas() {
        qt().forAll(lists().of(integers().between(-1, 400)).ofSizeBetween(1, 8), integers().between(1, 40),
                integers().between(0, 7), integers().between(0, 200))
                .checkAssert((loads, target, index, delta) -> {
                    Integer before = concurrencyReplicas(loads, target);
                    Integer after = concurrencyReplicas(raise(loads, index, delta), target);
                    if (before == null) {
                        assertThat(after).isNull(); // every pod missing: holds either way
                    } else {
                        assertThat(after).as("loads %s target %d, +%d at %d", loads, target, delta, index)
                                .isGreaterThanOrEqualTo(before);
                    }
                });
    }

    @Test
    void moreCpuNeverFewerReplicas() {
        qt().forAll(lists().of(integers().between(-1, 300)).ofSizeBetween(1, 8), integers().between(10, 150),
                integers().between(0, 7), integers().between(0, 200))
                .checkAssert((loads, target, index, delta) -> {
                    Integer before = cpuReplicas(loads, target);
                    Integer after = cpuReplicas(raise(loads, index, delta), target);
                    if (before == null) {
                        assertThat(after).isNull();
                    } else {
                        assertThat(after).as("loads %s target %d%%, +%d at %d", loads, target, delta, index)
                                .isGreaterThanOrEqualTo(before);
                    }
                });
    }

    @Test
    void missingSamplesNeverScaleDownBelowWhatThePresentSamplesAsk() {
        // dropping a pod's sample (telemetry lost it) never proposes fewer replicas than having it at 0 load would
        qt().forAll(lists().of(integers().between(0, 400)).ofSizeBetween(2, 8), integers().between(1, 40),
                integers().between(0, 7))
                .checkAssert((loads, target, index) -> {
                    List<Integer> zero = new ArrayList<>(loads);
                    zero.set(index % zero.size(), 0);
                    List<Integer> lost = new ArrayList<>(loads);
                    lost.set(index % lost.size(), -1);
                    assertThat(concurrencyReplicas(lost, target)).as("loads %s target %d, lost %d", loads, target,
                            index).isGreaterThanOrEqualTo(concurrencyReplicas(zero, target));
                });
    }
}
