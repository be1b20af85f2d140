package dev.omescale.sim.loop;

import dev.omescale.sim.fleet.LatencyHistogram;
import dev.omescale.sim.fleet.Pool;
import dev.omescale.sim.fleet.Replica;
import dev.omescale.sim.fleet.ReplicaSample;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.window.HistogramQuantile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scrape side for one component, as gpu-telemetry computes it from real exporters: every scrape interval the
 * ready pods' counters, histograms and gauges are read; over the window, counters become rates, gauges are averaged,
 * histogram bucket increases are merged across pods into quantiles, and per-pod values combine into the component value
 * as the catalog's aggregation says (sums for requests and rates, averages for utilizations). Pods not ready have no
 * scrape target yet (their endpoints are not published), so they are absent, not zero.
 */
public final class ComponentTelemetry {
    private static final double[] TTFT_BOUNDS = LatencyHistogram.TTFT_BOUNDS;
    private static final double[] ITL_BOUNDS = LatencyHistogram.ITL_BOUNDS;

    private final String namespace;
    private final String service;
    private final String component;
    private final double windowSeconds;
    private final Map<String, ArrayDeque<ReplicaSample>> history = new HashMap<>();
    private double lastScrape = Double.NaN;

    public ComponentTelemetry(String namespace, String service, String component, double windowSeconds) {
        this.namespace = namespace;
        this.service = service;
        this.component = component;
        this.windowSeconds = windowSeconds;
    }

    public void scrape(Pool pool, double now) {
        Map<String, Boolean> seen = new HashMap<>();
        for (Replica r : pool.pods()) {
            if (!r.isReady()) {
                continue;
            }
            seen.put(r.name(), Boolean.TRUE);
            ArrayDeque<ReplicaSample> h = history.computeIfAbsent(r.name(), k -> new ArrayDeque<>());
            h.addLast(r.sample(now));
            while (h.size() > 1 && h.peekFirst().time() < now - windowSeconds - 1e-9) {
                h.removeFirst();
            }
        }
        history.keySet().removeIf(k -> !seen.containsKey(k));
        lastScrape = now;
    }

    /** When the last scrape was taken, NaN before the first. */
    public double lastScrape() {
        return lastScrape;
    }

    /** Pod names with data, in a stable order. */
    private List<String> podNames() {
        List<String> names = new ArrayList<>(history.keySet());
        names.sort(null);
        return names;
    }

    /** The newest sample of each scraped pod: what an instant query ({@code sum(vllm:num_requests_waiting)}) reads. */
    public List<ReplicaSample> latest() {
        List<ReplicaSample> out = new ArrayList<>();
        for (String n : podNames()) {
            out.add(history.get(n).peekLast());
        }
        return out;
    }

    public List<PodSignals> podSignals(long epochMillisAtZero) {
        List<PodSignals> out = new ArrayList<>();
        for (String n : podNames()) {
            Map<String, Double> v = values(List.of(history.get(n)));
            out.add(new PodSignals(namespace, n, service, component, v, millis(epochMillisAtZero, lastScrape),
                    List.of()));
        }
        return out;
    }

    /** The component's signals over the window ending at the last scrape; null before any pod was scraped. */
    public ComponentSignals componentSignals(long epochMillisAtZero) {
        List<String> names = podNames();
        if (names.isEmpty() || Double.isNaN(lastScrape)) {
            return null;
        }
        List<ArrayDeque<ReplicaSample>> all = new ArrayList<>();
        for (String n : names) {
            all.add(history.get(n));
        }
        Map<String, Double> v = values(all);
        List<Map<String, Double>> perPod = new ArrayList<>(all.size());
        for (ArrayDeque<ReplicaSample> h : all) {
            perPod.add(values(List.of(h)));
        }
        Map<String, Integer> withData = new HashMap<>();
        for (String signal : v.keySet()) {
            int c = 0;
            for (Map<String, Double> one : perPod) {
                if (one.get(signal) != null) {
                    c++;
                }
            }
            withData.put(signal, c);
        }
        return new ComponentSignals(namespace, service, component, names, v, withData,
                millis(epochMillisAtZero, lastScrape), List.of());
    }

    private static long millis(long zero, double t) {
        return zero + Math.round(t * 1000);
    }

    /**
     * Signal values over the window for the given pods combined. Rates need two samples of a pod in the window, as
     * PromQL's rate() does; a pod with one has no rate yet.
     */
    private static Map<String, Double> values(List<ArrayDeque<ReplicaSample>> pods) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (String name : SignalCatalog.standard().names()) {
            v.put(name, null);
        }
        double queue = 0;
        double running = 0;
        double kvSum = 0;
        double busySum = 0;
        int gauges = 0;
        double reqRate = 0;
        double promptRate = 0;
        double genRate = 0;
        int rates = 0;
        double[] ttft = new double[TTFT_BOUNDS.length];
        double[] itl = new double[ITL_BOUNDS.length];
        for (ArrayDeque<ReplicaSample> h : pods) {
            if (h.isEmpty()) {
                continue;
            }
            double q = 0;
            double r = 0;
            double kv = 0;
            for (ReplicaSample s : h) {
                q += s.waiting();
                r += s.running();
                kv += s.kvUtilization();
            }
            queue += q / h.size();
            running += r / h.size();
            kvSum += kv / h.size();
            gauges++;
            if (h.size() >= 2) {
                ReplicaSample a = h.peekFirst();
                ReplicaSample b = h.peekLast();
                double dt = b.time() - a.time();
                reqRate += (b.finished() - a.finished()) / dt;
                promptRate += (b.promptTokens() - a.promptTokens()) / dt;
                genRate += (b.generationTokens() - a.generationTokens()) / dt;
                busySum += Math.min(1, Math.max(0, (b.busySeconds() - a.busySeconds()) / dt));
                for (int i = 0; i < ttft.length; i++) {
                    ttft[i] += b.ttftCumulative()[i] - a.ttftCumulative()[i];
                }
                for (int i = 0; i < itl.length; i++) {
                    itl[i] += b.itlCumulative()[i] - a.itlCumulative()[i];
                }
                rates++;
            }
        }
        if (gauges == 0) {
            return v;
        }
        v.put(SignalCatalog.QUEUE_LENGTH, queue);
        v.put(SignalCatalog.RUNNING_REQUESTS, running);
        v.put(SignalCatalog.CONCURRENCY, queue + running);
        v.put(SignalCatalog.KV_CACHE_UTILIZATION, kvSum / gauges);
        v.put(SignalCatalog.GPU_MEMORY_UTILIZATION, 0.9); // vLLM preallocates gpu_memory_utilization of the GPU
        if (rates > 0) {
            v.put(SignalCatalog.REQUEST_RATE, reqRate);
            v.put(SignalCatalog.PROMPT_TOKEN_RATE, promptRate);
            v.put(SignalCatalog.GENERATION_TOKEN_RATE, genRate);
            v.put(SignalCatalog.GPU_UTILIZATION, busySum / rates);
            for (double q : SignalCatalog.QUANTILES) {
                v.put(SignalCatalog.quantileName("ttft", q), quantile(q, TTFT_BOUNDS, ttft));
                v.put(SignalCatalog.quantileName("itl", q), quantile(q, ITL_BOUNDS, itl));
            }
        }
        return v;
    }

    private static Double quantile(double q, double[] bounds, double[] counts) {
        double x = HistogramQuantile.quantile(q, bounds, counts);
        return Double.isNaN(x) || Double.isInfinite(x) ? null : x;
    }
}
