package dev.omescale.bench;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.Simulation;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.policy.PolicyCatalog;
import dev.omescale.sim.policy.StaticAutoscaler;
import dev.omescale.sim.report.ReportData.PolicySummary;
import dev.omescale.sim.run.Comparison;
import dev.omescale.sim.workload.Workload;
import dev.omescale.sim.workload.WorkloadCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The headline tables of BENCHMARKS.md: every policy on the bundled Azure code trace and on the four synthetic
 * patterns, and whether omescale's SLO policy meets issue 7's bar on each.
 *
 * <p>Protocol ({@code autoscaling-sota.md} §5): several seeds, each its own run: on a synthetic pattern the seed
 * draws the arrivals ({@link WorkloadCatalog#synthetic(String, long)}, the same workload {@code omescale simulate
 * --trace PATTERN --seeds SEED} replays) and jitters the pod start-up; on the Azure trace it only jitters the
 * start-up. Figures are means with a 95 % confidence half-width (Student's t over the seeds).
 *
 * <p>Two bars, both reported. The issue's: the cheapest of the compared baselines (every policy but omescale's and
 * the clairvoyant {@code oracle}) that reaches the SLO policy's attainment (at most 99 %). A stricter one we set
 * ourselves: the cheapest static replica count whose mean attainment reaches 99 %, found by replaying the workload
 * with 1, 2, 3, … replicas, which no operator knows in advance. The headline is met against a bar when the SLO
 * policy reaches 99 %, uses at most 85 % of the bar's GPU-hours and has at most a third of its flaps.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.omescale.bench.SimulationHeadline [SEEDS [STARTUP
 * [PROFILE]]]} (default seeds 1,2,3,4,5; pod start-up in seconds, default 120; a shipped profile name, default
 * {@code llama-3.1-8b-h100}).
 */
public final class SimulationHeadline {
    static final double TARGET = 0.99;
    static final double GPU_SHARE = 0.85;
    static final List<String> PATTERNS = List.of("step", "spike", "ramp", "diurnal");
    static final String SLO = "omescale-slo";
    static final String AZURE = "azure-code-2023";

    private SimulationHeadline() {
    }

    /** One policy's figures over the seeds. */
    record Mean(String policy, double ttft, double ttftCi, double itl, double ttftP99, double gpuHours,
                double gpuCi, double events, double flaps, double dropped) {
    }

