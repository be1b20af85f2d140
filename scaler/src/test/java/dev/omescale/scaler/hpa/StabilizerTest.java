package dev.omescale.scaler.hpa;

import static dev.omescale.scaler.hpa.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StabilizerTest {

    private static final Duration FIVE_MIN = Duration.ofSeconds(300);

    /** History from (replicas, seconds ago) pairs. */
    private static RecommendationHistory history(int... pairs) {
        List<Recommendation> entries = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            entries.add(new Recommendation(pairs[i], NOW.minusSeconds(pairs[i + 1])));
        }
        return new RecommendationHistory(entries);
    }

    static Stream<Arguments> legacyRows() {
        return Stream.of(
                Arguments.of("empty history: desired", history(), 3, 3, ConditionReason.READY_FOR_NEW_SCALE),
                Arguments.of("higher recent entry holds", history(8, 100), 3, 8,
                        ConditionReason.SCALE_DOWN_STABILIZED),
                Arguments.of("entry exactly at now − 300 s still counts", history(8, 300), 3, 8,
                        ConditionReason.SCALE_DOWN_STABILIZED),
                Arguments.of("entry 301 s old no longer counts", history(8, 301), 3, 3,
                        ConditionReason.READY_FOR_NEW_SCALE),
                Arguments.of("scale-up is never held back", history(2, 10, 4, 20), 9, 9,
                        ConditionReason.READY_FOR_NEW_SCALE),
                Arguments.of("max over several", history(5, 10, 7, 200, 6, 299), 1, 7,
                        ConditionReason.SCALE_DOWN_STABILIZED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("legacyRows")
    void legacyStabilization(String name, RecommendationHistory h, int desired, int expected,
            ConditionReason reason) {
        Stabilizer.Stabilized s = Stabilizer.legacy(h, desired, NOW, FIVE_MIN);
        assertThat(s.recommendation()).isEqualTo(expected);
        assertThat(s.ableToScale().reason()).isEqualTo(reason);
        assertThat(s.ableToScale().status()).isTrue();
    }

    @Test
    void legacyStoreReplacesTheLastOldEntryElseAppends() {
        RecommendationHistory h = history(1, 400, 2, 10, 3, 500, 4, 20);
        Stabilizer.Stabilized s = Stabilizer.legacy(h, 9, NOW, FIVE_MIN);
        assertThat(s.history()).isEqualTo(history(1, 400, 2, 10, 9, 0, 4, 20));
        Stabilizer.Stabilized appended = Stabilizer.legacy(history(2, 300), 9, NOW, FIVE_MIN);
        assertThat(appended.history()).isEqualTo(history(2, 300, 9, 0)); // at the cutoff is not old
    }

    static Stream<Arguments> behaviorRows() {
        return Stream.of(
                // current, desired, up window, down window, history, expected, reason
                Arguments.of("no history: desired", 5, 3, 0, 300, history(), 3,
                        ConditionReason.READY_FOR_NEW_SCALE),
                Arguments.of("down window holds the highest recent", 5, 3, 0, 300, history(5, 100), 5,
                        ConditionReason.SCALE_DOWN_STABILIZED),
                Arguments.of("down window partially: clamps to max of window", 10, 3, 0, 300,
                        history(6, 100, 4, 200), 6, ConditionReason.SCALE_DOWN_STABILIZED),
                Arguments.of("entry exactly at now − downWindow does not count (strict)", 5, 3, 0, 300,
                        history(5, 300), 3, ConditionReason.READY_FOR_NEW_SCALE),
                Arguments.of("entry 1 s inside the down window counts", 5, 3, 0, 300, history(5, 299), 5,
                        ConditionReason.SCALE_DOWN_STABILIZED),
                Arguments.of("up window 0: scale-up immediate", 2, 8, 0, 300, history(2, 1), 8,
                        ConditionReason.READY_FOR_NEW_SCALE),
                Arguments.of("up window holds the lowest recent", 2, 8, 60, 300, history(4, 30), 4,
                        ConditionReason.SCALE_UP_STABILIZED),
                Arguments.of("up window: lowest below current keeps current", 5, 8, 60, 300, history(3, 30), 5,
                        ConditionReason.SCALE_UP_STABILIZED),
                Arguments.of("up window entry exactly at cutoff does not count", 2, 8, 60, 300, history(4, 60), 8,
                        ConditionReason.READY_FOR_NEW_SCALE),
                Arguments.of("desired == current with a higher entry: current is within [up, down], ready",
                        5, 5, 0, 300, history(9, 10), 5, ConditionReason.READY_FOR_NEW_SCALE),
                Arguments.of("both windows: rec between", 6, 6, 60, 300, history(4, 30, 9, 100), 6,
                        ConditionReason.READY_FOR_NEW_SCALE),
                Arguments.of("down window 0 disables down stabilization", 5, 1, 0, 0, history(9, 0), 1,
                        ConditionReason.READY_FOR_NEW_SCALE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("behaviorRows")
    void behaviorStabilization(String name, int current, int desired, int upSeconds, int downSeconds,
            RecommendationHistory h, int expected, ConditionReason reason) {
        Stabilizer.Stabilized s = Stabilizer.withBehavior(h, current, desired, Duration.ofSeconds(upSeconds),
                Duration.ofSeconds(downSeconds), NOW);
        assertThat(s.recommendation()).isEqualTo(expected);
        assertThat(s.ableToScale().reason()).isEqualTo(reason);
    }

    @Test
    void behaviorStoreNeedsAnEntryOlderThanBothCutoffs() {
        // up window 60 s, down window 300 s: 400 s old is older than both; 100 s old is older than up only
        RecommendationHistory h = history(1, 400, 2, 100, 3, 350, 4, 10);
        Stabilizer.Stabilized s = Stabilizer.withBehavior(h, 4, 4, Duration.ofSeconds(60),
                Duration.ofSeconds(300), NOW);
        assertThat(s.history()).isEqualTo(history(1, 400, 2, 100, 4, 0, 4, 10));
        // an entry exactly at the down cutoff is neither counted nor old: appended
        Stabilizer.Stabilized t = Stabilizer.withBehavior(history(7, 300), 4, 4, Duration.ZERO,
                Duration.ofSeconds(300), NOW);
        assertThat(t.recommendation()).isEqualTo(4);
        assertThat(t.history()).isEqualTo(history(7, 300, 4, 0));
    }

    @Test
    void seedingHoldsTheCurrentCountForOneWindow() {
        RecommendationHistory seeded = RecommendationHistory.seed(6, NOW);
        assertThat(seeded.entries()).containsExactly(new Recommendation(6, NOW));
        Stabilizer.Stabilized s = Stabilizer.withBehavior(seeded, 6, 2, Duration.ZERO, FIVE_MIN,
                NOW.plusSeconds(15));
        assertThat(s.recommendation()).isEqualTo(6);
        Stabilizer.Stabilized later = Stabilizer.withBehavior(seeded, 6, 2, Duration.ZERO, FIVE_MIN,
                NOW.plusSeconds(300));
        assertThat(later.recommendation()).isEqualTo(2);
    }

    @Test
    void stabilizationReasonFollowsDesiredVersusCurrent() {
        // held back while desired ≥ current → ScaleUpStabilized; held back while desired < current → ScaleDown
        Stabilizer.Stabilized up = Stabilizer.withBehavior(history(3, 10), 2, 6, Duration.ofSeconds(60),
                Duration.ofSeconds(300), NOW);
        assertThat(up.recommendation()).isEqualTo(3);
        assertThat(up.ableToScale()).isEqualTo(HpaCondition.ableToScale(true, ConditionReason.SCALE_UP_STABILIZED,
                "recent recommendations were lower than current one, applying the lowest recent recommendation"));
        Stabilizer.Stabilized down = Stabilizer.withBehavior(history(5, 10), 6, 2, Duration.ZERO,
                Duration.ofSeconds(300), NOW);
        assertThat(down.ableToScale()).isEqualTo(HpaCondition.ableToScale(true,
                ConditionReason.SCALE_DOWN_STABILIZED,
                "recent recommendations were higher than current one, applying the highest recent recommendation"));
    }
}
