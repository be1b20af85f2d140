package dev.omescale.sim.fleet;

/**
 * A cumulative Prometheus-style histogram with vLLM's default bucket bounds, as a replica's {@code /metrics}
 * would expose it: the scrape side takes bucket increases over its window.
 */
public final class LatencyHistogram {
    /** vLLM's {@code time_to_first_token_seconds} bounds (llm-signals.md 2.1), +Inf last. */
    public static final double[] TTFT_BOUNDS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
        1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560, Double.POSITIVE_INFINITY};
    /** vLLM's {@code inter_token_latency_seconds} bounds, +Inf last. */
    public static final double[] ITL_BOUNDS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1,
        2.5, 5, 7.5, 10, 20, 40, 80, Double.POSITIVE_INFINITY};

    private final double[] bounds;
    /** Observations in each bucket alone (not cumulative), so adding is one increment. */
    private final long[] perBucket;

    public LatencyHistogram(double[] bounds) {
        this.bounds = bounds;
        this.perBucket = new long[bounds.length];
    }

    public void observe(double seconds, long count) {
        int i = 0;
        while (seconds > bounds[i]) {
            i++;
        }
        perBucket[i] += count;
    }

    public double[] bounds() {
        return bounds;
    }

    /** Adds the cumulative counts ({@code le} semantics) into {@code into}. */
    public void addCumulative(long[] into) {
        long running = 0;
        for (int i = 0; i < perBucket.length; i++) {
            running += perBucket[i];
            into[i] += running;
        }
    }
}
