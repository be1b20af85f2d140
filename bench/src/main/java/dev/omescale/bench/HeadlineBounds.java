package dev.omescale.bench;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.fleet.RequestTable;
import dev.omescale.sim.loop.Simulation;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.measure.BurstReactions;
import dev.omescale.sim.policy.ScheduleAutoscaler;
import dev.omescale.sim.report.ReportData.PolicySummary;
import dev.omescale.sim.workload.Workload;
import dev.omescale.sim.workload.WorkloadCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the headline asks of a policy that cannot see the future, per workload of {@link SimulationHeadline}: how
 * many replicas must already be ready when the workload's burst begins for 99 % TTFT attainment to be possible at
 * all.
 *
 * <p>The burst onset is found from the trace alone: the busiest 10 s window of prompt tokens, then back over the
 * windows with at least half its tokens. The bound fleet is {@link ScheduleAutoscaler}: the maximum replicas
 * everywhere (every other moment of the workload served as well as it can be), except exactly {@code k} from one
 * start-up plus a minute before the onset until the onset, where it asks for the maximum again: a policy with
 * {@code k} ready at the onset that then reacts at once and perfectly. Its attainment is the most any policy with
 * at most {@code k} replicas ready at the onset can reach, so the smallest {@code k} reaching 99 % is what a policy
 * must have standing before the burst, whatever it knows afterwards. The load just before the onset says how much
 * headroom that is.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.omescale.bench.HeadlineBounds [SEEDS [STARTUP]]}: the
 * synthetic patterns' arrivals are the first seed's; every seed jitters the start-up (default 120 s).
 */
public final class HeadlineBounds {
    static final double BURST_WINDOW = 10;

    private HeadlineBounds() {
    }

    public static void main(String[] args) {
        List<Long> seeds = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "1,2").split(",")) {
            seeds.add(Long.parseLong(s.trim()));
        }
        List<Workload> workloads = new ArrayList<>();
        workloads.add(WorkloadCatalog.bundledAzureCode());
        for (String p : SimulationHeadline.PATTERNS) {
            workloads.add(WorkloadCatalog.synthetic(p, seeds.get(0)));
        }
        SimulationSettings settings = SimulationSettings.defaults(ModelProfiles.shipped(ModelProfiles.DEFAULT));
        if (args.length > 1) {
            settings = settings.withStartup(Double.parseDouble(args[1]));
        }
        double startup = settings.startupSeconds();
        int max = settings.maxReplicas();
        StringBuilder md = new StringBuilder();
        md.append("| workload | burst onset | prompt tokens/s: busiest 10 s · minute before onset | replicas ready at "
                + "the onset → best TTFT attainment | needed for 99 % |\n|---|---:|---:|---|---:|\n");
        for (Workload w : workloads) {
            double[] windows = BurstReactions.promptTokens(new RequestTable(w.requests()), BURST_WINDOW);
            int peak = 0;
            for (int i = 1; i < windows.length; i++) {
                if (windows[i] > windows[peak]) {
                    peak = i;
                }
            }
            int first = peak;
            while (first > 0 && windows[first - 1] >= windows[peak] / 2) {
                first--;
            }
            double onset = first * BURST_WINDOW;
            double before = 0;
            int minuteWindows = (int) (60 / BURST_WINDOW);
            for (int i = Math.max(0, first - minuteWindows); i < first; i++) {
                before += windows[i] / minuteWindows;
            }
            StringBuilder tried = new StringBuilder();
            int needed = -1;
            for (int k = 1; k <= max && needed < 0; k++) {
                double from = Math.max(1, onset - startup - 60);
                ScheduleAutoscaler s = new ScheduleAutoscaler("ready-" + k + "-at-onset",
                        new double[] {0, from, onset}, new int[] {max, k, max});
                double attainment = 0;
                for (long seed : seeds) {
                    PolicySummary r = new Simulation(w, s, settings, seed).run().summary();
                    attainment += r.ttftAttainment() / seeds.size();
                }
                tried.append(tried.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%d → %.2f %%", k,
                        100 * attainment));
                if (attainment >= SimulationHeadline.TARGET) {
                    needed = k;
                }
                System.err.println("  " + w.name() + ": " + k + " ready at " + onset + " s → " + attainment);
            }
            md.append(String.format(Locale.ROOT, "| %s | %.0f s | %.0f · %.0f | %s | %s |%n", w.name(), onset,
                    windows[peak] / BURST_WINDOW, before / BURST_WINDOW, tried,
                    needed < 0 ? "not reachable" : needed));
        }
        System.out.println(md);
    }
}
