package dev.omescale.telemetry.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-computed increase/rate values. Every case evaluates {@code increase(x[60s])} and {@code rate(x[60s])}
 * at T0+60s, i.e. the range [T0, T0+60s]; samples are given as seconds after T0. The arithmetic for each case
 * is in its comment: delta = reset-corrected last - first; interval = sampled + start extension + end
 * extension; increase = delta * interval / sampled. The expected numbers (to the last digit, e.g.
 * 56.00000000000001) are also what Debian's Prometheus 2.42 {@code promtool test rules} printed for the same
 * series: see {@code promtool-crosscheck.yml} in the test resources.
 */
class CounterMathTest {
    static final long T0 = 1_700_000_000_000L;
    static final long END = T0 + 60_000;

    static SeriesWindow window(double... secondsAndValues) {
        SeriesWindow w = new SeriesWindow(64);
        for (int i = 0; i < secondsAndValues.length; i += 2) {
            w.add(T0 + Math.round(secondsAndValues[i] * 1000), secondsAndValues[i + 1]);
        }
        return w;
    }

    static Stream<Arguments> increases() {
        return Stream.of(
                // avg 10, threshold 11; gaps 5 and 5 extend fully: 50 * 60/50
                Arguments.of("regular spacing", window(5, 100, 15, 110, 25, 120, 35, 130, 45, 140, 55, 150), 60.0, 1.0),
                // sampled 48 over 3 steps: avg 16, threshold 17.6; gaps 2 and 10 extend fully: 50 * 60/48
                Arguments.of("irregular spacing", window(2, 100, 10, 110, 30, 130, 50, 150), 62.5, 1.0416666666666665),
                // start gap 20 >= 11 -> half interval 5; end gap 10 < 11 -> 10: 30 * 45/30
                Arguments.of("start gap above 1.1x", window(20, 100, 30, 110, 40, 120, 50, 130), 45.0, 0.75),
                // start gap 10.9 < 11 -> 10.9; end gap 19.1 -> 5: 30 * 45.9/30
                Arguments.of("start gap just under 1.1x", window(10.9, 100, 20.9, 110, 30.9, 120, 40.9, 130), 45.9,
                        0.765),
                // start gap 11.1 -> 5; end gap 18.9 -> 5: 30 * 40/30
                Arguments.of("start gap just over 1.1x", window(11.1, 100, 21.1, 110, 31.1, 120, 41.1, 130), 40.0,
                        0.6666666666666666),
                // both ends are in the range (2.x is closed on both sides): 7 samples, no extrapolation;
                // 35 - 100 + 120 (reset 120 -> 5) = 55
                Arguments.of("one reset, samples on both edges",
                        window(0, 100, 10, 110, 20, 120, 30, 5, 40, 15, 50, 25, 60, 35), 55.0, 0.9166666666666666),
                // 12 - 50 + 60 + 8 = 30; zero point 50*50/30 = 83 s away, no clamp: 30 * 60/50
                Arguments.of("two resets", window(5, 50, 15, 60, 25, 3, 35, 8, 45, 2, 55, 12), 36.0, 0.6),
                // zero point 50 * 1/50 = 1 s before the first sample, closer than the 5 s gap: 50 * (50+1+5)/50
                Arguments.of("near zero, gap below threshold", window(5, 1, 15, 11, 25, 21, 35, 31, 45, 41, 55, 51),
                        56.00000000000001, 0.9333333333333335),
                // start gap 20 >= 11, zero point 30 * 8/30 = 8 s. 2.42 compares the zero point with the raw gap
                // (8 < 20 -> 8, then 8 < 11 extends by 8): 30 * (30+8+10)/30 = 48. Prometheus >= 2.51 would
                // first cut the gap to 5 and give 45.
                Arguments.of("near zero, 2.42 order of clamp and threshold", window(20, 8, 30, 18, 40, 28, 50, 38),
                        48.0, 0.8),
                // counter starting at exactly 0 extrapolates nothing to the left: 30 * (30+0+10)/30
                Arguments.of("starts at zero", window(20, 0, 30, 10, 40, 20, 50, 30), 40.0, 0.6666666666666666),
                // a flat counter has no slope, hence no zero point: 0
                Arguments.of("flat", window(5, 7, 15, 7, 25, 7), 0.0, 0.0),
                // samples outside the range are not looked at: only 10..50 count, as in "regular spacing" shifted
                Arguments.of("samples outside the range ignored",
                        window(-10, 0, -5, 1000, 10, 100, 20, 110, 30, 120, 40, 130, 50, 140, 65, 0), 60.0, 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("increases")
    void increaseMatchesPrometheusBitForBit(String name, SeriesWindow w, double increase, double rate) {
        assertThat(CounterMath.increase(w, T0, END)).isEqualTo(increase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("increases")
    void rateMatchesPrometheusBitForBit(String name, SeriesWindow w, double increase, double rate) {
        assertThat(CounterMath.rate(w, T0, END)).isEqualTo(rate);
        assertThat(rate).isCloseTo(increase / 60, within(1e-12));
    }

    @Test
    void rawIncreaseIsTheExactResetCorrectedDelta() {
        assertThat(CounterMath.rawIncrease(window(5, 100, 15, 110, 25, 120, 35, 130, 45, 140, 55, 150), T0, END))
                .isEqualTo(50.0);
        assertThat(CounterMath.rawIncrease(window(5, 50, 15, 60, 25, 3, 35, 8, 45, 2, 55, 12), T0, END))
                .isEqualTo(30.0);
        assertThat(CounterMath.rawIncrease(window(0, 100, 10, 110, 20, 120, 30, 5, 60, 35), T0, END))
                .isEqualTo(55.0);
    }

    @Test
    void fewerThanTwoSamplesInRangeIsNaN() {
        SeriesWindow one = window(-30, 1, 30, 5, 90, 9);
        assertThat(CounterMath.increase(one, T0, END)).isNaN();
        assertThat(CounterMath.rate(one, T0, END)).isNaN();
        assertThat(CounterMath.rawIncrease(one, T0, END)).isNaN();
        SeriesWindow none = new SeriesWindow(4);
        assertThat(CounterMath.increase(none, T0, END)).isNaN();
        assertThat(CounterMath.rawIncrease(none, T0, END)).isNaN();
    }

    @Test
    void rangeEdgesAreInclusive() {
        SeriesWindow w = window(0, 10, 60, 70);
        // exactly two samples, one on each edge: no extrapolation at all
        assertThat(CounterMath.increase(w, T0, END)).isEqualTo(60.0);
        // moving the start one millisecond later drops the first sample
        assertThat(CounterMath.increase(w, T0 + 1, END)).isNaN();
    }

    @Test
    void reversedRangeIsRejected() {
        assertThatThrownBy(() -> CounterMath.increase(window(0, 1, 1, 2), END, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after its end")
                .hasMessageContaining("older instant first");
    }
}
