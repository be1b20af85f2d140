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

    /**
     * The comparison row: attainment is a share 0..1, GPU-hours include starting pods; {@code reaction} times the
     * policy's answer to the workload's bursts.
     */
    public record PolicySummary(String policy, double ttftAttainment, double itlAttainment,
                                double ttftP50Seconds, double ttftP95Seconds, double ttftP99Seconds,
                                double itlP50Seconds, double itlP95Seconds, double itlP99Seconds,
                                double gpuHours, int scaleEvents, int flaps, long dropped, long preempted,
                                BurstReaction reaction) {
    }

    /**
     * How a policy answered the workload's bursts ({@code dev.omescale.sim.measure.BurstReactions}): the reaction
     * chain of {@code autoscaling-sota.md} §5, each a mean over the bursts where it applies, NaN where it never did.
     *
     * @param bursts           how many bursts the workload has
     * @param decisionSeconds  onset → the first scale-up of the engine, over the bursts that got one by a minute
     *                         after their end (signals are windowed) and before the next burst
     * @param readySeconds     onset → that scale-up's pods all ready
     * @param recoveredSeconds onset → p95 TTFT back within the SLO; 0 for a burst during which it never left it (up
     *                         to a minute after its end, when its last requests get their first tokens)
     * @param releasedSeconds  burst end → the first scale-down of the engine after it, over the bursts that got one
     *                         before the next burst
     */
    public record BurstReaction(int bursts, double decisionSeconds, double readySeconds, double recoveredSeconds,
                                double releasedSeconds) {
        public static final BurstReaction NONE = new BurstReaction(0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);
    }
}
