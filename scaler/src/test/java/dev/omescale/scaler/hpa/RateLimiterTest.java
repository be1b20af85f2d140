package dev.omescale.scaler.hpa;

import static dev.omescale.scaler.hpa.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RateLimiterTest {

    private static HpaScalingPolicy pods(int value, int period) {
        return new HpaScalingPolicy(HpaScalingPolicy.Type.PODS, value, period);
    }

    private static HpaScalingPolicy percent(int value, int period) {
        return new HpaScalingPolicy(HpaScalingPolicy.Type.PERCENT, value, period);
    }

    private static EffectiveRules rules(SelectPolicy select, HpaScalingPolicy... policies) {
        return new EffectiveRules(0, select, List.of(policies), 0.1);
    }

    private static ScaleEvents upAt(int change, int secondsAgo) {
        return new ScaleEvents(List.of(new ScaleEvent(change, NOW.minusSeconds(secondsAgo), false)), List.of());
    }

    private static ScaleEvents downAt(int change, int secondsAgo) {
        return new ScaleEvents(List.of(), List.of(new ScaleEvent(change, NOW.minusSeconds(secondsAgo), false)));
    }

    // ---------- section 10.2 ----------

    static Stream<Arguments> vectors10_2Up() {
        return Stream.of(
                Arguments.of("Pods 4 / 60 s", 5, rules(SelectPolicy.MAX, pods(4, 60)), ScaleEvents.empty(), 9),
                Arguments.of("Pods 4 / 60 s, +2 at −30 s (start 3)", 5, rules(SelectPolicy.MAX, pods(4, 60)),
                        upAt(2, 30), 7),
                Arguments.of("Disabled", 5, rules(SelectPolicy.DISABLED, pods(4, 60)), ScaleEvents.empty(), 5),
                Arguments.of("Min of {Pods 4, Pods 2}", 5, rules(SelectPolicy.MIN, pods(4, 60), pods(2, 60)),
                        ScaleEvents.empty(), 7),
                Arguments.of("Percent 50", 10, rules(SelectPolicy.MAX, percent(50, 60)), ScaleEvents.empty(), 15));
    }

    @ParameterizedTest(name = "up: {0}")
    @MethodSource("vectors10_2Up")
    void section10_2ScaleUp(String name, int current, EffectiveRules r, ScaleEvents events, int expected) {
        assertThat(RateLimiter.scaleUpLimit(current, events, r, NOW)).isEqualTo(expected);
    }

    static Stream<Arguments> vectors10_2Down() {
        return Stream.of(
                Arguments.of("Percent 20 / 60 s", 10, rules(SelectPolicy.MAX, percent(20, 60)),
                        ScaleEvents.empty(), 8),
                Arguments.of("Percent 20 / 60 s, −1 at −30 s (start 11, 8.8)", 10,
                        rules(SelectPolicy.MAX, percent(20, 60)), downAt(1, 30), 8),
                Arguments.of("Disabled", 10, rules(SelectPolicy.DISABLED, percent(20, 60)), ScaleEvents.empty(), 10),
                Arguments.of("Max of {Percent 10, Pods 5} → min(90, 95)", 100,
                        rules(SelectPolicy.MAX, percent(10, 60), pods(5, 60)), ScaleEvents.empty(), 90),
                Arguments.of("Min of {Percent 10, Pods 15} → max(90, 85)", 100,
                        rules(SelectPolicy.MIN, percent(10, 60), pods(15, 60)), ScaleEvents.empty(), 90));
    }

    @ParameterizedTest(name = "down: {0}")
    @MethodSource("vectors10_2Down")
    void section10_2ScaleDown(String name, int current, EffectiveRules r, ScaleEvents events, int expected) {
        assertThat(RateLimiter.scaleDownLimit(current, events, r, NOW)).isEqualTo(expected);
    }

    // ---------- section 10.3 ----------

    @ParameterizedTest(name = "up {0} × (1 + {1}/100) = {2}")
    @CsvSource({"100, 10, 111", "50, 10, 56", "100, 9, 110"})
    void section10_3Up(int start, int percent, int expected) {
        assertThat(RateLimiter.percentUp(start, percent)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "down {0} × (1 − {1}/100) = {2}")
    @CsvSource({"90, 30, 62", "75, 32, 50"})
    void section10_3Down(int start, int percent, int expected) {
        assertThat(RateLimiter.percentDown(start, percent)).isEqualTo(expected);
    }

    // ---------- policy periods and events ----------

    @ParameterizedTest(name = "event {0} s ago in a 60 s period counts: {1}")
    @CsvSource({"59, true", "60, false", "61, false", "0, true"})
    void eventsCountOnlyStrictlyInsideThePeriod(int secondsAgo, boolean counts) {
        EffectiveRules r = rules(SelectPolicy.MAX, pods(4, 60));
        assertThat(RateLimiter.scaleUpLimit(5, upAt(2, secondsAgo), r, NOW)).isEqualTo(counts ? 7 : 9);
        EffectiveRules d = rules(SelectPolicy.MAX, pods(4, 60));
        assertThat(RateLimiter.scaleDownLimit(5, downAt(2, secondsAgo), d, NOW)).isEqualTo(counts ? 3 : 1);
    }

    @Test
    void eachPolicyUsesItsOwnPeriodAndBothDirectionsOfEvents() {
        // up 3 at −30 s, down 1 at −90 s; Pods 4 / 60 s sees start 7 − 3 = 4 → 8; Pods 2 / 120 s sees start
        // 7 − 3 + 1 = 5 → 7
        ScaleEvents events = new ScaleEvents(List.of(new ScaleEvent(3, NOW.minusSeconds(30), false)),
                List.of(new ScaleEvent(1, NOW.minusSeconds(90), false)));
        assertThat(RateLimiter.scaleUpLimit(7, events, rules(SelectPolicy.MAX, pods(4, 60), pods(2, 120)), NOW))
                .isEqualTo(8);
        assertThat(RateLimiter.scaleUpLimit(7, events, rules(SelectPolicy.MIN, pods(4, 60), pods(2, 120)), NOW))
                .isEqualTo(7);
    }

    @Test
    void outdatedEventsStillCountWhileInsideAPeriod() {
        ScaleEvents events = new ScaleEvents(List.of(new ScaleEvent(2, NOW.minusSeconds(30), true)), List.of());
        assertThat(RateLimiter.scaleUpLimit(5, events, rules(SelectPolicy.MAX, pods(4, 60)), NOW)).isEqualTo(7);
    }

    @Test
    void noPoliciesGiveTheSelectorsIdentity() {
        assertThat(RateLimiter.scaleUpLimit(5, ScaleEvents.empty(), rules(SelectPolicy.MAX), NOW))
                .isEqualTo(Integer.MIN_VALUE);
        assertThat(RateLimiter.scaleDownLimit(5, ScaleEvents.empty(), rules(SelectPolicy.MAX), NOW))
                .isEqualTo(Integer.MAX_VALUE);
    }

    // ---------- behavior clamp cases ----------

    private static EffectiveBehavior behavior(EffectiveRules up, EffectiveRules down) {
        return new EffectiveBehavior(up, down);
    }

    private static final EffectiveBehavior DEFAULTS = BehaviorDefaults.apply(new HpaBehavior(null, null));

    static Stream<Arguments> behaviorClamps() {
        EffectiveBehavior disabled = behavior(rules(SelectPolicy.DISABLED, pods(4, 15)),
                rules(SelectPolicy.DISABLED, pods(4, 15)));
        EffectiveBehavior pods1 = behavior(rules(SelectPolicy.MAX, pods(1, 60)), rules(SelectPolicy.MAX, pods(1, 60)));
        return Stream.of(
                // current, stabilized, min, max, behavior, events, expected, reason, limited
                Arguments.of("defaults 1 → 20: max(1 + 4, 1 × 2) = 5", 1, 20, 1, 100, DEFAULTS,
                        ScaleEvents.empty(), 5, ConditionReason.SCALE_UP_LIMIT, true),
                Arguments.of("defaults 10 → 100: 20", 10, 100, 1, 100, DEFAULTS, ScaleEvents.empty(), 20,
                        ConditionReason.SCALE_UP_LIMIT, true),
                Arguments.of("up within the limit", 10, 12, 1, 100, DEFAULTS, ScaleEvents.empty(), 12,
                        ConditionReason.DESIRED_WITHIN_RANGE, false),
                Arguments.of("up: max below the limit → TooManyReplicas", 10, 30, 1, 15, DEFAULTS,
                        ScaleEvents.empty(), 15, ConditionReason.TOO_MANY_REPLICAS, true),
                Arguments.of("up: max below the limit, desired within max", 10, 14, 1, 15, DEFAULTS,
                        ScaleEvents.empty(), 14, ConditionReason.DESIRED_WITHIN_RANGE, false),
                Arguments.of("up: max equal to the limit → TooManyReplicas", 10, 30, 1, 20, DEFAULTS,
                        ScaleEvents.empty(), 20, ConditionReason.TOO_MANY_REPLICAS, true),
                Arguments.of("up: events exhausted the budget, limit raised to current", 5, 9, 1, 100, pods1,
                        upAt(3, 10), 5, ConditionReason.SCALE_UP_LIMIT, true),
                Arguments.of("up: Disabled keeps current", 5, 9, 1, 100, disabled, ScaleEvents.empty(), 5,
                        ConditionReason.SCALE_UP_LIMIT, true),
                Arguments.of("down: 100 % per 15 s allows anything down to min", 10, 1, 1, 100, DEFAULTS,
                        ScaleEvents.empty(), 1, ConditionReason.DESIRED_WITHIN_RANGE, false),
                Arguments.of("down: below min → TooFewReplicas", 10, 0, 2, 100, DEFAULTS, ScaleEvents.empty(), 2,
                        ConditionReason.TOO_FEW_REPLICAS, true),
                Arguments.of("down: Pods 1 → ScaleDownLimit", 10, 3, 1, 100, pods1, ScaleEvents.empty(), 9,
                        ConditionReason.SCALE_DOWN_LIMIT, true),
                Arguments.of("down: min equal to the limit → TooFewReplicas", 10, 3, 9, 100, pods1,
                        ScaleEvents.empty(), 9, ConditionReason.TOO_FEW_REPLICAS, true),
                Arguments.of("down: events exhausted the budget, limit lowered to current", 5, 2, 1, 100, pods1,
                        downAt(3, 10), 5, ConditionReason.SCALE_DOWN_LIMIT, true),
                Arguments.of("down: Disabled keeps current", 5, 2, 1, 100, disabled, ScaleEvents.empty(), 5,
                        ConditionReason.SCALE_DOWN_LIMIT, true),
                Arguments.of("down: Disabled with min at current → TooFewReplicas", 5, 2, 5, 100, disabled,
                        ScaleEvents.empty(), 5, ConditionReason.TOO_FEW_REPLICAS, true),
                Arguments.of("equal: nothing to limit", 5, 5, 1, 100, disabled, ScaleEvents.empty(), 5,
                        ConditionReason.DESIRED_WITHIN_RANGE, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("behaviorClamps")
    void behaviorPath(String name, int current, int stabilized, int min, int max, EffectiveBehavior b,
            ScaleEvents events, int expected, ConditionReason reason, boolean limited) {
        RateLimiter.Limited result = RateLimiter.withBehavior(current, stabilized, min, max, b, events, NOW);
        assertThat(result.replicas()).isEqualTo(expected);
        assertThat(result.scalingLimited().type()).isEqualTo(ConditionType.SCALING_LIMITED);
        assertThat(result.scalingLimited().reason()).isEqualTo(reason);
        assertThat(result.scalingLimited().status()).isEqualTo(limited);
    }

    // ---------- legacy ----------

    @ParameterizedTest(name = "legacy current {0}, stabilized {1}, min {2}, max {3} → {4} {5}")
    @CsvSource({
            "1, 20, 1, 100, 4, SCALE_UP_LIMIT, true",
            "4, 20, 1, 100, 8, SCALE_UP_LIMIT, true",
            "8, 20, 1, 100, 16, SCALE_UP_LIMIT, true",
            "16, 20, 1, 100, 20, DESIRED_WITHIN_RANGE, false",
            "0, 20, 0, 100, 4, SCALE_UP_LIMIT, true",
            "3, 20, 1, 5, 5, TOO_MANY_REPLICAS, true",
            "3, 20, 1, 6, 6, TOO_MANY_REPLICAS, true",   // max == upLimit: not greater, so TooManyReplicas
            "3, 5, 1, 6, 5, DESIRED_WITHIN_RANGE, false",
            "10, 1, 1, 100, 1, DESIRED_WITHIN_RANGE, false", // no scale-down limit on the legacy path
            "10, 0, 2, 100, 2, TOO_FEW_REPLICAS, true",
            "5, 5, 1, 100, 5, DESIRED_WITHIN_RANGE, false",
    })
    void legacyPath(int current, int stabilized, int min, int max, int expected, ConditionReason reason,
            boolean limited) {
        RateLimiter.Limited result = RateLimiter.legacy(current, stabilized, min, max);
        assertThat(result.replicas()).isEqualTo(expected);
        assertThat(result.scalingLimited().reason()).isEqualTo(reason);
        assertThat(result.scalingLimited().status()).isEqualTo(limited);
    }

    @Test
    void legacyScaleUpLimitIsTwiceCurrentAtLeastFour() {
        assertThat(RateLimiter.legacyScaleUpLimit(0)).isEqualTo(4);
        assertThat(RateLimiter.legacyScaleUpLimit(2)).isEqualTo(4);
        assertThat(RateLimiter.legacyScaleUpLimit(3)).isEqualTo(6);
        assertThat(RateLimiter.legacyScaleUpLimit(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }
}