    public static void main(String[] args) {
        List<Long> seeds = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "1,2,3,4,5").split(",")) {
            seeds.add(Long.parseLong(s.trim()));
        }
        SimulationSettings settings = SimulationSettings.defaults(ModelProfiles.shipped(
                args.length > 2 ? args[2] : ModelProfiles.DEFAULT));
        if (args.length > 1) {
            settings = settings.withStartup(Double.parseDouble(args[1]));
        }
        List<String> names = new ArrayList<>();
        names.add(AZURE);
        names.addAll(PATTERNS);
        StringBuilder md = new StringBuilder();
        StringBuilder verdicts = new StringBuilder("\n| workload | omescale-slo TTFT | flaps | the issue's bar: "
                + "cheapest baseline reaching it | GPU-h share | stricter bar: cheapest static count ≥ 99 % | GPU-h "
                + "share | vs `oracle` | headline (issue's bar · stricter bar) |\n"
                + "|---|---:|---:|---|---:|---|---:|---:|---|\n");
        for (String name : names) {
            Map<String, List<PolicySummary>> runs = new LinkedHashMap<>();
            List<Workload> perSeed = new ArrayList<>();
            String description = null;
            int requests = 0;
            for (long seed : seeds) {
                Workload w = name.equals(AZURE) ? WorkloadCatalog.bundledAzureCode()
                        : WorkloadCatalog.synthetic(name, seed);
                perSeed.add(w);
                description = description == null ? w.description() : description;
                requests += w.requests().size();
                System.err.println("== " + w.name() + " seed " + seed + ": " + w.requests().size() + " requests");
                Comparison.Result r = Comparison.run(w, settings, PolicyCatalog.ALL, List.of(seed), w.description(),
                        line -> System.err.println("  " + line));
                for (PolicySummary p : r.report().summaries()) {
                    runs.computeIfAbsent(p.policy(), k -> new ArrayList<>()).add(p);
                }
            }
            List<Mean> rows = new ArrayList<>();
            for (Map.Entry<String, List<PolicySummary>> e : runs.entrySet()) {
                rows.add(mean(e.getKey(), e.getValue()));
            }
            Mean cheapestStatic = null;
            for (int n = 1; n <= settings.maxReplicas() && cheapestStatic == null; n++) {
                List<PolicySummary> per = new ArrayList<>();
                for (int i = 0; i < seeds.size(); i++) {
                    per.add(new Simulation(perSeed.get(i), new StaticAutoscaler(n, 0), settings, seeds.get(i)).run()
                            .summary());
                }
                Mean m = mean("static-" + n + " (hindsight)", per);
                if (m.ttft() >= TARGET) {
                    cheapestStatic = m;
                }
            }
            md.append("\n**").append(name).append("** (").append(requests / seeds.size())
                    .append(" requests per run; ").append(name.equals(AZURE) ? description
                            : description.replaceFirst(", seed \\d+", ", seeds " + joined(seeds)))
                    .append(")\n\n");
            md.append("| policy | TTFT ≤ 2 s | ITL ≤ 100 ms | TTFT p99 | GPU-h | scale events | flaps | dropped |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            List<Mean> table = new ArrayList<>(rows);
            if (cheapestStatic != null) {
                table.add(cheapestStatic);
            }
            for (Mean p : table) {
                md.append(String.format(Locale.ROOT, "| %s | %.2f ± %.2f %% | %.2f %% | %.2f s | %.2f ± %.2f | %.1f "
                                + "| %.1f | %.0f |%n", p.policy(), 100 * p.ttft(), 100 * p.ttftCi(), 100 * p.itl(),
                        p.ttftP99(), p.gpuHours(), p.gpuCi(), p.events(), p.flaps(), p.dropped()));
            }
            Mean slo = find(rows, SLO);
            Mean oracle = find(rows, "oracle");
            Mean listed = cheapestReaching(rows, slo.ttft());
            boolean metListed = met(slo, listed);
            boolean metStatic = met(slo, cheapestStatic);
            verdicts.append(String.format(Locale.ROOT, "| %s | %.2f %% | %.1f | %s | %s | %s | %s | %s | %s · %s |%n",
                    name, 100 * slo.ttft(), slo.flaps(),
                    listed == null ? "none reaches it" : String.format(Locale.ROOT, "%s: %.2f %%, %.2f GPU-h, %.1f "
                            + "flaps", listed.policy(), 100 * listed.ttft(), listed.gpuHours(), listed.flaps()),
                    share(slo, listed),
                    cheapestStatic == null ? "none" : String.format(Locale.ROOT, "%s: %.2f GPU-h",
                            cheapestStatic.policy().replace(" (hindsight)", ""), cheapestStatic.gpuHours()),
                    share(slo, cheapestStatic),
                    oracle == null ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * slo.gpuHours()
                            / oracle.gpuHours()),
                    metListed ? "**met**" : "not met", metStatic ? "**met**" : "not met"));
        }
        System.out.println(md);
        System.out.println(verdicts);
    }

    /** Whether the SLO policy meets the headline against {@code bar}: 99 %, ≤ 85 % of its GPU-hours, ≤ 1/3 flaps. */
    static boolean met(Mean slo, Mean bar) {
        if (slo.ttft() < TARGET) {
            return false;
        }
        // no baseline reaches 99 %: nothing to be cheaper than, and the attainment itself is the win
        return bar == null || (slo.gpuHours() <= GPU_SHARE * bar.gpuHours() && 3 * slo.flaps() <= bar.flaps());
    }

    static String share(Mean slo, Mean bar) {
        return bar == null ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * slo.gpuHours() / bar.gpuHours());
    }

    /** The cheapest compared baseline reaching {@code attainment} (at most 99 %): not omescale's, not the oracle. */
    static Mean cheapestReaching(List<Mean> rows, double attainment) {
        Mean best = null;
        for (Mean p : rows) {
            if (p.ttft() >= Math.min(attainment, TARGET) && !p.policy().startsWith(SLO)
                    && !p.policy().equals("oracle") && (best == null || p.gpuHours() < best.gpuHours())) {
                best = p;
            }
        }
        return best;
    }

    static Mean find(List<Mean> rows, String policy) {
        for (Mean m : rows) {
            if (m.policy().equals(policy)) {
                return m;
            }
        }
        return null;
    }

    static Mean mean(String name, List<PolicySummary> xs) {
        int n = xs.size();
        double[] ttft = new double[n];
        double[] gpu = new double[n];
        double itl = 0;
        double p99 = 0;
        double events = 0;
        double flaps = 0;
        double dropped = 0;
        for (int i = 0; i < n; i++) {
            PolicySummary p = xs.get(i);
            ttft[i] = p.ttftAttainment();
            gpu[i] = p.gpuHours();
            itl += p.itlAttainment() / n;
            p99 += p.ttftP99Seconds() / n;
            events += (double) p.scaleEvents() / n;
            flaps += (double) p.flaps() / n;
            dropped += (double) p.dropped() / n;
        }
        return new Mean(name, avg(ttft), halfWidth(ttft), itl, p99, avg(gpu), halfWidth(gpu), events, flaps, dropped);
    }

    static double avg(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    /** The 95 % confidence half-width of the mean (Student's t); 0 for a single seed. */
    static double halfWidth(double[] xs) {
        int n = xs.length;
        if (n < 2) {
            return 0;
        }
        double m = avg(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
    }

    static String joined(List<Long> seeds) {
        StringBuilder b = new StringBuilder();
        for (long s : seeds) {
            b.append(b.isEmpty() ? "" : ",").append(s);
        }
        return b.toString();
    }
}
