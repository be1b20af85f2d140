package dev.omescale.app;

import dev.omescale.sim.fleet.ModelProfile;
import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.policy.PolicyCatalog;
import dev.omescale.sim.report.ReportData;
import dev.omescale.sim.run.Comparison;
import dev.omescale.sim.run.ComparisonTable;
import dev.omescale.sim.run.ReportJson;
import dev.omescale.sim.workload.Workload;
import dev.omescale.telemetry.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code omescale simulate}: replays a workload through the modelled fleet against every policy and compares them.
 * Where workloads come from and how the HTML page is drawn are given to it ({@link Workloads}, {@link HtmlWriter}),
 * so the command is only option handling and output.
 */
final class SimulateCommand {
    static final String USAGE = """
            usage: omescale simulate [options]

              --trace NAME|FILE     workload: the bundled Azure LLM code trace (default), a synthetic pattern
                                      (step, spike, ramp, diurnal) or a CSV/JSONL file
              --profile NAME|FILE   model/GPU profile (default llama-3.1-8b-h100; shipped: %s)
              --policies LIST       comma-separated, or all (default): %s
              --slo-ttft DURATION   TTFT target (default 2s)
              --slo-itl DURATION    inter-token latency target (default 100ms)
              --replicas MIN..MAX   engine replica bounds shared by every policy (default 1..40)
              --decoders MIN..MAX   prefill/decode disaggregation: the engine prefills, decoders decode, with a
                                      KV transfer between them (default: unified engines)
              --startup DURATION    pod start-up time, counted as GPU time (default 120s)
              --seeds LIST          comma-separated seeds (default 1,2,3); a seed jitters pod start-up ±10 %%
              --out DIR             where report.html and report.json go (default omescale-simulate)
              --output table|json   what goes to stdout (default table)
            """.formatted(String.join(", ", ModelProfiles.shipped().keySet()), String.join(", ", PolicyCatalog.ALL));

    /** Resolves {@code --trace}: null means the bundled trace. */
    interface Workloads {
        Workload load(String trace, long seed) throws IOException;
    }

    /** Draws the self-contained HTML report. */
    interface HtmlWriter {
        void write(ReportData data, Path file) throws IOException;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Workloads workloads;
    private final HtmlWriter html;

    SimulateCommand(PrintStream out, PrintStream err, Workloads workloads, HtmlWriter html) {
        this.out = out;
        this.err = err;
        this.workloads = workloads;
        this.html = html;
    }

