package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.KpaSloFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CapacityModelTest {
    private static final SloConfig C = SloConfig.DEFAULTS;

    private static CapacityModel line(double a, double b, double... loads) {
        CapacityModel m = CapacityModel.empty();
        for (double x : loads) {
            m = m.observe(x, a + b * x, T0, C);
        }
        return m;
    }

    @Test
    void anExactLineIsRecoveredExactly() {
        CapacityModel.Fit f = line(0.2, 0.05, 2, 4, 6, 8, 10, 12).fit(T0, C);
        assertThat(f.usable()).isTrue();
        assertThat(f.intercept()).isCloseTo(0.2, within(1e-9));
        assertThat(f.slope()).isCloseTo(0.05, within(1e-9));
        assertThat(f.r2()).isCloseTo(1.0, within(1e-9));
        assertThat(f.points()).isEqualTo(6);
        assertThat(f.minLoad()).isEqualTo(2);
        assertThat(f.maxLoad()).isEqualTo(12);
        assertThat(f.predict(16)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void loadsWithinTenPercentShareOneWeightedPoint() {
        // ln(10) / ln(1.1) = 24.2 and ln(10.5) / ln(1.1) = 24.7: the same level
        CapacityModel m = CapacityModel.empty().observe(10, 0.6, T0, C).observe(10.5, 0.8, T0, C);
        assertThat(m.points()).hasSize(1);
        CapacityModel.Point p = m.points().get(0);
        assertThat(p.bin()).isEqualTo(24);
        assertThat(p.load()).isCloseTo(10.25, within(1e-12));
        assertThat(p.latency()).isCloseTo(0.7, within(1e-12));
        assertThat(p.weight()).isEqualTo(2);
        assertThat(m.observe(11.1, 0.7, T0, C).points()).hasSize(2); // 25.3: the next level
    }

    @Test
    void weightsHalveEachHalfLifeAndFadedPointsAreForgotten() {
        CapacityModel m = CapacityModel.empty().observe(10, 0.6, T0, C);
        // 30 min later the old level weighs 0.5 against the new observation's 1
        CapacityModel later = m.observe(10.2, 0.9, T0.plus(Duration.ofMinutes(30)), C);
        assertThat(later.points().get(0).load()).isCloseTo((10 * 0.5 + 10.2) / 1.5, within(1e-9));
        assertThat(later.points().get(0).latency()).isCloseTo((0.6 * 0.5 + 0.9) / 1.5, within(1e-9));
        assertThat(later.points().get(0).weight()).isCloseTo(1.5, within(1e-9));
        // after five half-lives (weight 1/32 < 0.05) another level's observation drops it
        CapacityModel faded = m.observe(20, 0.9, T0.plus(Duration.ofMinutes(150)), C);
        assertThat(faded.points()).extracting(CapacityModel.Point::load).containsExactly(20.0);
        // after four (1/16 = 0.0625) it stays
        assertThat(m.observe(20, 0.9, T0.plus(Duration.ofMinutes(120)), C).points()).hasSize(2);
    }

    @Test
    void beyondMaxPointsTheLeastWeightyOtherLevelGoes() {
        SloConfig small = new SloConfig(C.startupTime(), C.headroom(), C.kvSaturated(), C.kvScaleDownLimit(),
                C.settleTime(), C.trendWindow(), C.trendMinPoints(), C.trendMinR2(), C.maxGrowth(), 3,
                C.fitMinLoadSpread(), C.fitMinR2(), C.binWidth(), 3, C.halfLife(), C.maxExtrapolation());
        CapacityModel m = CapacityModel.empty()
                .observe(2, 0.3, T0, small).observe(2, 0.3, T0, small) // weight 2
                .observe(4, 0.4, T0.plusSeconds(1), small)             // weight 1, older than 8
                .observe(8, 0.6, T0.plusSeconds(2), small);
        CapacityModel more = m.observe(16, 1.0, T0.plusSeconds(3), small);
        assertThat(more.points()).extracting(CapacityModel.Point::load).containsExactly(2.0, 8.0, 16.0);
    }

    @Test
    void unusableFitsSayWhy() {
        assertThat(line(0.2, 0.05, 2, 4, 8).fit(T0, C).problem()).isEqualTo("3 load levels learned, 5 needed");
        // five levels 10 % apart span 1.1^4 = 1.46×
        assertThat(line(0.2, 0.05, 10, 11, 12.1, 13.31, 14.641).fit(T0, C).problem())
                .isEqualTo("loads learned span 1.464×, 1.5× needed");
        assertThat(line(1.0, -0.02, 2, 4, 6, 8, 10).fit(T0, C).problem())
                .isEqualTo("latency does not rise with load (slope -0.02 s per request)");
        CapacityModel noisy = CapacityModel.empty();
        double[] lat = {0.2, 0.9, 0.3, 0.8, 0.25, 0.95}; // rising a little, R² 0.12
        for (int i = 0; i < lat.length; i++) {
            noisy = noisy.observe(2 + 2 * i, lat[i], T0, C);
        }
        assertThat(noisy.fit(T0, C).problem()).startsWith("R² ").endsWith(" below 0.6");
        assertThat(CapacityModel.empty().fit(T0, C).problem()).isEqualTo("nothing learned yet");
    }

    @Test
    void nonsenseObservationsAreIgnored() {
        CapacityModel m = line(0.2, 0.05, 2, 4);
        assertThat(m.observe(0, 0.3, T0, C)).isEqualTo(m);
        assertThat(m.observe(-1, 0.3, T0, C)).isEqualTo(m);
        assertThat(m.observe(3, Double.NaN, T0, C)).isEqualTo(m);
        assertThat(m.observe(Double.POSITIVE_INFINITY, 0.3, T0, C)).isEqualTo(m);
    }

    @Test
    void aChangedWorkloadTakesOverAsTheOldOneFades() {
        CapacityModel m = line(0.2, 0.05, 2, 4, 6, 8, 10, 12);
        Random r = new Random(3);
        for (int i = 0; i < 30; i++) {
            double x = 2 + 10 * r.nextDouble();
            m = m.observe(x, 0.2 + 0.1 * x, T0.plus(Duration.ofHours(2)).plusSeconds(15L * i), C);
        }
        CapacityModel.Fit f = m.fit(T0.plus(Duration.ofHours(2)).plusSeconds(450), C);
        assertThat(f.slope()).isBetween(0.095, 0.1);
    }
}
