package dev.omescale.sim.policy;

import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.SignalCatalog;

/**
 * Dynamo's planner in load (reactive) mode, as autoscaling-sota.md describes it: every 5 s, per component, latency is
 * regressed online on load per pod (at least 5 observations, the last 64); +1 only if every ready pod is predicted over
 * the SLA; −1 only if the N − 1 check passes: at load × N/(N − 1) the prediction stays under 80 % of the SLA and the KV
 * cache after consolidation stays under full; ±1 per tick, and no decision while a pod is starting. The engine answers
 * for TTFT (and ITL too when unified), the decoder for ITL. Load is requests in flight per pod; Dynamo reads queued
 * prefill tokens per iteration, which the simulated scrape does not expose per iteration: a simplification.
 */
public final class DynamoPlanner implements Autoscaler {
    static final double SENSITIVITY = 0.8;
    private final double ttftSla;
    private final double itlSla;
    private final OnlineLine engineTtft = new OnlineLine();
    private final OnlineLine engineItl = new OnlineLine();
    private final OnlineLine decoderItl = new OnlineLine();

    public DynamoPlanner(double ttftSla, double itlSla) {
        this.ttftSla = ttftSla;
        this.itlSla = itlSla;
    }

    @Override
    public String name() {
        return "dynamo-load";
    }

    @Override
    public String description() {
        return "Dynamo planner load mode: TTFT " + ttftSla + " s / ITL " + itlSla + " s SLA, ±1 per 5 s tick, "
                + "N−1 check at 80 %";
    }

    @Override
    public double scrapeSeconds() {
        return 5;
    }

    @Override
    public double windowSeconds() {
        return 15;
    }

    @Override
    public double tickSeconds() {
        return 5;
    }

    @Override
    public int[] decide(ClusterView view) {
        boolean unified = view.decoder() == null;
        int e = step(view.engine(), unified ? new OnlineLine[] {engineTtft, engineItl} : new OnlineLine[] {engineTtft},
                unified ? new String[] {"ttft_p95_seconds", "itl_p95_seconds"} : new String[] {"ttft_p95_seconds"},
                unified ? new double[] {ttftSla, itlSla} : new double[] {ttftSla});
        int d = unified ? 0 : step(view.decoder(), new OnlineLine[] {decoderItl}, new String[] {"itl_p95_seconds"},
                new double[] {itlSla});
        return new int[] {e, d};
    }

    private static int step(ComponentView c, OnlineLine[] lines, String[] signals, double[] slas) {
        int n = c.current();
        for (PodSignals p : c.pods()) {
            Double load = p.get(SignalCatalog.CONCURRENCY);
            for (int k = 0; k < lines.length; k++) {
                Double lat = p.get(signals[k]);
                if (load != null && lat != null && load > 0) {
                    lines[k].add(load, lat);
                }
            }
        }
        if (c.starting() > 0 || c.pods().isEmpty()) {
            return n;
        }
        for (int k = 0; k < lines.length; k++) {
            boolean allOver = true;
            for (PodSignals p : c.pods()) {
                Double load = p.get(SignalCatalog.CONCURRENCY);
                Double lat = p.get(signals[k]);
                double predicted = load == null ? Double.NaN : lines[k].predict(load, lat);
                if (!(predicted > slas[k])) {
                    allOver = false;
                    break;
                }
            }
            if (allOver) {
                return n + 1;
            }
        }
        if (n <= 1) {
            return n;
        }
        Double total = c.signal(SignalCatalog.CONCURRENCY);
        Double kv = c.signal(SignalCatalog.KV_CACHE_UTILIZATION);
        if (total == null || kv == null || kv * n / (n - 1) >= 1) {
            return n;
        }
        double consolidated = total / (n - 1);
        for (int k = 0; k < lines.length; k++) {
            Double lat = c.signal(signals[k]);
            double predicted = lines[k].predict(consolidated, lat == null ? null : lat * n / (n - 1));
            if (Double.isNaN(predicted) || predicted >= slas[k] * SENSITIVITY) {
                return n;
            }
        }
        return n - 1;
    }

    /** Least squares over the last 64 (load, latency) observations. */
    static final class OnlineLine {
        private final double[] x = new double[64];
        private final double[] y = new double[64];
        private int size;
        private int next;

        void add(double load, double latency) {
            x[next] = load;
            y[next] = latency;
            next = (next + 1) % x.length;
            size = Math.min(size + 1, x.length);
        }

        /** The fitted latency at {@code load}; with fewer than 5 observations or no rising fit, the fallback. */
        double predict(double load, Double fallback) {
            if (size >= 5) {
                double mx = 0;
                double my = 0;
                for (int i = 0; i < size; i++) {
                    mx += x[i];
                    my += y[i];
                }
                mx /= size;
                my /= size;
                double sxx = 0;
                double sxy = 0;
                for (int i = 0; i < size; i++) {
                    sxx += (x[i] - mx) * (x[i] - mx);
                    sxy += (x[i] - mx) * (y[i] - my);
                }
                if (sxx > 0 && sxy > 0) {
                    double b = sxy / sxx;
                    return my + b * (load - mx);
                }
            }
            return fallback == null ? Double.NaN : fallback;
        }
    }
}
