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
import java.util.List;
import java.util.Locale;

/**
 * The headline table of BENCHMARKS.md: every policy on the bundled Azure code trace and on the four synthetic
 * patterns, several seeds each, and for each workload the cheapest static replica count that reaches 99 % TTFT
 * attainment (found by trying 1, 2, 3, ...), against which the SLO policy's GPU-hours and flaps are judged.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.omescale.bench.SimulationHeadline [SEEDS]}. The
 * workloads are the shipped ones, exactly what {@code omescale simulate} and {@code omescale simulate --trace
 * step|spike|ramp|diurnal} replay: {@link WorkloadCatalog#bundledAzureCode()} and {@link
 * WorkloadCatalog#synthetic(String, long)} (its default rates and duration, generated with the first seed).
 */
public final class SimulationHeadline {
    static final double TARGET = 0.99;
    static final List<String> PATTERNS = List.of("step", "spike", "ramp", "diurnal");

    private SimulationHeadline() {
    }

    public static void main(String[] args) {
        List<Long> seeds = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "1,2,3").split(",")) {
            seeds.add(Long.parseLong(s.trim()));
        }
        List<Workload> workloads = new ArrayList<>();
        workloads.add(WorkloadCatalog.bundledAzureCode());
        for (String p : PATTERNS) {
            workloads.add(WorkloadCatalog.synthetic(p, seeds.get(0)));
        }
        SimulationSettings settings = SimulationSettings.defaults(ModelProfiles.shipped(ModelProfiles.DEFAULT));
        StringBuilder md = new StringBuilder();
        for (Workload w : workloads) {
            System.err.println("== " + w.name() + ": " + w.requests().size() + " requests");
            Comparison.Result r = Comparison.run(w, settings, PolicyCatalog.ALL, seeds, w.description(),
                    line -> System.err.println("  " + line));
            int cheapest = -1;
            PolicySummary cheapestStatic = null;
            for (int n = 1; n <= settings.maxReplicas(); n++) {
                List<PolicySummary> per = new ArrayList<>();
                for (long seed : seeds) {
                    per.add(new Simulation(w, new StaticAutoscaler(n, 0), settings, seed).run().summary());
                }
                PolicySummary mean = mean("static-" + n, per);
                if (mean.ttftAttainment() >= TARGET) {
                    cheapest = n;
                    cheapestStatic = mean;
                    break;
                }
            }
            md.append("\n**").append(w.name()).append("** (").append(w.requests().size()).append(" requests; ")
                    .append(w.description()).append(")\n\n");
            md.append("| policy | TTFT ≤ 2 s | ITL ≤ 100 ms | TTFT p99 | GPU-h | scale events | flaps | dropped |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            List<PolicySummary> rows = new ArrayList<>(r.report().summaries());
            if (cheapestStatic != null) {
                rows.add(cheapestStatic);
            }
            for (PolicySummary p : rows) {
                md.append(String.format(Locale.ROOT, "| %s | %.2f %% | %.2f %% | %.2f s | %.2f | %d | %d | %d |%n",
                        p.policy(), 100 * p.ttftAttainment(), 100 * p.itlAttainment(), p.ttftP99Seconds(),
                        p.gpuHours(), p.scaleEvents(), p.flaps(), p.dropped()));
            }
            PolicySummary slo = r.report().summaries().get(0);
            PolicySummary best = cheapestReaching(rows.subList(1, rows.size()), slo.ttftAttainment());
            md.append("\nCheapest static reaching 99 %: ").append(cheapest < 0 ? "none up to the max" : cheapest
                    + " replicas").append(". ");
            if (best != null) {
                md.append(String.format(Locale.ROOT, "omescale-slo (%.2f %%) vs the cheapest other reaching its "
                        + "attainment, %s: %.0f %% of its GPU-hours, %d vs %d flaps.%n", 100 * slo.ttftAttainment(),
                        best.policy(), 100 * slo.gpuHours() / best.gpuHours(), slo.flaps(), best.flaps()));
            } else {
                md.append("No other policy reaches omescale-slo's attainment.\n");
            }
            for (PolicySummary p : rows) {
                if (p.policy().equals("oracle")) {
                    md.append(String.format(Locale.ROOT, "The clairvoyant reference (`oracle`, a perfect forecast) "
                            + "reaches %.2f %% at %.2f GPU-h; omescale-slo uses %.0f %% of its GPU-hours.%n",
                            100 * p.ttftAttainment(), p.gpuHours(), 100 * slo.gpuHours() / p.gpuHours()));
                }
            }
        }
        System.out.println(md);
    }

    static PolicySummary cheapestReaching(List<PolicySummary> rows, double attainment) {
        PolicySummary best = null;
        for (PolicySummary p : rows) {
            if (p.ttftAttainment() >= Math.min(attainment, TARGET) && !p.policy().startsWith("omescale-slo")
                    && !p.policy().equals("oracle")
                    && (best == null || p.gpuHours() < best.gpuHours())) {
                best = p;
            }
        }
        return best;
    }

    static PolicySummary mean(String name, List<PolicySummary> xs) {
        double a = 0;
        double i = 0;
        double p99 = 0;
        double g = 0;
        for (PolicySummary p : xs) {
            a += p.ttftAttainment();
            i += p.itlAttainment();
            p99 += p.ttftP99Seconds();
            g += p.gpuHours();
        }
        int n = xs.size();
        return new PolicySummary(name, a / n, i / n, 0, 0, p99 / n, 0, 0, 0, g / n, 0, 0, 0, 0, 0);
    }
}
