package dev.omescale.bench;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.Simulation;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.policy.PolicyCatalog;
import dev.omescale.sim.policy.StaticAutoscaler;
import dev.omescale.sim.report.ReportData.PolicySummary;
import dev.omescale.sim.run.Comparison;
import dev.omescale.sim.workload.TraceRequest;
import dev.omescale.sim.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * The headline table of BENCHMARKS.md: every policy on the Azure code trace and on four synthetic patterns, several
 * seeds each, and for each workload the cheapest static replica count that reaches 99 % TTFT attainment (found by
 * trying 1, 2, 3, ...), against which the SLO policy's GPU-hours and flaps are judged.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.omescale.bench.SimulationHeadline AZURE_CSV [SEEDS]}.
 * The synthetic patterns are generated here (Poisson arrivals under a rate curve, prompt and output lengths
 * log-normal around the Azure code trace's medians), so the table does not depend on the workload module; the Azure
 * CSV is read with a three-column reader of its own for the same reason.
 */
public final class SimulationHeadline {
    static final double TARGET = 0.99;

    private SimulationHeadline() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SimulationHeadline AZURE_CSV [SEEDS, e.g. 1,2,3]");
            System.exit(2);
        }
        List<Long> seeds = new ArrayList<>();
        for (String s : (args.length > 1 ? args[1] : "1,2,3").split(",")) {
            seeds.add(Long.parseLong(s.trim()));
        }
        SimulationSettings settings = SimulationSettings.defaults(ModelProfiles.shipped(ModelProfiles.DEFAULT));
        List<Workload> workloads = List.of(azure(Path.of(args[0])),
                synthetic("step", 3600, t -> new double[] {4, 16, 32, 40, 8, 24}[(int) Math.min(5, t / 600)]),
                synthetic("spike", 3600, t -> (t % 600) >= 300 && (t % 600) < 420 ? 40 : 8),
                synthetic("ramp", 3600, t -> 2 + 58 * t / 3600),
                synthetic("diurnal", 3600, t -> 22 - 18 * Math.cos(2 * Math.PI * t / 3600)));
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
        }
        System.out.println(md);
    }

    static PolicySummary cheapestReaching(List<PolicySummary> rows, double attainment) {
        PolicySummary best = null;
        for (PolicySummary p : rows) {
            if (p.ttftAttainment() >= Math.min(attainment, TARGET) && !p.policy().startsWith("omescale-slo")
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

    /** Poisson arrivals under {@code rate(t)} (thinning), token lengths log-normal near the Azure code trace's. */
    static Workload synthetic(String name, double seconds, DoubleUnaryOperator rate) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        double peak = 0;
        for (double t = 0; t < seconds; t += 1) {
            peak = Math.max(peak, rate.applyAsDouble(t));
        }
        List<TraceRequest> out = new ArrayList<>();
        double t = 0;
        while (true) {
            t += -Math.log(1 - r.nextDouble()) / peak;
            if (t >= seconds) {
                break;
            }
            if (r.nextDouble() * peak <= rate.applyAsDouble(t)) {
                int prompt = (int) Math.min(7437, Math.max(16, Math.exp(7.3 + 0.7 * gaussian(r))));
                int output = (int) Math.min(1899, Math.max(1, Math.exp(2.6 + 1.0 * gaussian(r))));
                out.add(new TraceRequest(t, prompt, output));
            }
        }
        return new Workload(name, "synthetic " + name + ", Poisson, prompts ~1.5k, outputs ~13 tokens (medians)", out,
                seconds);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** The Azure LLM inference trace 2023 (code), CC-BY 4.0: TIMESTAMP, ContextTokens, GeneratedTokens. */
    static Workload azure(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
        List<TraceRequest> rs = new ArrayList<>();
        LocalDateTime t0 = null;
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            LocalDateTime t = LocalDateTime.parse(c[0].substring(0, 26), f);
            if (t0 == null) {
                t0 = t;
            }
            rs.add(new TraceRequest(ChronoUnit.MICROS.between(t0, t) / 1e6, Math.max(1, Integer.parseInt(c[1])),
                    Math.max(1, Integer.parseInt(c[2]))));
        }
        return new Workload("azure-code-2023", "Azure LLM inference trace 2023, code (CC-BY 4.0, Patel et al., "
                + "Splitwise, ISCA 2024)", rs, rs.get(rs.size() - 1).arrivalSeconds());
    }
}
