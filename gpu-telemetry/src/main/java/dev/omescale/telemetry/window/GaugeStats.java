package dev.omescale.telemetry.window;

/**
 * Summary of a gauge over a range: PromQL's {@code count_over_time}, {@code avg_over_time},
 * {@code min_over_time}, {@code max_over_time} and {@code last_over_time} as Prometheus 2.42 computes them.
 *
 * <p>Where we match Prometheus 2.42: the range includes both ends; the average is the incremental mean with
 * Kahan-Neumaier compensation, so it neither overflows nor drifts, a NaN sample makes it NaN and infinities
 * of one sign keep it infinite; min and max skip NaN samples and are NaN only when every sample is NaN;
 * {@code last} is the newest sample as it is, NaN included.
 *
 * <p>Where we differ: sample times are our scraper's (see {@link CounterMath}), and Prometheus' staleness
 * markers do not exist here.
 *
 * @param count number of samples in the range, at least 1
 * @param avg   mean of the samples
 * @param min   smallest non-NaN sample, NaN if all are NaN
 * @param max   largest non-NaN sample, NaN if all are NaN
 * @param last  the newest sample
 */
public record GaugeStats(int count, double avg, double min, double max, double last) {

    /**
     * Summarises the samples with {@code rangeStartMillis <= t <= rangeEndMillis}.
     *
     * @return the summary, or null when no sample lies in the range
     */
    public static GaugeStats over(SeriesWindow w, long rangeStartMillis, long rangeEndMillis) {
        if (rangeStartMillis > rangeEndMillis) {
            throw new IllegalArgumentException("gauge range starts at " + rangeStartMillis
                    + " ms, after its end at " + rangeEndMillis + " ms; pass the older instant first");
        }
        int from = w.firstIndexAtOrAfter(rangeStartMillis);
        int to = w.endIndexAtOrBefore(rangeEndMillis);
        if (to <= from) {
            return null;
        }
        double mean = 0;
        double compensation = 0;
        double min = w.value(from);
        double max = w.value(from);
        int count = 0;
        for (int i = from; i < to; i++) {
            double v = w.value(i);
            count++;
            // NaN < x is false, so an initial NaN must be replaced explicitly for NaNs to be skipped.
            if (v < min || Double.isNaN(min)) {
                min = v;
            }
            if (v > max || Double.isNaN(max)) {
                max = v;
            }
            if (Double.isInfinite(mean)) {
                // mean - mean would be NaN: an infinite mean stays as it is unless the opposite infinity or a
                // NaN arrives, which the arithmetic below turns into NaN as it should.
                if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            double increment = v / count - mean / count;
            double sum = mean + increment;
            if (Math.abs(mean) >= Math.abs(increment)) {
                compensation += (mean - sum) + increment;
            } else {
                compensation += (increment - sum) + mean;
            }
            mean = sum;
        }
        double avg = Double.isInfinite(mean) ? mean : mean + compensation;
        return new GaugeStats(count, avg, min, max, w.value(to - 1));
    }
}
