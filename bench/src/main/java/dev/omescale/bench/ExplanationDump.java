package dev.omescale.bench;

import dev.omescale.scaler.decision.ComponentDecision;
import dev.omescale.scaler.decision.DecisionEngine;
import dev.omescale.scaler.decision.ServiceDecision;
import dev.omescale.scaler.decision.ServiceHistory;
import dev.omescale.scaler.model.ResolvedService;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes every explanation (line and JSON) of a small fleet of {@link DecisionBenchmark}'s services over many ticks, on
 * loads that differ per service, so that an optimization of the engine or the policies can be checked to change no
 * text and no decision: run it on the jar before and after, and compare the files byte for byte.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.omescale.bench.ExplanationDump shipped 30 400 out.txt}: policies,
 * services, ticks, output file.
 */
public final class ExplanationDump {
    private ExplanationDump() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: ExplanationDump simple|shipped SERVICES TICKS FILE, e.g. "
                    + "shipped 30 400 explanations.txt");
        }
        try (PrintStream out = new PrintStream(new FileOutputStream(args[3]), false, StandardCharsets.UTF_8)) {
            dump(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), out);
        }
    }

    private static void dump(String policies, int services, int ticks, PrintStream out) {
        DecisionEngine engine = DecisionBenchmark.engine(policies);
        ResolvedService[] s = new ResolvedService[services];
        ServiceHistory[] h = new ServiceHistory[services];
        int[][] r = new int[services][];
        for (int i = 0; i < services; i++) {
            s[i] = DecisionBenchmark.service("llama-" + i, policies);
            h[i] = ServiceHistory.empty();
            r[i] = new int[] {1, 1};
        }
        for (long t = 0; t < ticks; t++) {
            Instant now = DecisionBenchmark.START.plus(DecisionBenchmark.TICK.multipliedBy(t));
            for (int i = 0; i < services; i++) {
                // vary the wave per service so that many shapes occur
                double load = DecisionBenchmark.WAVE[(int) ((t * (1 + i % 3) + i) % DecisionBenchmark.WAVE.length)]
                        * (0.3 + (i % 7) * 0.4);
                ServiceDecision d = engine.decide(DecisionBenchmark.inputs(s[i], r[i], load, now), h[i]);
                h[i] = d.next();
                for (int c = 0; c < 2; c++) {
                    ComponentDecision cd = d.components().get(c);
                    r[i][c] = cd.desiredReplicas();
                    out.println(cd.explanation().toLine());
                    out.println(cd.explanation().toJson());
                }
            }
        }
    }
}
