package dev.omescale.sim.fleet;

/**
 * What one scrape of a replica's {@code /metrics} (and its DCGM and cAdvisor counters) reads at one instant:
 * cumulative counters and histograms, and the gauges as they stand.
 *
 * @param ttftCumulative cumulative bucket counts over {@link LatencyHistogram#TTFT_BOUNDS}
 * @param itlCumulative  cumulative bucket counts over {@link LatencyHistogram#ITL_BOUNDS}
 */
public record ReplicaSample(double time, long finished, long promptTokens, long generationTokens,
                            double busySeconds, double cpuCoreSeconds, int running, int waiting,
                            double kvUtilization, long kvTokens, long[] ttftCumulative, long[] itlCumulative) {
}
