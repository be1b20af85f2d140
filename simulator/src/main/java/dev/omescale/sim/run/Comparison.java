package dev.omescale.sim.run;

import dev.omescale.sim.loop.Simulation;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.measure.RunResult;
import dev.omescale.sim.policy.Autoscaler;
import dev.omescale.sim.policy.PolicyCatalog;
import dev.omescale.sim.report.ReportData;
import dev.omescale.sim.report.ReportData.BurstReaction;
import dev.omescale.sim.report.ReportData.PolicyRun;
import dev.omescale.sim.report.ReportData.PolicySummary;
import dev.omescale.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Every chosen policy on one workload for every seed, summarized into the report's data. */
public final class Comparison {

    /** The report's data and every run behind it (one per policy and seed). */
    public record Result(ReportData report, List<RunResult> runs) {
    }

    private Comparison() {
    }

    /**
     * @param progress receives one line per run as it finishes (the CLI prints them on stderr)
     */
    public static Result run(Workload w, SimulationSettings s, List<String> policies, List<Long> seeds,
                             String attribution, Consumer<String> progress) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds given; give at least one, e.g. --seeds 1");
        }
        Map<String, Supplier<Autoscaler>> factories = PolicyCatalog.select(policies, s, w);
        List<RunResult> all = new ArrayList<>();
        List<PolicyRun> firstSeed = new ArrayList<>();
        List<PolicySummary> summaries = new ArrayList<>();
        int total = factories.size() * seeds.size();
        int done = 0;
        for (Map.Entry<String, Supplier<Autoscaler>> e : factories.entrySet()) {
            List<PolicySummary> perSeed = new ArrayList<>();
            for (long seed : seeds) {
                long start = System.nanoTime();
                RunResult r = new Simulation(w, e.getValue().get(), s, seed).run();
                all.add(r);
                perSeed.add(r.summary());
                if (firstSeed.size() < summaries.size() + 1 && perSeed.size() == 1) {
                    firstSeed.add(r.series());
                }
                done++;
                PolicySummary p = r.summary();
                progress.accept(String.format(java.util.Locale.ROOT,
                        "[%d/%d] %-14s seed %d: TTFT attainment %.2f%%, %.1f GPU-h, %d flaps (%.1f s)", done, total,
                        e.getKey(), seed, 100 * p.ttftAttainment(), p.gpuHours(), p.flaps(),
                        (System.nanoTime() - start) / 1e9));
            }
            summaries.add(mean(e.getKey(), perSeed));
        }
        ReportData data = new ReportData("omescale simulate: " + w.name() + " on " + s.profile().name(), w.name(),
                attribution, s.sloTtftSeconds(), s.sloItlSeconds(), firstSeed, summaries);
        return new Result(data, all);
    }

    /** The mean of each measure over seeds; counts are rounded means. */
    static PolicySummary mean(String policy, List<PolicySummary> xs) {
        int n = xs.size();
        double[] d = new double[9];
        double scale = 0;
        double flaps = 0;
        double dropped = 0;
        double preempted = 0;
        for (PolicySummary p : xs) {
            d[0] += p.ttftAttainment();
            d[1] += p.itlAttainment();
            d[2] += p.ttftP50Seconds();
            d[3] += p.ttftP95Seconds();
            d[4] += p.ttftP99Seconds();
            d[5] += p.itlP50Seconds();
            d[6] += p.itlP95Seconds();
            d[7] += p.itlP99Seconds();
            d[8] += p.gpuHours();

            scale += p.scaleEvents();
            flaps += p.flaps();
            dropped += p.dropped();
            preempted += p.preempted();
        }
        return new PolicySummary(policy, d[0] / n, d[1] / n, d[2] / n, d[3] / n, d[4] / n, d[5] / n, d[6] / n,
                d[7] / n, d[8] / n, (int) Math.round(scale / n), (int) Math.round(flaps / n),
                Math.round(dropped / n), Math.round(preempted / n), meanReaction(xs));
    }

    /** Each part of the reaction chain averaged over the seeds where it happened; NaN where it never did. */
    static BurstReaction meanReaction(List<PolicySummary> xs) {
        double[] sum = new double[4];
        int[] n = new int[4];
        int bursts = 0;
        for (PolicySummary p : xs) {
            BurstReaction r = p.reaction();
            bursts = Math.max(bursts, r.bursts());
            double[] v = {r.decisionSeconds(), r.readySeconds(), r.recoveredSeconds(), r.releasedSeconds()};
            for (int i = 0; i < v.length; i++) {
                if (!Double.isNaN(v[i])) {
                    sum[i] += v[i];
                    n[i]++;
                }
            }
        }
        double[] m = new double[4];
        for (int i = 0; i < m.length; i++) {
            m[i] = n[i] == 0 ? Double.NaN : sum[i] / n[i];
        }
        return new BurstReaction(bursts, m[0], m[1], m[2], m[3]);
    }
}
