package dev.omescale.sim.report;

import java.util.List;

/**
 * Everything the HTML report shows, already computed by the simulator: the report renders, it never simulates.
 *
 * @param title       page title
 * @param workload    workload name
 * @param attribution licence / source line for the trace (shown on the page; the Azure trace is CC-BY 4.0)
 * @param sloTtftSeconds TTFT p95 target used for attainment, drawn as a line on latency charts
 * @param sloItlSeconds  ITL p95 target
 * @param runs        one per policy (for the first seed; summaries cover all seeds)
 * @param summaries   one row per policy, averaged over seeds
 */
public record ReportData(String title, String workload, String attribution, double sloTtftSeconds,
                         double sloItlSeconds, List<PolicyRun> runs, List<PolicySummary> summaries) {
    public ReportData {
        runs = List.copyOf(runs);
        summaries = List.copyOf(summaries);
    }

    /**
     * Time series of one policy's run, all sampled at the same instants {@code timesSeconds}.
     * {@code ttftP95Seconds} holds NaN where no request finished its first token in that interval.
     */
    public record PolicyRun(String policy, double[] timesSeconds, double[] arrivalRatePerSecond,
                            int[] engineReplicasReady, int[] engineReplicasTotal,
                            int[] decoderReplicasReady, int[] decoderReplicasTotal,
                            double[] ttftP95Seconds, double[] itlP95Seconds, double[] queueLength) {
    }

    /** The comparison row: attainment is a share 0..1, GPU-hours include starting pods. */
    public record PolicySummary(String policy, double ttftAttainment, double itlAttainment,
                                double ttftP50Seconds, double ttftP95Seconds, double ttftP99Seconds,
                                double itlP50Seconds, double itlP95Seconds, double itlP99Seconds,
                                double gpuHours, int scaleEvents, int flaps, long dropped, long preempted,
                                double reactionSeconds) {
    }
}
