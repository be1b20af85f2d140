package dev.omescale.scaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed samples that successive SLO states share: extending one never changes another. */
class LoadSamplesTest {
    private static final long WINDOW = 180_000;

    private static SloState.LoadSamples add(SloState.LoadSamples s, long at, double queue) {
        return s.with(at, queue * 4, queue, null, 1.5 * queue, null, WINDOW);
    }

    private static List<Double> queues(SloState.LoadSamples s) {
        List<Double> out = new ArrayList<>();
        for (SloState.LoadSample x : s.asList()) {
            out.add(x.queue());
        }
        return out;
    }

    @Test
    void twoStatesExtendedFromTheSameOneKeepTheirOwnSamples() {
        SloState.LoadSamples s = SloState.LoadSamples.EMPTY;
        for (int t = 0; t < 5; t++) {
            s = add(s, t * 15_000L, t);
        }
        SloState.LoadSamples a = add(s, 75_000, 100);
        SloState.LoadSamples b = add(s, 75_000, 200); // the row after s is a's now: b must be a copy
        SloState.LoadSamples a2 = add(a, 90_000, 101);
        assertThat(queues(s)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
        assertThat(queues(a)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 100.0);
        assertThat(queues(b)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 200.0);
        assertThat(queues(a2)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 100.0, 101.0);
        assertThat(a).isNotEqualTo(b);
        assertThat(add(s, 75_000, 100)).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.get(5).promptTokenRate()).isEqualTo(150.0);
        assertThat(a.get(5).requestRate()).isNull();
    }

    @Test
    void theWindowSlidesAndAReplayFromThePastDropsTheLaterSamples() {
        SloState.LoadSamples s = SloState.LoadSamples.EMPTY;
        for (int t = 0; t < 100; t++) { // many more ticks than one array holds: it is copied on the way
            s = add(s, t * 15_000L, t);
        }
        assertThat(queues(s)).hasSize(12).startsWith(88.0).endsWith(99.0);
        assertThat(s.previous(99 * 15_000L + 1, WINDOW)).isEqualTo(11);
        SloState.LoadSamples replay = add(s, 95 * 15_000L, -1);
        assertThat(queues(replay)).containsExactly(88.0, 89.0, 90.0, 91.0, 92.0, 93.0, 94.0, 95.0, -1.0);
        assertThat(queues(s)).hasSize(12).endsWith(99.0);
    }

    @Test
    void atMostMaxSamplesAreKept() {
        SloState.LoadSamples s = SloState.LoadSamples.EMPTY;
        for (int t = 0; t < SloState.MAX_SAMPLES + 40; t++) {
            s = s.with(t, 1, (double) t, null, null, null, Long.MAX_VALUE);
        }
        assertThat(s.size()).isEqualTo(SloState.MAX_SAMPLES);
        assertThat(s.get(0).queue()).isEqualTo(40.0);
        assertThat(s.get(SloState.MAX_SAMPLES - 1).queue()).isEqualTo(SloState.MAX_SAMPLES + 39.0);
    }
}
