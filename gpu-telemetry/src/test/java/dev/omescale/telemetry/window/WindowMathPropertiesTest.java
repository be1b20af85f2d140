package dev.omescale.telemetry.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowMathPropertiesTest {
    static final long T0 = 1_700_000_000_000L;

    /**
     * A counter from a list of steps: each step advances time by 1..30 s and either adds 0..1000 or, when
     * the step's code is negative, restarts the counter at a small value.
     */
    static SeriesWindow counter(List<Integer> gapsMillis, List<Integer> steps, int start) {
        SeriesWindow w = new SeriesWindow(Math.max(2, gapsMillis.size()));
        long t = T0;
        double value = start;
        for (int i = 0; i < gapsMillis.size(); i++) {
            t += gapsMillis.get(i);
            int step = steps.get(i % steps.size());
            value = step < 0 ? -step % 7 : value + step;
            w.add(t, value);
        }
        return w;
    }

    @Test
    void increaseAndRateAreNeverNegativeForCounters() {
        qt().withExamples(2000)
                .forAll(lists().of(integers().between(1_000, 30_000)).ofSizeBetween(0, 40),
                        lists().of(integers().between(-50, 1000)).ofSizeBetween(1, 40),
                        integers().between(0, 100_000),
                        integers().between(0, 900_000))
                .checkAssert((gaps, steps, start, rangeStartOffset) -> {
                    SeriesWindow w = counter(gaps, steps, start);
                    long rangeStart = T0 + rangeStartOffset / 2;
                    long rangeEnd = rangeStart + 1_000 + rangeStartOffset;
                    double increase = CounterMath.increase(w, rangeStart, rangeEnd);
                    int inRange = w.endIndexAtOrBefore(rangeEnd) - w.firstIndexAtOrAfter(rangeStart);
                    if (inRange < 2) {
                        assertThat(increase).isNaN();
                    } else {
                        assertThat(increase).isGreaterThanOrEqualTo(0);
                        assertThat(CounterMath.rate(w, rangeStart, rangeEnd)).isGreaterThanOrEqualTo(0);
                        assertThat(CounterMath.rawIncrease(w, rangeStart, rangeEnd)).isGreaterThanOrEqualTo(0);
                    }
                });
    }

    @Test
    void quantileIsMonotoneInQ() {
        qt().withExamples(2000)
                .forAll(lists().of(integers().between(1, 500)).ofSizeBetween(1, 25),
                        lists().of(integers().between(-20, 400)).ofSizeBetween(1, 25),
                        doubles().between(0, 1),
                        doubles().between(0, 1))
                .checkAssert((boundSteps, countSteps, qa, qb) -> {
                    // ascending bounds starting below zero sometimes; counts mostly rising, sometimes falling
                    int n = boundSteps.size() + 1;
                    double[] bounds = new double[n];
                    double[] counts = new double[n];
                    double bound = -5;
                    double count = 0;
                    for (int i = 0; i < n - 1; i++) {
                        bound += boundSteps.get(i) / 10.0;
                        count = Math.max(0, count + countSteps.get(i % countSteps.size()));
                        bounds[i] = bound;
                        counts[i] = count;
                    }
                    bounds[n - 1] = Double.POSITIVE_INFINITY;
                    counts[n - 1] = count + Math.floorMod(countSteps.get(0), 3) + 1;
                    double lowQ = Math.min(qa, qb);
                    double highQ = Math.max(qa, qb);
                    double low = HistogramQuantile.quantile(lowQ, bounds, counts);
                    double high = HistogramQuantile.quantile(highQ, bounds, counts);
                    if (!Double.isNaN(low) && !Double.isNaN(high)) {
                        // one ulp-scale tolerance: start + (end - start) * 1 may round just above end
                        assertThat(high).isGreaterThanOrEqualTo(low - 1e-9 * Math.max(1, Math.abs(low)));
                    } else {
                        // NaN only for q = 0 on an empty first bucket (0/0), never otherwise
                        assertThat(lowQ).isZero();
                    }
                });
    }
}
