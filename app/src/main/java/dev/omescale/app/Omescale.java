package dev.omescale.app;

import dev.omescale.sim.report.HtmlReport;
import dev.omescale.sim.workload.RatePattern;
import dev.omescale.sim.workload.Workload;
import dev.omescale.sim.workload.WorkloadCatalog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/** The one executable. Subcommands wire the modules together; the work happens in the modules. */
public final class Omescale {

    static final String USAGE = """
            usage: omescale <command> [options]

            commands:
              simulate  replay an LLM request trace through a modelled GPU fleet against every policy and compare
                          omescale simulate                      (the bundled Azure LLM code trace, all policies)
                          omescale simulate --trace step --policies omescale-slo,keda-queue
              inspect   scrape exporters for a while and print per-pod and per-component signals
                          omescale inspect --demo
                          omescale inspect --config targets.yaml [--duration 60s] [--output table|json]
                          omescale inspect --url http://127.0.0.1:8000/metrics
              serve     run telemetry, decisions, the KEDA external scaler and the metrics API without a cluster
                          omescale serve --config serve.yaml
              controller  scale InferenceServices in a cluster (class external), with leader election
                          omescale controller [--namespace NS] [--tick 5s] [--prometheus URL]
              explain   what the controller decided for an InferenceService, and why
                          omescale explain default/llama-chat [--server http://127.0.0.1:8080]
              help      print this text

            Run 'omescale <command> --help' for the options of one command.
            """;

    private Omescale() {
    }

    /** {@code --trace}: none = the bundled Azure trace, a pattern name = synthetic, else a CSV/JSONL file. */
    static Workload workload(String trace, long seed) {
        if (trace == null) {
            return WorkloadCatalog.bundledAzureCode();
        }
        if (RatePattern.ids().contains(trace)) {
            // the same workloads as the benchmark headline (WorkloadCatalog's defaults)
            return WorkloadCatalog.synthetic(trace, seed);
        }
        return WorkloadCatalog.load(Path.of(trace));
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command and returns its exit code: 0 success, 1 failure at run time, 2 bad usage. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "simulate":
                return new SimulateCommand(out, err, Omescale::workload, HtmlReport::write).run(rest);
            case "inspect":
                return new InspectCommand(out, err).run(rest);
            case "serve":
                return new ServeCommand(out, err).run(rest);
            case "controller":
                return new ControllerCommand(out, err, System.getenv()).run(rest);
            case "explain":
                return new ExplainCommand(out, err).run(rest);
            case "help":
            case "--help":
            case "-h":
                out.print(USAGE);
                return 0;
            default:
                err.println("omescale: unknown command '" + args[0]
                        + "'; commands: simulate, inspect, serve, controller, explain, help");
                err.print(USAGE);
                return 2;
        }
    }
}
