package dev.omescale.scaler.hpa;

import static dev.omescale.scaler.hpa.Fixtures.LONG_AGO;
import static dev.omescale.scaler.hpa.Fixtures.NOW;
import static dev.omescale.scaler.hpa.Fixtures.WINDOW;
import static dev.omescale.scaler.hpa.Fixtures.ready;
import static dev.omescale.scaler.hpa.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodGroupingTest {

    private static final Duration INIT = Duration.ofSeconds(300);
    private static final Duration DELAY = Duration.ofSeconds(30);

    private static PodGroups group(List<PodInfo> pods, List<PodSample> samples, boolean cpu) {
        return PodGrouping.group(pods, samples, cpu, NOW, INIT, DELAY);
    }

    @Test
    void rulesOneToThreeApplyToEveryMetric() {
        List<PodInfo> pods = List.of(
                Fixtures.withPhase("deleted", PodPhase.RUNNING, true),
                Fixtures.withPhase("failed", PodPhase.FAILED, false),
                Fixtures.pending("pending", 1000),
                ready("no-sample"),
                ready("ok"),
                Fixtures.notReady("not-ready", 1000),
                Fixtures.withPhase("succeeded", PodPhase.SUCCEEDED, false));
        List<PodSample> samples = List.of(sample("deleted", 1), sample("failed", 2), sample("pending", 3),
                sample("ok", 4), sample("not-ready", 5), sample("succeeded", 6), sample("elsewhere", 7));
        PodGroups groups = group(pods, samples, false);
        assertThat(groups.ignored()).containsExactly("deleted", "failed");
        assertThat(groups.unready()).containsExactly("pending");
        assertThat(groups.missing()).containsExactly("no-sample");
        // non-cpu metrics do not check readiness: a NotReady Running pod with a sample counts as ready
        assertThat(groups.ready()).extracting(PodSample::pod).containsExactly("ok", "not-ready", "succeeded");
        assertThat(groups.unlisted()).extracting(PodSample::pod).containsExactly("elsewhere");
    }

    @Test
    void deletedPendingPodIsIgnoredNotUnready() {
        PodInfo pod = new PodInfo("p", PodPhase.PENDING, true, ReadyCondition.FALSE, null, null, 1000);
        assertThat(group(List.of(pod), List.of(), true).ignored()).containsExactly("p");
    }

    @Test
    void aPodsLastSampleCounts() {
        PodGroups groups = group(List.of(ready("a")), List.of(sample("a", 1), sample("a", 9)), false);
        assertThat(groups.ready()).extracting(PodSample::valueMilli).containsExactly(9L);
    }

    static Stream<Arguments> cpuRules() {
        Instant recently = NOW.minusSeconds(100); // inside the 300 s initialization period
        return Stream.of(
                // rule 4: no Ready condition, or no start time
                Arguments.of("rule 4: no Ready condition",
                        pod(ReadyCondition.ABSENT, LONG_AGO, LONG_AGO), NOW, false),
                Arguments.of("rule 4: no start time",
                        pod(ReadyCondition.TRUE, null, LONG_AGO), NOW, false),
                // rule 5: within start + 300 s
                Arguments.of("rule 5: initializing, Ready False",
                        pod(ReadyCondition.FALSE, recently, recently), NOW, false),
                Arguments.of("rule 5: initializing, Ready, sample taken before transition + window",
                        pod(ReadyCondition.TRUE, recently, NOW.minusSeconds(30)), NOW, false),
                Arguments.of("rule 5: initializing, Ready, sample exactly at transition + window",
                        pod(ReadyCondition.TRUE, recently, NOW.minus(WINDOW)), NOW, true),
                Arguments.of("rule 5: initializing, Ready, sample 1 ns before transition + window",
                        pod(ReadyCondition.TRUE, recently, NOW.minus(WINDOW).plusNanos(1)), NOW, false),
                Arguments.of("rule 5: initializing, Ready Unknown counts like True",
                        pod(ReadyCondition.UNKNOWN, recently, NOW.minusSeconds(90)), NOW, true),
                Arguments.of("rule 5: initializing, unset transition time reads as Go's zero time",
                        pod(ReadyCondition.TRUE, recently, null), NOW, true),
                Arguments.of("rule 5: start + 300 s is 1 ns after now, still initializing",
                        pod(ReadyCondition.FALSE, NOW.minus(INIT).plusNanos(1), LONG_AGO), NOW, false),
                // rule 6: start + 300 s not after now
                Arguments.of("rule 6: start + 300 s exactly now, Ready False, became ready once",
                        pod(ReadyCondition.FALSE, NOW.minus(INIT), NOW.minus(INIT).plusSeconds(31)), NOW, true),
                Arguments.of("rule 6: Ready False, transition exactly at start + 30 s (not before it)",
                        pod(ReadyCondition.FALSE, LONG_AGO, LONG_AGO.plus(DELAY)), NOW, true),
                Arguments.of("rule 6: Ready False, transition 1 s before start + 30 s (never ready)",
                        pod(ReadyCondition.FALSE, LONG_AGO, LONG_AGO.plus(DELAY).minusSeconds(1)), NOW, false),
                Arguments.of("rule 6: Ready True long after start, sample age irrelevant",
                        pod(ReadyCondition.TRUE, LONG_AGO, NOW.minusSeconds(1)), NOW, true),
                Arguments.of("rule 6: Ready Unknown is not False",
                        pod(ReadyCondition.UNKNOWN, LONG_AGO, LONG_AGO), NOW, true),
                Arguments.of("rule 6: Ready False with unset transition time (zero time is before start)",
                        pod(ReadyCondition.FALSE, LONG_AGO, null), NOW, false));
    }

    private static PodInfo pod(ReadyCondition ready, Instant start, Instant transition) {
        return new PodInfo("p", PodPhase.RUNNING, false, ready, start, transition, 1000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cpuRules")
    void cpuReadinessRules(String name, PodInfo pod, Instant sampleTime, boolean ready) {
        PodSample sample = new PodSample("p", 100, sampleTime, WINDOW);
        PodGroups cpu = PodGrouping.group(List.of(pod), List.of(sample), true, NOW, INIT, DELAY);
        assertThat(cpu.ready().isEmpty()).isEqualTo(!ready);
        assertThat(cpu.unready().isEmpty()).isEqualTo(ready);
        // the same pod on a non-cpu metric is always ready
        PodGroups other = PodGrouping.group(List.of(pod), List.of(sample), false, NOW, INIT, DELAY);
        assertThat(other.ready()).hasSize(1);
    }
}
