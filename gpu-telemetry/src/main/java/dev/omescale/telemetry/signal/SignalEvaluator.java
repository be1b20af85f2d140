package dev.omescale.telemetry.signal;

import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import dev.omescale.telemetry.store.SeriesSnapshot;
import dev.omescale.telemetry.store.TargetSnapshot;
import dev.omescale.telemetry.store.TargetStatus;
import dev.omescale.telemetry.window.CounterMath;
import dev.omescale.telemetry.window.GaugeStats;
import dev.omescale.telemetry.window.HistogramQuantile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the store's fresh series into per-pod and per-component signals over the window. Pure: the same
 * snapshots and instant give the same report.
 */
public final class SignalEvaluator {
    private static final String DCGM_PREFIX = "DCGM_";

    private final SignalCatalog catalog;
    private final Duration window;

    public SignalEvaluator(SignalCatalog catalog, Duration window) {
        this.catalog = catalog;
        this.window = window;
    }

    public TelemetryReport evaluate(List<TargetSnapshot> snapshots, long nowMillis) {
        long from = nowMillis - window.toMillis();
        Map<PodRef, PodView> views = new TreeMap<>();
        List<TargetStatus> statuses = new ArrayList<>();
        Map<String, GpuWithoutPod> idleGpus = new TreeMap<>();
        for (TargetSnapshot snap : snapshots) {
            statuses.add(snap.status());
            gather(snap, views, idleGpus);
        }
        List<PodSignals> pods = new ArrayList<>();
        Map<List<String>, List<PodResult>> byComponent = new TreeMap<>(SignalEvaluator::compareKeys);
        for (PodView view : views.values()) {
            PodResult result = evaluatePod(view, from, nowMillis);
            pods.add(result.signals);
            if (view.inferenceService != null) {
                byComponent.computeIfAbsent(List.of(view.ref.namespace(), view.inferenceService, view.component),
                        k -> new ArrayList<>()).add(result);
            }
        }
        List<ComponentSignals> components = new ArrayList<>();
        for (Map.Entry<List<String>, List<PodResult>> e : byComponent.entrySet()) {
            components.add(aggregate(e.getKey(), e.getValue()));
        }
        statuses.sort((a, b) -> a.target().compareTo(b.target()));
        return new TelemetryReport(nowMillis, window, pods, components, statuses, List.copyOf(idleGpus.values()));
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Sorts one target's series into pod views: engine series to the target's pod, GPU series by their labels. */
    private void gather(TargetSnapshot snap, Map<PodRef, PodView> views, Map<String, GpuWithoutPod> idleGpus) {
        ScrapeTarget t = snap.target();
        long scrapeMillis = snap.status().lastSuccessMillis();
        PodView own = null;
        if (t.kind() == TargetKind.ENGINE && t.pod() != null) {
            own = views.computeIfAbsent(new PodRef(t.namespace(), t.pod()), PodView::new);
            own.inferenceService = t.inferenceService();
            own.component = t.inferenceService() == null ? null : t.component();
            if (snap.status().stale()) {
                own.notes.add("target " + snap.status().target() + " is stale: "
                        + (snap.status().lastError() == null ? "no recent scrape" : snap.status().lastError()));
            }
        }
        for (SeriesSnapshot s : snap.series()) {
            if (s.name().startsWith(DCGM_PREFIX)) {
                PodRef ref = DcgmAttribution.podOf(s.labels());
                if (ref == null) {
                    String node = DcgmAttribution.nodeOf(s.labels());
                    String gpu = DcgmAttribution.gpuOf(s.labels());
                    idleGpus.putIfAbsent(node + "/" + gpu, new GpuWithoutPod(snap.status().target(), node, gpu));
                    continue;
                }
                views.computeIfAbsent(ref, PodView::new).add(s, scrapeMillis);
            } else if (own != null && !isSecondaryRank(s.labels())) {
                own.add(s, scrapeMillis);
            }
        }
    }

    /**
     * SGLang repeats scheduler metrics on every tensor-parallel rank when all schedulers report; only rank 0's
     * are counted, or queues would be counted once per GPU.
     */
    private static boolean isSecondaryRank(Labels labels) {
        String tpRank = labels.get("tp_rank");
        return tpRank != null && !tpRank.equals("0");
    }

    /** A pod's values plus the bucket sets its quantiles came from, which the component merges again. */
    private record PodResult(PodSignals signals, Map<String, BucketSet> buckets) {
    }

    private PodResult evaluatePod(PodView view, long from, long to) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, BucketSet> buckets = new HashMap<>();
        Map<List<MetricSource>, BucketSet> perFamily = new HashMap<>();
        for (SignalDefinition d : catalog.definitions()) {
            switch (d.kind()) {
                case GAUGE, RATE -> values.put(d.name(), firstSourceWithData(d, view, from, to));
                case QUANTILE -> {
                    BucketSet set = perFamily.computeIfAbsent(d.sources(), s -> podBuckets(d, view, from, to));
                    if (set != null) {
                        buckets.put(d.name(), set);
                    }
                    values.put(d.name(), set == null ? null : quantile(d.quantile(), set));
                }
                case DERIVED -> values.put(d.name(), null); // filled below, once their inputs are known
            }
        }
        values.put(SignalCatalog.CONCURRENCY, sumIfBoth(values.get(SignalCatalog.QUEUE_LENGTH),
                values.get(SignalCatalog.RUNNING_REQUESTS)));
        values.put(SignalCatalog.GPU_MEMORY_UTILIZATION, gpuMemoryUtilization(view, from, to));
        PodSignals signals = new PodSignals(view.ref.namespace(), view.ref.pod(), view.inferenceService,
                view.component, values, view.dataTimeMillis, List.copyOf(view.notes));
        return new PodResult(signals, buckets);
    }

