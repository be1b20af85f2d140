package dev.omescale.scaler.hpa;

import static dev.omescale.scaler.hpa.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleEventsTest {

    private static ScaleEvent at(int change, int secondsAgo, boolean outdated) {
        return new ScaleEvent(change, NOW.minusSeconds(secondsAgo), outdated);
    }

    @Test
    void recordsByDirection() {
        ScaleEvents e = ScaleEvents.empty().record(2, 5, NOW, 60).record(5, 4, NOW.plusSeconds(1), 60);
        assertThat(e.up()).containsExactly(new ScaleEvent(3, NOW, false));
        assertThat(e.down()).containsExactly(new ScaleEvent(1, NOW.plusSeconds(1), false));
    }

    @Test
    void newEventTakesTheLastOutdatedSlot() {
        ScaleEvents e = new ScaleEvents(List.of(at(1, 100, false), at(2, 10, false), at(3, 90, false)), List.of());
        ScaleEvents next = e.record(4, 8, NOW, 60);
        assertThat(next.up()).containsExactly(at(1, 100, true), at(2, 10, false), new ScaleEvent(4, NOW, false));
    }

    @Test
    void eventExactlyAtTheCutoffIsNotOutdated() {
        ScaleEvents e = new ScaleEvents(List.of(), List.of(at(1, 60, false)));
        assertThat(e.record(5, 4, NOW, 60).down()).containsExactly(at(1, 60, false), new ScaleEvent(1, NOW, false));
    }

    @Test
    void outdatedStaysOutdatedEvenWhenThePeriodGrows() {
        ScaleEvents e = new ScaleEvents(List.of(at(1, 30, true)), List.of());
        assertThat(e.record(1, 2, NOW, 600).up()).containsExactly(new ScaleEvent(1, NOW, false));
    }

    @Test
    void longestPeriodComesFromTheDirectionsRules() {
        EffectiveBehavior b = BehaviorDefaults.apply(new HpaBehavior(null, new HpaScalingRules(null, null,
                List.of(new HpaScalingPolicy(HpaScalingPolicy.Type.PODS, 1, 600)), null)));
        // down event 100 s old: outdated under the up rules' 15 s, not under the down rules' 600 s
        ScaleEvents e = new ScaleEvents(List.of(at(1, 100, false)), List.of(at(1, 100, false)));
        assertThat(e.record(3, 2, NOW, b).down()).hasSize(2);
        assertThat(e.record(2, 3, NOW, b).up()).containsExactly(new ScaleEvent(1, NOW, false));
    }

    @Test
    void sumsCountStrictlyInsideThePeriod() {
        ScaleEvents e = new ScaleEvents(List.of(at(1, 59, false), at(2, 60, false), at(4, 10, true)),
                List.of(at(8, 1, false)));
        assertThat(e.addedWithin(Duration.ofSeconds(60), NOW)).isEqualTo(5);
        assertThat(e.removedWithin(Duration.ofSeconds(60), NOW)).isEqualTo(8);
        assertThat(e.removedWithin(Duration.ZERO, NOW)).isZero();
    }

    @Test
    void aRescaleThatChangesNothingIsRejected() {
        assertThatThrownBy(() -> ScaleEvents.empty().record(3, 3, NOW, 60))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 3 to 3");
    }
}
