package dev.omescale.sim.measure;

import dev.omescale.sim.fleet.RequestTable;
import dev.omescale.sim.report.ReportData.PolicySummary;
import java.util.Arrays;
import java.util.List;

/**
 * The numbers a run is judged by (autoscaling-sota.md section 5), computed from the run's request table and events.
 *
 * <ul>
 *   <li>TTFT attainment: share of all requests whose first token came within the TTFT SLO; dropped requests and
 *       ones still without a first token at the end count as misses.</li>
 *   <li>ITL attainment: share of requests whose time per output token after the first (TPOT) is within the ITL SLO;
 *       single-token requests meet it when they finish, dropped or unfinished ones miss it.</li>
 *   <li>Percentiles are exact over the requests that got there.</li>
 *   <li>Flaps: a scale event whose direction reverses the previous event of the same component within
 *       {@link #FLAP_WINDOW_SECONDS}.</li>
 *   <li>Reaction: per burst of the workload, onset → first scale-up → its pods ready → p95 TTFT back under the
 *       SLO, and burst end → first scale-down ({@link BurstReactions}).</li>
 * </ul>
 */
public final class Measures {
    public static final double FLAP_WINDOW_SECONDS = 300;

    private Measures() {
    }

    /**
     * @param times      the series' sample instants
     * @param readyPods  ready engine pods at each instant
     * @param ttftP95    p95 TTFT of the first tokens in the interval starting at each instant
     */
    public static PolicySummary summarize(String policy, RequestTable t, double sloTtft, double sloItl,
                                          double gpuSeconds, List<ScaleEvent> events, double[] times,
                                          int[] readyPods, double[] ttftP95) {
        int n = t.size();
        double[] ttft = new double[n];
        double[] tpot = new double[n];
        int nt = 0;
        int np = 0;
        long ttftOk = 0;
        long itlOk = 0;
        long dropped = 0;
        long preempted = 0;
        for (int i = 0; i < n; i++) {
            if (t.dropped(i)) {
                dropped++;
                continue;
            }
            preempted += t.preemptions(i) > 0 ? 1 : 0;
            double f = t.ttft(i);
            if (!Double.isNaN(f)) {
                ttft[nt++] = f;
                if (f <= sloTtft) {
                    ttftOk++;
                }
            }
            double p = t.tpot(i);
            if (!Double.isNaN(p)) {
                tpot[np++] = p;
                if (p <= sloItl) {
                    itlOk++;
                }
            } else if (t.output(i) == 1 && !Double.isNaN(t.finish(i))) {
                itlOk++;
            }
        }
        Arrays.sort(ttft, 0, nt);
        Arrays.sort(tpot, 0, np);
        return new PolicySummary(policy, n == 0 ? 1 : (double) ttftOk / n, n == 0 ? 1 : (double) itlOk / n,
                pct(ttft, nt, 0.50), pct(ttft, nt, 0.95), pct(ttft, nt, 0.99),
                pct(tpot, np, 0.50), pct(tpot, np, 0.95), pct(tpot, np, 0.99),
                gpuSeconds / 3600, events.size(), flaps(events), dropped, preempted,
                BurstReactions.measure(BurstReactions.bursts(t), events, times, readyPods, ttftP95, sloTtft));
    }

    /** Nearest-rank percentile of the first {@code n} sorted values, NaN when none. */
    static double pct(double[] sorted, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    public static int flaps(List<ScaleEvent> events) {
        int flaps = 0;
        for (int i = 0; i < events.size(); i++) {
            ScaleEvent e = events.get(i);
            for (int j = i - 1; j >= 0; j--) {
                ScaleEvent prev = events.get(j);
                if (prev.component().equals(e.component())) {
                    if (prev.direction() != e.direction()
                            && e.timeSeconds() - prev.timeSeconds() <= FLAP_WINDOW_SECONDS) {
                        flaps++;
                    }
                    break;
                }
            }
        }
        return flaps;
    }
}