    private static Double sumIfBoth(Double a, Double b) {
        return a == null || b == null ? null : a + b;
    }

    private static Double firstSourceWithData(SignalDefinition d, PodView view, long from, long to) {
        for (MetricSource source : d.sources()) {
            List<SeriesSnapshot> series = view.series(source, "");
            double total = 0;
            int n = 0;
            for (SeriesSnapshot s : series) {
                double v;
                if (d.kind() == SignalKind.RATE) {
                    v = CounterMath.rate(s.window(), from, to);
                } else {
                    GaugeStats stats = GaugeStats.over(s.window(), from, to);
                    v = stats == null ? Double.NaN : stats.avg();
                }
                if (!Double.isNaN(v)) {
                    total += v;
                    n++;
                }
            }
            if (n > 0) {
                double combined = source.withinPod() == WithinPod.SUM ? total : total / n;
                return combined * source.scale();
            }
        }
        return null;
    }

    /** The pod's bucket increases for the first source family that has any, merged over its series. */
    private BucketSet podBuckets(SignalDefinition d, PodView view, long from, long to) {
        for (MetricSource source : d.sources()) {
            List<SeriesSnapshot> series = view.series(source, "_bucket");
            if (series.isEmpty()) {
                continue;
            }
            List<BucketSet> sets = HistogramBuckets.increases(view.ref.toString(), series, from, to);
            BucketMerger.Merged merged = BucketMerger.merge(source.metric(), sets);
            view.notes.addAll(merged.excluded());
            if (merged.merged() != null) {
                BucketSet m = merged.merged();
                return new BucketSet(view.ref.toString(), m.upperBounds(), m.counts());
            }
        }
        return null;
    }

    private static Double quantile(double q, BucketSet set) {
        double v = HistogramQuantile.quantile(q, set.upperBounds(), set.counts());
        return Double.isNaN(v) ? null : v;
    }

    /** Used over total framebuffer, summed over the pod's GPUs: a pod with one full and one idle GPU is at 50%. */
    private static Double gpuMemoryUtilization(PodView view, long from, long to) {
        Map<Labels, Double> free = averages(view.series(SignalCatalog.DCGM_FB_FREE), from, to);
        Map<Labels, Double> reserved = averages(view.series(SignalCatalog.DCGM_FB_RESERVED), from, to);
        double used = 0;
        double total = 0;
        for (Map.Entry<Labels, Double> e : averages(view.series(SignalCatalog.DCGM_FB_USED), from, to).entrySet()) {
            Double f = free.get(e.getKey());
            if (f == null) {
                continue;
            }
            used += e.getValue();
            total += e.getValue() + f + reserved.getOrDefault(e.getKey(), 0.0);
        }
        return total > 0 ? used / total : null;
    }

    private static Map<Labels, Double> averages(List<SeriesSnapshot> series, long from, long to) {
        Map<Labels, Double> out = new HashMap<>();
        for (SeriesSnapshot s : series) {
            GaugeStats stats = GaugeStats.over(s.window(), from, to);
            if (stats != null && !Double.isNaN(stats.avg())) {
                out.put(s.labels(), stats.avg());
            }
        }
        return out;
    }

    private ComponentSignals aggregate(List<String> key, List<PodResult> pods) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Integer> withData = new LinkedHashMap<>();
        Set<String> notes = new LinkedHashSet<>();
        List<String> podNames = new ArrayList<>();
        long oldest = Long.MAX_VALUE;
        for (PodResult p : pods) {
            podNames.add(p.signals.pod());
            if (p.signals.dataTimeMillis() > 0) {
                oldest = Math.min(oldest, p.signals.dataTimeMillis());
            }
        }
        for (SignalDefinition d : catalog.definitions()) {
            if (d.aggregation() == Aggregation.MERGED_BUCKETS) {
                List<BucketSet> sets = new ArrayList<>();
                for (PodResult p : pods) {
                    BucketSet s = p.buckets.get(d.name());
                    if (s != null) {
                        sets.add(s);
                    }
                }
                BucketMerger.Merged merged = BucketMerger.merge(d.sources().get(0).metric(), sets);
                notes.addAll(merged.excluded());
                values.put(d.name(), merged.merged() == null ? null : quantile(d.quantile(), merged.merged()));
                withData.put(d.name(), sets.size() - merged.excluded().size());
                continue;
            }
            double total = 0;
            int n = 0;
            for (PodResult p : pods) {
                Double v = p.signals.get(d.name());
                if (v != null) {
                    total += v;
                    n++;
                }
            }
            withData.put(d.name(), n);
            if (n == 0) {
                values.put(d.name(), null);
            } else {
                values.put(d.name(), d.aggregation() == Aggregation.SUM ? total : total / n);
                if (n < pods.size() && d.additive()) {
                    notes.add(d.name() + ": total over " + n + " of " + pods.size() + " pods; the rest have no data");
                }
            }
        }
        return new ComponentSignals(key.get(0), key.get(1), key.get(2), podNames, values, withData,
                oldest == Long.MAX_VALUE ? 0 : oldest, List.copyOf(notes));
    }
}
