package dev.omescale.telemetry.signal;

import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.store.SeriesSnapshot;
import dev.omescale.telemetry.window.CounterMath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Groups {@code _bucket} series into histograms and takes each bucket's increase over the window. */
final class HistogramBuckets {
    private HistogramBuckets() {
    }

    /**
     * One bucket set per histogram series (labels without {@code le}). Buckets are increases as PromQL's
     * {@code rate(x_bucket[w])} computes them (times the window, which cancels in the quantile). A histogram
     * with a bucket lacking two samples in the window, or without a +Inf bucket, is skipped: its quantile would
     * be wrong, not just rough.
     */
    static List<BucketSet> increases(String owner, List<SeriesSnapshot> bucketSeries, long from, long to) {
        Map<Labels, TreeMap<Double, Double>> groups = new LinkedHashMap<>();
        for (SeriesSnapshot s : bucketSeries) {
            String le = s.labels().get("le");
            if (le == null) {
                continue;
            }
            double bound;
            try {
                bound = HistogramBounds.parse(le);
            } catch (NumberFormatException e) {
                continue;
            }
            double increase = CounterMath.increase(s.window(), from, to);
            groups.computeIfAbsent(s.labels().without("le"), k -> new TreeMap<>()).merge(bound, increase, Double::sum);
        }
        List<BucketSet> sets = new ArrayList<>();
        for (TreeMap<Double, Double> buckets : groups.values()) {
            if (buckets.isEmpty() || buckets.lastKey() != Double.POSITIVE_INFINITY
                    || buckets.values().stream().anyMatch(v -> Double.isNaN(v))) {
                continue;
            }
            double[] bounds = new double[buckets.size()];
            double[] counts = new double[buckets.size()];
            int i = 0;
            for (Map.Entry<Double, Double> e : buckets.entrySet()) {
                bounds[i] = e.getKey();
                counts[i] = e.getValue();
                i++;
            }
            sets.add(new BucketSet(owner, bounds, counts));
        }
        return sets;
    }
}
