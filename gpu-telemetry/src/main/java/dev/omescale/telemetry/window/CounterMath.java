package dev.omescale.telemetry.window;

/**
 * Counter arithmetic over a {@link SeriesWindow}, with the semantics of PromQL's {@code increase()} and
 * {@code rate()} as Prometheus 2.42 evaluates them, so a number computed here agrees with the same query
 * against the Prometheus that scrapes the same pods.
 *
 * <p>Where we match Prometheus 2.42:
 * <ul>
 *   <li>Range selection includes both ends: {@code rangeStart <= t <= rangeEnd} (Prometheus 3 made the start
 *       exclusive).</li>
 *   <li>Any drop in value is a counter reset; the value before the drop is added back.</li>
 *   <li>Extrapolation: to each range edge when the gap to it is below 1.1 times the average sample interval,
 *       otherwise by half an interval. A counter is not extrapolated below zero: if the line through the
 *       samples reaches zero closer to the first sample than the start gap, the zero point is used instead.
 *       In 2.42 that zero point is compared with the raw start gap, before the 1.1 threshold is applied;
 *       Prometheus 2.51 (PR #13725) moved the comparison after it, so the two versions differ when the start
 *       gap exceeds the threshold and the zero point lies between half an interval and the threshold. We
 *       follow 2.42.</li>
 *   <li>{@code rate} divides by the whole range, not by the sampled interval.</li>
 * </ul>
 *
 * <p>Where we differ: a sample's time is the scrape time our own scraper recorded, while Prometheus keeps
 * its own scrapes (at other instants, and with exporter timestamps honoured by default), so the two windows
 * hold slightly different samples. We have no staleness markers, no lookback delta and no native
 * histograms, and a range may be any pair of milliseconds rather than a query's evaluation step.
 */
public final class CounterMath {
    /** Gaps to the range edges up to this many average intervals still count as "a sample was due there". */
    private static final double EXTRAPOLATION_THRESHOLD = 1.1;

    private CounterMath() {
    }

    /**
     * Like PromQL {@code increase(x[range])} evaluated at {@code rangeEndMillis}: reset-corrected and
     * extrapolated to the range edges.
     *
     * @return the increase, or NaN when fewer than 2 samples lie in {@code [rangeStartMillis, rangeEndMillis]}
     */
    public static double increase(SeriesWindow w, long rangeStartMillis, long rangeEndMillis) {
        return extrapolated(w, rangeStartMillis, rangeEndMillis, false);
    }

    /**
     * Like PromQL {@code rate(x[range])}: {@link #increase} per second of the whole range.
     *
     * @return the per-second rate, or NaN when fewer than 2 samples lie in the range
     */
    public static double rate(SeriesWindow w, long rangeStartMillis, long rangeEndMillis) {
        return extrapolated(w, rangeStartMillis, rangeEndMillis, true);
    }

    /**
     * The exact, non-extrapolated increase from the first to the last sample in the range, reset-corrected.
     *
     * @return the increase, or NaN when fewer than 2 samples lie in the range
     */
    public static double rawIncrease(SeriesWindow w, long rangeStartMillis, long rangeEndMillis) {
        checkRange(rangeStartMillis, rangeEndMillis);
        int from = w.firstIndexAtOrAfter(rangeStartMillis);
        int to = w.endIndexAtOrBefore(rangeEndMillis);
        if (to - from < 2) {
            return Double.NaN;
        }
        return resetCorrectedDelta(w, from, to);
    }

    private static double extrapolated(SeriesWindow w, long rangeStartMillis, long rangeEndMillis, boolean perSecond) {
        checkRange(rangeStartMillis, rangeEndMillis);
        int from = w.firstIndexAtOrAfter(rangeStartMillis);
        int to = w.endIndexAtOrBefore(rangeEndMillis);
        int samples = to - from;
        if (samples < 2) {
            return Double.NaN;
        }
        double delta = resetCorrectedDelta(w, from, to);
        long firstTime = w.time(from);
        long lastTime = w.time(to - 1);
        double firstValue = w.value(from);

        double durationToStart = (firstTime - rangeStartMillis) / 1000.0;
        double durationToEnd = (rangeEndMillis - lastTime) / 1000.0;
        double sampledInterval = (lastTime - firstTime) / 1000.0;
        double averageInterval = sampledInterval / (samples - 1);

        if (delta > 0 && firstValue >= 0) {
            // The counter started at zero no earlier than where the line through the samples crosses zero.
            double durationToZero = sampledInterval * (firstValue / delta);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }

        double threshold = averageInterval * EXTRAPOLATION_THRESHOLD;
        double extrapolatedInterval = sampledInterval;
        extrapolatedInterval += durationToStart < threshold ? durationToStart : averageInterval / 2;
        extrapolatedInterval += durationToEnd < threshold ? durationToEnd : averageInterval / 2;

        // Same order of operations as Prometheus, so results agree to the last bit where they can.
        double factor = extrapolatedInterval / sampledInterval;
        if (perSecond) {
            factor /= (rangeEndMillis - rangeStartMillis) / 1000.0;
        }
        return delta * factor;
    }

    /** Last minus first, plus the value before every drop (a drop means the counter restarted from zero). */
    private static double resetCorrectedDelta(SeriesWindow w, int from, int to) {
        double delta = w.value(to - 1) - w.value(from);
        double previous = w.value(from);
        for (int i = from + 1; i < to; i++) {
            double current = w.value(i);
            if (current < previous) {
                delta += previous;
            }
            previous = current;
        }
        return delta;
    }

    private static void checkRange(long rangeStartMillis, long rangeEndMillis) {
        if (rangeStartMillis > rangeEndMillis) {
            throw new IllegalArgumentException("counter range starts at " + rangeStartMillis
                    + " ms, after its end at " + rangeEndMillis + " ms; pass the older instant first");
        }
    }
}
