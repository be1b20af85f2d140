package dev.omescale.telemetry.window;

import static dev.omescale.telemetry.window.CounterMathTest.END;
import static dev.omescale.telemetry.window.CounterMathTest.T0;
import static dev.omescale.telemetry.window.CounterMathTest.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Expected values are hand-computed and match what Debian's Prometheus 2.42 {@code promtool} printed. */
class GaugeStatsTest {
    static final double NAN = Double.NaN;
    static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void summarisesSamplesInTheClosedRange() {
        // -1 s and 61 s lie outside; 0 s and 60 s are the edges and count
        GaugeStats stats = GaugeStats.over(window(-1, 100, 0, 1, 20, 5, 40, 0.5, 60, 3.5, 61, -100), T0, END);
        assertThat(stats).isNotNull();
        assertThat(stats.count()).isEqualTo(4);
        assertThat(stats.avg()).isCloseTo(2.5, within(1e-15));
        assertThat(stats.min()).isEqualTo(0.5);
        assertThat(stats.max()).isEqualTo(5.0);
        assertThat(stats.last()).isEqualTo(3.5);
    }

    @Test
    void oneSample() {
        assertThat(GaugeStats.over(window(30, 0.42), T0, END)).isEqualTo(new GaugeStats(1, 0.42, 0.42, 0.42, 0.42));
    }

    @Test
    void noSamplesIsNull() {
        assertThat(GaugeStats.over(window(-5, 1, 65, 2), T0, END)).isNull();
        assertThat(GaugeStats.over(new SeriesWindow(2), T0, END)).isNull();
    }

    @Test
    void nanPropagatesIntoTheAverageButMinAndMaxSkipIt() {
        GaugeStats stats = GaugeStats.over(window(0, NAN, 10, 2, 20, NAN, 30, 7, 40, NAN), T0, END);
        assertThat(stats.count()).isEqualTo(5);
        assertThat(stats.avg()).isNaN();
        assertThat(stats.min()).isEqualTo(2.0);
        assertThat(stats.max()).isEqualTo(7.0);
        assertThat(stats.last()).isNaN();
    }

    @Test
    void allNaNGivesNaNEverywhere() {
        GaugeStats stats = GaugeStats.over(window(0, NAN, 10, NAN), T0, END);
        assertThat(stats.avg()).isNaN();
        assertThat(stats.min()).isNaN();
        assertThat(stats.max()).isNaN();
    }

    @Test
    void infinitiesFollowPrometheus() {
        GaugeStats plus = GaugeStats.over(window(0, 1, 10, INF, 20, 3), T0, END);
        assertThat(plus.avg()).isEqualTo(INF);
        assertThat(plus.max()).isEqualTo(INF);
        assertThat(plus.min()).isEqualTo(1.0);
        assertThat(GaugeStats.over(window(0, INF, 10, INF), T0, END).avg()).isEqualTo(INF);
        GaugeStats both = GaugeStats.over(window(0, INF, 10, -INF), T0, END);
        assertThat(both.avg()).isNaN();
        assertThat(both.min()).isEqualTo(-INF);
        assertThat(both.max()).isEqualTo(INF);
    }

    @Test
    void averageOfHugeValuesDoesNotOverflow() {
        // a plain sum would overflow to +Inf; the incremental mean does not
        GaugeStats stats = GaugeStats.over(window(0, Double.MAX_VALUE, 10, Double.MAX_VALUE), T0, END);
        assertThat(stats.avg()).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void averageRoundsLikePrometheus242() {
        // The exact mean of 1, 1e16, 1, -1e16 is 0.5. Prometheus 2.42's incremental mean with Kahan compensation
        // yields 0.75 (promtool 2.42 prints 7.5E-01; later versions changed the algorithm). We keep 2.42's.
        GaugeStats stats = GaugeStats.over(window(0, 1, 10, 1e16, 20, 1, 30, -1e16), T0, END);
        assertThat(stats.avg()).isEqualTo(0.75);
    }
}
