package dev.omescale.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Rates measured from generated arrivals against the shape each pattern promises. Counts in a window
 * are Poisson, so each must lie within 4 standard deviations (sqrt of the expected count) of the
 * expected count: a false failure is a 1-in-15,000 event per window, and the seeds are fixed anyway.
 */
class SyntheticWorkloadTest {

    @Test
    void stepIsBaseThenPeakFromAThirdToTwoThirdsThenBase() {
        Workload w = WorkloadCatalog.synthetic("step", 2, 10, 3000, 7);
        assertWithinPoisson(count(w, 0, 1000), 2000);
        assertWithinPoisson(count(w, 1000, 2000), 10000);
        assertWithinPoisson(count(w, 2000, 3000), 2000);
        // The step is sharp: the 50 s on either side of each edge already run at the new rate.
        assertWithinPoisson(count(w, 950, 1000), 100);
        assertWithinPoisson(count(w, 1000, 1050), 500);
        assertWithinPoisson(count(w, 1950, 2000), 500);
        assertWithinPoisson(count(w, 2000, 2050), 100);
        assertThat(w.durationSeconds()).isEqualTo(3000);
        assertThat(w.requests().get(w.requests().size() - 1).arrivalSeconds()).isLessThan(3000);
    }

    @Test
    void spikeIsAShortBurstAtTheMiddle() {
        Workload w = WorkloadCatalog.synthetic("spike", 1, 20, 4000, 3);
        assertWithinPoisson(count(w, 0, 2000), 2000);
        assertWithinPoisson(count(w, 2000, 2200), 4000);
        assertWithinPoisson(count(w, 2200, 4000), 1800);
    }

    @Test
    void rampRisesLinearlyToThePeakAtTheMiddleAndFallsBack() {
        double base = 1;
        double peak = 11;
        double d = 2000;
        Workload w = WorkloadCatalog.synthetic("ramp", base, peak, d, 11);
        // Rate is base + (peak-base) * t/(d/2) on the first half: over [a, b] the count is the trapezoid area.
        for (int bin = 0; bin < 10; bin++) {
            double a = bin * 200;
            double b = a + 200;
            double expected = (rampRate(a, base, peak, d) + rampRate(b, base, peak, d)) / 2 * 200;
            assertWithinPoisson(count(w, a, b), expected);
        }
    }

    private static double rampRate(double t, double base, double peak, double d) {
        return t <= d / 2 ? base + (peak - base) * t / (d / 2) : base + (peak - base) * (d - t) / (d / 2);
    }

    @Test
    void diurnalFollowsARaisedCosineWithThePeakAtTheMiddle() {
        double base = 2;
        double peak = 12;
        double d = 3600;
        Workload w = WorkloadCatalog.synthetic("diurnal", base, peak, d, 5);
        // Integral of base + (peak-base)(1 - cos(2 pi t/d))/2 over [a, b], in closed form.
        for (int bin = 0; bin < 12; bin++) {
            double a = bin * 300;
            double b = a + 300;
            double amplitude = (peak - base) / 2;
            double expected = (base + amplitude) * (b - a)
                    - amplitude * d / (2 * Math.PI) * (Math.sin(2 * Math.PI * b / d) - Math.sin(2 * Math.PI * a / d));
            assertWithinPoisson(count(w, a, b), expected);
        }
        assertThat(count(w, 1500, 2100)).isGreaterThan(3 * count(w, 0, 600));
    }

    @Test
    void sameSeedSameWorkloadOtherSeedAnother() {
        Workload a = WorkloadCatalog.synthetic("diurnal", 1, 5, 600, 42);
        Workload b = WorkloadCatalog.synthetic("diurnal", 1, 5, 600, 42);
        Workload c = WorkloadCatalog.synthetic("diurnal", 1, 5, 600, 43);
        assertThat(a).isEqualTo(b);
        assertThat(c.requests()).isNotEqualTo(a.requests());
        assertThat(a.name()).isEqualTo("diurnal");
        assertThat(a.description()).contains("diurnal", "base 1 req/s", "peak 5 req/s", "600 s", "seed 42", "lognormal");
    }

    @Test
    void tokenLengthsFollowTheFittedLognormal() {
        Workload w = WorkloadCatalog.synthetic("step", 20, 20, 1000, 1);
        double[] lp = w.requests().stream().mapToDouble(r -> Math.log(r.promptTokens())).toArray();
        double[] lo = w.requests().stream().mapToDouble(r -> Math.log(r.outputTokens())).toArray();
        // ~20,000 draws. Medians, because the clamp at the trace's largest prompt (7,437 tokens, about
        // 8% of the fitted distribution) pulls the mean of ln(tokens) down but leaves the median alone;
        // the standard error of the median is about 0.012 in ln(tokens), the tolerance 0.05.
        assertThat(median(lp)).isBetween(6.9986 - 0.05, 6.9986 + 0.05);
        assertThat(median(lo)).isBetween(2.7882 - 0.05, 2.7882 + 0.05);
        assertThat(BundledAzureTraceTest.sd(lo)).isBetween(0.80, 0.90);
        int maxPrompt = w.requests().stream().mapToInt(TraceRequest::promptTokens).max().orElseThrow();
        assertThat(maxPrompt).isLessThanOrEqualTo(7437);
    }

    @Test
    void badArgumentsSayWhatToDo() {
        assertThatThrownBy(() -> WorkloadCatalog.synthetic("sawtooth", 1, 2, 60, 1))
                .hasMessageContaining("unknown synthetic pattern 'sawtooth'")
                .hasMessageContaining("[step, spike, ramp, diurnal]");
        assertThatThrownBy(() -> WorkloadCatalog.synthetic("step", -1, 2, 60, 1))
                .hasMessageContaining("baseRatePerSecond must be finite and >= 0, got -1.0").hasMessageContaining("fix:");
        assertThatThrownBy(() -> WorkloadCatalog.synthetic("ramp", 1, 2, 0, 1))
                .hasMessageContaining("durationSeconds must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> WorkloadCatalog.synthetic("spike", 0, 0, 60, 1))
                .hasMessageContaining("no requests");
        assertThatThrownBy(() -> WorkloadCatalog.synthetic("step", 1, 1e6, 3600, 1))
                .hasMessageContaining("more than 20000000").hasMessageContaining("rates are per second");
        assertThat(WorkloadCatalog.synthetic("STEP", 1, 2, 60, 1).name()).isEqualTo("step");
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static int count(Workload w, double from, double to) {
        return (int) w.requests().stream().filter(r -> r.arrivalSeconds() >= from && r.arrivalSeconds() < to).count();
    }

    static void assertWithinPoisson(int observed, double expected) {
        double tolerance = 4 * Math.sqrt(expected);
        assertThat((double) observed)
                .as("count %d against expected %.1f +- %.1f", observed, expected, tolerance)
                .isBetween(expected - tolerance, expected + tolerance);
    }

    @Test
    void patternIdsAreTheDocumentedOnes() {
        assertThat(RatePattern.ids()).isEqualTo(List.of("step", "spike", "ramp", "diurnal"));
        assertThat(Arrays.stream(RatePattern.values()).map(RatePattern::shape)).allMatch(s -> !s.isBlank());
    }
}