    int run(String[] args) {
        String trace = null;
        String profileArg = ModelProfiles.DEFAULT;
        List<String> policies = PolicyCatalog.ALL;
        double ttft = 2;
        double itl = 0.1;
        int min = 1;
        int max = 40;
        int decoderMin = 0;
        int decoderMax = 0;
        double startup = 120;
        List<Long> seeds = List.of(1L, 2L, 3L);
        Path outDir = Path.of("omescale-simulate");
        boolean json = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    out.print(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    return usage(a.startsWith("--") ? a + " needs a value" : "unknown argument '" + a + "'");
                }
                String v = args[++i];
                switch (a) {
                    case "--trace" -> trace = v;
                    case "--profile" -> profileArg = v;
                    case "--policies" -> policies = PolicyCatalog.parse(v);
                    case "--slo-ttft" -> ttft = seconds(a, v);
                    case "--slo-itl" -> itl = seconds(a, v);
                    case "--startup" -> startup = seconds(a, v);
                    case "--replicas" -> {
                        int[] mm = range(a, v);
                        min = mm[0];
                        max = mm[1];
                    }
                    case "--decoders" -> {
                        int[] mm = range(a, v);
                        decoderMin = mm[0];
                        decoderMax = mm[1];
                        if (decoderMin < 1) {
                            return usage("--decoders needs at least 1 decoder, e.g. 1..20; got '" + v + "'");
                        }
                    }
                    case "--seeds" -> seeds = seeds(v);
                    case "--out" -> outDir = Path.of(v);
                    case "--output" -> {
                        if (!v.equals("json") && !v.equals("table")) {
                            return usage("--output is table or json; got '" + v + "'");
                        }
                        json = v.equals("json");
                    }
                    default -> {
                        return usage("unknown option '" + a + "'");
                    }
                }
            }
            if (policies.isEmpty()) {
                return usage("--policies names none; known: " + String.join(", ", PolicyCatalog.ALL));
            }
            ModelProfile profile = profile(profileArg);
            SimulationSettings settings = SimulationSettings.defaults(profile).withReplicas(min, max)
                    .withStartup(startup).withSlo(ttft, itl).withDecoders(decoderMin, decoderMax);
            for (String p : policies) {
                if (!PolicyCatalog.ALL.contains(p)) {
                    return usage("unknown policy '" + p + "'; known: " + String.join(", ", PolicyCatalog.ALL));
                }
            }
            Workload w = workloads.load(trace, seeds.get(0));
            err.println("omescale simulate: " + w.name() + " (" + w.requests().size() + " requests over "
                    + Math.round(w.durationSeconds()) + " s) on " + profile.name() + ", " + policies.size()
                    + " policies × " + seeds.size() + " seeds");
            long start = System.nanoTime();
            Comparison.Result result = Comparison.run(w, settings, policies, seeds, w.description(),
                    line -> err.println("  " + line));
            Files.createDirectories(outDir);
            String reportJson = ReportJson.write(result.report());
            Files.writeString(outDir.resolve("report.json"), reportJson);
            html.write(result.report(), outDir.resolve("report.html"));
            err.printf("omescale simulate: done in %.1f s; wrote %s and %s%n", (System.nanoTime() - start) / 1e9,
                    outDir.resolve("report.html"), outDir.resolve("report.json"));
            out.print(json ? reportJson + "\n" : ComparisonTable.render(result.report()));
            return 0;
        } catch (UsageException e) {
            return usage(e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println("omescale simulate: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("omescale simulate: " + e.getMessage());
            return 1;
        }
    }

    private static ModelProfile profile(String arg) {
        Map<String, ModelProfile> shipped = ModelProfiles.shipped();
        if (shipped.containsKey(arg)) {
            return shipped.get(arg);
        }
        Path file = Path.of(arg);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--profile " + arg + ": neither a shipped profile ("
                    + String.join(", ", shipped.keySet()) + ") nor a file");
        }
        Map<String, ModelProfile> read = ModelProfiles.read(file);
        return read.values().iterator().next();
    }

    private static double seconds(String option, String v) throws UsageException {
        double s;
        try {
            s = Durations.parse(v).toNanos() / 1e9;
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " wants a duration like 2s or 500ms; got '" + v + "'");
        }
        if (!(s > 0)) {
            throw new UsageException(option + " must be more than 0; got '" + v + "'");
        }
        return s;
    }

    private static int[] range(String option, String v) throws UsageException {
        String[] mm = v.split("\\.\\.");
        if (mm.length != 2 || !mm[0].matches("\\d{1,4}") || !mm[1].matches("\\d{1,4}")) {
            throw new UsageException(option + " wants MIN..MAX, e.g. 1..40; got '" + v + "'");
        }
        return new int[] {Integer.parseInt(mm[0]), Integer.parseInt(mm[1])};
    }

    private static List<Long> seeds(String v) throws UsageException {
        List<Long> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.trim().matches("-?\\d{1,18}")) {
                throw new UsageException("--seeds wants whole numbers separated by commas, e.g. 1,2,3; got '" + v + "'");
            }
            out.add(Long.parseLong(s.trim()));
        }
        return out;
    }

    private int usage(String problem) {
        err.println("omescale simulate: " + problem);
        err.print(USAGE);
        return 2;
    }
}
