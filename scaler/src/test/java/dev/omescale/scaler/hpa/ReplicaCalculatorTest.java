package dev.omescale.scaler.hpa;

import static dev.omescale.scaler.hpa.Fixtures.NOW;
import static dev.omescale.scaler.hpa.Fixtures.notReady;
import static dev.omescale.scaler.hpa.Fixtures.pending;
import static dev.omescale.scaler.hpa.Fixtures.ready;
import static dev.omescale.scaler.hpa.Fixtures.sample;
import static dev.omescale.scaler.hpa.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaCalculatorTest {

    private static final ReplicaCalculator CALC = ReplicaCalculator.DEFAULT;
    private static final ReplicaCalculator LEGACY_CALC =
            new ReplicaCalculator(HpaControllerConfig.DEFAULT.withToleranceForm(ToleranceForm.LEGACY));
    private static final Tolerances T = Tolerances.DEFAULT;

    // ---------- helpers building one metric's inputs ----------

    private static List<PodInfo> readyPods(int n, long request) {
        List<PodInfo> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(ready("p" + i, request));
        }
        return pods;
    }

    private static List<PodSample> samples(long... values) {
        List<PodSample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(sample("p" + i, values[i]));
        }
        return samples;
    }

    private static MetricResult cpuUtilization(int spec, int target, List<PodInfo> pods, List<PodSample> samples) {
        return CALC.resourceUtilization(MetricSourceType.RESOURCE, "cpu", spec, target, pods, samples, T, NOW);
    }

    private static MetricResult memUtilization(int spec, int target, List<PodInfo> pods, List<PodSample> samples) {
        return CALC.resourceUtilization(MetricSourceType.RESOURCE, "memory", spec, target, pods, samples, T, NOW);
    }

    private static MetricResult podsAverage(int spec, long target, List<PodInfo> pods, List<PodSample> samples) {
        return CALC.podsAverageValue(spec, target, pods, samples, T, NOW);
    }

    private static int replicas(MetricResult result) {
        assertThat(result).isInstanceOf(ReplicaProposal.class);
        return ((ReplicaProposal) result).replicas();
    }

    // ---------- section 10.1 ----------

    static Stream<Arguments> vectors10_1() {
        List<PodInfo> fivePods = readyPods(5, 1000);
        return Stream.of(
                Arguments.of("External AverageValue: r = 8600/(2150×3) = 1.333",
                        (Supplier<MetricResult>) () -> CALC.externalAverageValue(3, 2150,
                                List.of(value(8600)), T), 4, 2867L),
                Arguments.of("External AverageValue within tolerance: r = 0.98851",
                        (Supplier<MetricResult>) () -> CALC.externalAverageValue(3, 2900,
                                List.of(value(8600)), T), 3, 2867L),
                Arguments.of("External AverageValue, per-direction tolerance up 0.01: r = 1.0238",
                        (Supplier<MetricResult>) () -> CALC.externalAverageValue(3, 2800,
                                List.of(value(8600)), new Tolerances(0.1, 0.01)), 4, 2867L),
                Arguments.of("External Value, readiness [F, T, F]: ceil(1.9545 × 1)",
                        (Supplier<MetricResult>) () -> CALC.externalValue(3, 4400, List.of(value(8600)),
                                List.of(notReady("a", 1000), ready("b"), notReady("c", 1000)), T), 2, 8600L),
                Arguments.of("Pods AverageValue: 5 × 12000m, T 20000m, r = 0.6",
                        (Supplier<MetricResult>) () -> podsAverage(5, 20000, readyPods(5, 1000),
                                samples(12000, 12000, 12000, 12000, 12000)), 3, 12000L),
                Arguments.of("CPU Utilization: util 28, r 0.56, ceil 2.8",
                        (Supplier<MetricResult>) () -> cpuUtilization(5, 50, fivePods,
                                samples(100, 300, 500, 250, 250)), 3, 28L),
                Arguments.of("CPU, missing pods on scale-down: util 24, filled util 62",
                        (Supplier<MetricResult>) () -> cpuUtilization(4, 100, readyPods(4, 1000),
                                samples(400, 95)), 3, 24L),
                Arguments.of("CPU, superfluous samples: util 587 (587.5 truncated)",
                        (Supplier<MetricResult>) () -> cpuUtilization(4, 100, readyPods(4, 1000),
                                samples(4000, 9500, 3000, 7000, 3200, 2000)), 24, 587L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors10_1")
    void section10_1(String name, Supplier<MetricResult> compute, int expectedReplicas, long expectedCurrent) {
        MetricResult result = compute.get();
        assertThat(replicas(result)).isEqualTo(expectedReplicas);
        assertThat(((ReplicaProposal) result).current()).isEqualTo(expectedCurrent);
    }

    @Test
    void utilizationReportsTheRawAverageToo() {
        ReplicaProposal p = (ReplicaProposal) cpuUtilization(5, 50, readyPods(5, 1000),
                samples(100, 300, 500, 250, 250));
        assertThat(p.current()).isEqualTo(28);
        assertThat(p.averageMilli()).isEqualTo(280);
        assertThat(p.timestamp()).isEqualTo(NOW);
    }

    // ---------- section 10.4 through the calculator ----------

    @Test
    void vector10_4_exactly1_1HoldsIn1_33AndScalesInLegacy() {
        List<PodInfo> pods = readyPods(4, 1000);
        List<PodSample> s = samples(1100, 1100, 1100, 1100);
        assertThat(replicas(CALC.podsAverageValue(4, 1000, pods, s, T, NOW))).isEqualTo(4);
        assertThat(replicas(LEGACY_CALC.podsAverageValue(4, 1000, pods, s, T, NOW))).isEqualTo(5);
        // Object Value and External AverageValue use the same test
        assertThat(replicas(CALC.objectValue(4, 1000, value(1100), pods, T))).isEqualTo(4);
        assertThat(replicas(LEGACY_CALC.objectValue(4, 1000, value(1100), pods, T))).isEqualTo(5);
        assertThat(replicas(CALC.externalAverageValue(4, 1000, List.of(value(4400)), T))).isEqualTo(4);
        assertThat(replicas(LEGACY_CALC.externalAverageValue(4, 1000, List.of(value(4400)), T))).isEqualTo(5);
    }

    // ---------- flow A branches ----------

    static Stream<Arguments> flowA() {
        return Stream.of(
                // tolerance edges, no missing or unready pods
                Arguments.of("avg exactly 0.9 × T holds", 4, 1000L, readyPods(4, 1000),
                        samples(900, 900, 900, 900), 4),
                Arguments.of("avg 899 just below 0.9 scales down", 4, 1000L, readyPods(4, 1000),
                        samples(899, 899, 899, 899), 4), // ceil(0.899 × 4) = ceil(3.596) = 4
                Arguments.of("avg 800 scales down", 4, 1000L, readyPods(4, 1000),
                        samples(800, 800, 800, 800), 4), // ceil(3.2) = 4
                Arguments.of("avg 700 scales down", 4, 1000L, readyPods(4, 1000),
                        samples(700, 700, 700, 700), 3), // ceil(2.8) = 3
                Arguments.of("avg 1101 just above 1.1 scales up", 4, 1000L, readyPods(4, 1000),
                        samples(1101, 1101, 1101, 1101), 5),
                Arguments.of("int64 average truncates: (1000+1000+1201)/3 = 1067", 3, 1000L, readyPods(3, 1000),
                        samples(1000, 1000, 1201), 3),
                Arguments.of("ceil uses ready pods, not spec", 10, 1000L, readyPods(2, 1000),
                        samples(2000, 2000), 4),
                // missing pods on scale-up: substitute 0
                Arguments.of("missing on scale-up: 2000,2000,+0,+0 → r' 1.0 holds", 4, 1000L,
                        readyPods(4, 1000), samples(2000, 2000), 4),
                Arguments.of("missing on scale-up: 3000,3000,+0 → r' 2.0, ceil(2 × 3) = 6", 3, 1000L,
                        readyPods(3, 1000), samples(3000, 3000), 6),
                // missing pods on scale-down: substitute the target
                Arguments.of("missing on scale-down: 100,100,+T,+T → r' 0.55, ceil(2.2) = 3", 4, 1000L,
                        readyPods(4, 1000), samples(100, 100), 3),
                Arguments.of("missing on scale-down, filled set within tolerance holds", 10, 1000L,
                        readyPods(10, 1000), samples(500), 10), // r' = (500 + 9000)/10 = 950 → within
                // r == 1 with missing pods: nothing substituted (≥ 1.33), so r' = 1 holds
                Arguments.of("missing with r exactly 1: not filled, holds", 2, 1000L, readyPods(2, 1000),
                        samples(1000), 2),
                // unready pods on scale-up: zero-filled (for averages only unready pods can flip the direction)
                Arguments.of("unready with r > 1: zero-filled, r' = 4000/2/1000 = 2, ceil(2 × 2) = 4", 2, 1000L,
                        List.of(ready("p0"), pending("p1", 1000)), samples(4000), 4),
                Arguments.of("unready with r > 1 but r' within tolerance holds", 2, 1000L,
                        List.of(ready("p0"), pending("p1", 1000)), samples(2100), 2),
                Arguments.of("unready with r > 1 flipping to r' < 1 holds", 3, 1000L,
                        List.of(ready("p0"), pending("p1", 1000), pending("p2", 1000)), samples(1500), 3),
                Arguments.of("unready with r < 1: ignored, ceil(0.5 × 1)", 3, 1000L,
                        List.of(ready("p0"), pending("p1", 1000), pending("p2", 1000)), samples(500), 1),
                // n guard: r' > 1 but ceil(r' × count) < spec
                Arguments.of("n < spec on scale-up holds spec", 10, 1000L,
                        List.of(ready("p0"), pending("p1", 1000)), samples(3000), 10),
                // n guard: r' < 1 but ceil(r' × count) > spec
                Arguments.of("n > spec on scale-down holds spec", 1, 1000L, readyPods(4, 1000),
                        samples(100, 100), 1),
                // unlisted samples count in the average and in the sample count, not in ready pods
                Arguments.of("unlisted sample joins the average: (3000 + 1000)/2 = 2000, ceil(2 × 1) = 2", 1,
                        1000L, readyPods(1, 1000), List.of(sample("p0", 3000), sample("ghost", 1000)), 2),
                Arguments.of("unlisted sample joins the count after substitution", 2, 1000L,
                        List.of(ready("p0"), pending("p1", 1000)),
                        List.of(sample("p0", 3000), sample("ghost", 3000)), 6)); // r' = 6000/3/1000 = 2 → ceil(6)
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flowA")
    void flowABranches(String name, int spec, long target, List<PodInfo> pods, List<PodSample> samples,
            int expected) {
        assertThat(replicas(podsAverage(spec, target, pods, samples))).isEqualTo(expected);
    }

    static Stream<Arguments> utilizationBranches() {
        return Stream.of(
                // util = 600×100/2000 = 30, r = 0.2; missing filled at 1000 × 150/100 = 1500 each →
                // util (600+3000)×100/4000 = 90, r' = 0.6, ceil(0.6 × 4) = ceil(2.4000000000000004) = 3
                Arguments.of("target 150: missing filled at 1.5 × request", 4, 150,
                        readyPods(4, 1000), samples(300, 300), 3),
                // util = 200×100/2000 = 10, r = 0.2; fill 1000 each → util 2200×100/4000 = 55, r' = 1.1 > 1:
                // the direction flipped, hold spec 4
                Arguments.of("target 50: missing filled at the full request (max(100, 50)), flip holds", 4, 50,
                        readyPods(4, 1000), samples(100, 100), 4),
                // util = 300×100/1000 = 30, r = 0.3, ceil(0.3 × 2) = 1
                Arguments.of("uneven requests weight the utilization", 2, 100,
                        List.of(ready("p0", 100), ready("p1", 900)), samples(300, 0), 1),
                // util = 260, r = 5.2; zero-fill p1 → 260×100/400 = 65, r' = 1.3, ceil(1.3 × 2) = 3
                Arguments.of("unready zero-fill weighted by request", 2, 50,
                        List.of(ready("p0", 100), pending("p1", 300)), samples(260), 3),
                // util = 300, r = 3; zero-fill p1 → 3000×100/2000 = 150, r' = 1.5, ceil(1.5 × 3 samples) = 5
                Arguments.of("unlisted samples have no request: ratio ignores them, count does not", 1, 100,
                        List.of(ready("p0", 1000), pending("p1", 1000)),
                        List.of(sample("p0", 3000), sample("ghost", 3000)), 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("utilizationBranches")
    void utilizationFlowA(String name, int spec, int target, List<PodInfo> pods, List<PodSample> samples,
            int expected) {
        assertThat(replicas(memUtilization(spec, target, pods, samples))).isEqualTo(expected);
    }

    @Test
    void utilizationIsTruncatedToAnInteger() {
        // 1999 × 100 / 2000 = 99.95 → 99; r = 99/90 = 1.1 exactly → within in the 1.33 form
        ReplicaProposal p = (ReplicaProposal) memUtilization(2, 90, readyPods(2, 1000), samples(1000, 999));
        assertThat(p.current()).isEqualTo(99);
        assertThat(p.replicas()).isEqualTo(2);
    }

    @Test
    void cpuReadinessDropsStartingPodsOnlyForCpu() {
        Instant justStarted = NOW.minusSeconds(20);
        List<PodInfo> pods = List.of(ready("p0"),
                new PodInfo("p1", PodPhase.RUNNING, false, ReadyCondition.TRUE, justStarted, justStarted, 1000));
        List<PodSample> s = samples(2000, 2000);
        // cpu: p1's sample predates transition + window → unready; r = 2 → zero-fill → r' = 1.0 → hold 2
        assertThat(replicas(cpuUtilization(2, 100, pods, s))).isEqualTo(2);
        // memory: both ready, r = 2, ceil(2 × 2) = 4
        assertThat(replicas(memUtilization(2, 100, pods, s))).isEqualTo(4);
    }

    // ---------- errors ----------

    @Test
    void noPodsIsAnError() {
        assertThat(podsAverage(1, 1000, List.of(), samples(1)))
                .isEqualTo(new MetricError(ConditionReason.FAILED_GET_PODS_METRIC,
                        "no pods returned by selector while calculating replica count"));
        assertThat(cpuUtilization(1, 50, List.of(), samples(1)))
                .isEqualTo(new MetricError(ConditionReason.FAILED_GET_RESOURCE_METRIC,
                        "failed to get cpu utilization: no pods returned by selector while calculating replica"
                                + " count"));
    }

    @Test
    void noUsableSamplesIsAnError() {
        MetricResult result = podsAverage(2, 1000, List.of(ready("p0"), pending("p1", 1000)),
                List.of(sample("p1", 5000)));
        assertThat(result).isEqualTo(new MetricError(ConditionReason.FAILED_GET_PODS_METRIC,
                "did not receive metrics for targeted pods (pods might be unready)"));
        MetricResult container = CALC.resourceAverageValue(MetricSourceType.CONTAINER_RESOURCE, "cpu", 2, 100,
                List.of(ready("p0")), List.of(), T, NOW);
        assertThat(container).isEqualTo(new MetricError(ConditionReason.FAILED_GET_CONTAINER_RESOURCE_METRIC,
                "failed to get cpu usage: did not receive metrics for targeted pods (pods might be unready)"));
    }

    @Test
    void missingRequestIsAnErrorEvenOnAnIgnoredPod() {
        List<PodInfo> pods = List.of(ready("p0"), new PodInfo("gone", PodPhase.FAILED, false,
                ReadyCondition.FALSE, null, null, PodInfo.NO_REQUEST));
        MetricResult result = cpuUtilization(1, 50, pods, samples(100));
        assertThat(result).isInstanceOf(MetricError.class);
        MetricError error = (MetricError) result;
        assertThat(error.reason()).isEqualTo(ConditionReason.FAILED_GET_RESOURCE_METRIC);
        assertThat(error.message()).contains("missing request for cpu in Pod gone", "resources.requests.cpu");
    }

    @Test
    void zeroRequestsMatchNoPods() {
        MetricResult result = memUtilization(1, 50, readyPods(1, 0), samples(100));
        assertThat(result).isEqualTo(new MetricError(ConditionReason.FAILED_GET_RESOURCE_METRIC,
                "failed to get memory utilization: no metrics returned matched known pods"));
    }

    @Test
    void externalWithoutItemsIsAnError() {
        MetricError expected = new MetricError(ConditionReason.FAILED_GET_EXTERNAL_METRIC,
                "no metrics returned from external metrics API");
        assertThat(CALC.externalValue(1, 1000, List.of(), readyPods(1, 1000), T)).isEqualTo(expected);
        assertThat(CALC.externalAverageValue(1, 1000, List.of(), T)).isEqualTo(expected);
    }

    @Test
    void valueTargetWithoutPodsIsAnErrorOnlyWhenItMustCountThem() {
        assertThat(CALC.objectValue(2, 1000, value(5000), List.of(), T))
                .isEqualTo(new MetricError(ConditionReason.FAILED_GET_OBJECT_METRIC,
                        "unable to calculate ready pods: no pods returned by selector while calculating replica"
                                + " count"));
        assertThat(replicas(CALC.objectValue(2, 1000, value(1000), List.of(), T))).isEqualTo(2);
    }

    @Test
    void nonPositiveTargetsAreRejected() {
        assertThatThrownBy(() -> podsAverage(1, 0, readyPods(1, 1000), samples(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targets > 0");
        assertThatThrownBy(() -> cpuUtilization(1, 0, readyPods(1, 1000), samples(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CALC.resourceUtilization(MetricSourceType.PODS, "cpu", 1, 50,
                readyPods(1, 1000), samples(1), T, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------- flows B and C ----------

    static Stream<Arguments> flowsBAndC() {
        List<PodInfo> mixed = List.of(ready("a"), notReady("b", 1000), pending("c", 1000),
                new PodInfo("d", PodPhase.RUNNING, false, ReadyCondition.UNKNOWN, null, null, 0),
                new PodInfo("e", PodPhase.RUNNING, true, ReadyCondition.TRUE, null, null, 0));
        return Stream.of(
                Arguments.of("Object Value within tolerance holds spec",
                        (Supplier<MetricResult>) () -> CALC.objectValue(7, 1000, value(1050), mixed, T), 7),
                Arguments.of("Object Value counts Running+Ready pods (deleted ones too): ceil(3 × 2)",
                        (Supplier<MetricResult>) () -> CALC.objectValue(7, 1000, value(3000), mixed, T), 6),
                Arguments.of("Object Value from zero replicas: ceil(r)",
                        (Supplier<MetricResult>) () -> CALC.objectValue(0, 1000, value(2500), mixed, T), 3),
                Arguments.of("Object Value from zero replicas skips the tolerance",
                        (Supplier<MetricResult>) () -> CALC.objectValue(0, 1000, value(1050), mixed, T), 2),
                Arguments.of("Object Value from zero replicas and no load stays at 0",
                        (Supplier<MetricResult>) () -> CALC.objectValue(0, 1000, value(0), List.of(), T), 0),
                Arguments.of("External Value sums items",
                        (Supplier<MetricResult>) () -> CALC.externalValue(1, 1000,
                                List.of(value(1500), value(1500)), List.of(ready("a")), T), 3),
                Arguments.of("External Value capped at MaxInt32 replicas",
                        (Supplier<MetricResult>) () -> CALC.externalValue(1, 1,
                                List.of(value(Long.MAX_VALUE), value(5)), List.of(ready("a")), T),
                        Integer.MAX_VALUE),
                Arguments.of("Object AverageValue: ceil(usage / T)",
                        (Supplier<MetricResult>) () -> CALC.objectAverageValue(2, 1000, value(5001), T), 6),
                Arguments.of("Object AverageValue within: status replicas",
                        (Supplier<MetricResult>) () -> CALC.objectAverageValue(5, 1000, value(5400), T), 5),
                Arguments.of("External AverageValue scales to zero when idle",
                        (Supplier<MetricResult>) () -> CALC.externalAverageValue(3, 1000, List.of(value(0)), T), 0),
                Arguments.of("External AverageValue: a negative sum reads as overflow → MaxInt32 replicas",
                        (Supplier<MetricResult>) () -> CALC.externalAverageValue(3, 1000,
                                List.of(value(-5)), T), Integer.MAX_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flowsBAndC")
    void flowsBAndCBranches(String name, Supplier<MetricResult> compute, int expected) {
        assertThat(replicas(compute.get())).isEqualTo(expected);
    }

    @Test
    void externalSumsAreCappedAsTheControllerCapsThem() {
        ReplicaProposal value = (ReplicaProposal) CALC.externalValue(1, 1000,
                List.of(value(Long.MAX_VALUE - 1), value(10)), List.of(ready("a")), T);
        assertThat(value.current()).isEqualTo(Long.MAX_VALUE);
        ReplicaProposal average = (ReplicaProposal) CALC.externalAverageValue(2, 1000,
                List.of(value(Long.MAX_VALUE), value(1)), T);
        assertThat(average.current()).isEqualTo(Long.MAX_VALUE);
        ReplicaProposal ordinary = (ReplicaProposal) CALC.externalAverageValue(3, 1000,
                List.of(value(1000), value(1001)), T);
        assertThat(ordinary.current()).isEqualTo(667); // ceil(2001 / 3)
    }

    @Test
    void timestampIsTheFirstListedItemOrSample() {
        Instant first = NOW.minusSeconds(7);
        ReplicaProposal p = (ReplicaProposal) CALC.externalAverageValue(1, 1000,
                List.of(new MetricValue(1000, first), value(1000)), T);
        assertThat(p.timestamp()).isEqualTo(first);
        ReplicaProposal q = (ReplicaProposal) podsAverage(1, 1000, readyPods(1, 1000),
                List.of(new PodSample("ghost", 1, first, Fixtures.WINDOW), sample("p0", 1000)));
        assertThat(q.timestamp()).isEqualTo(first);
    }
}
