package dev.omescale.sim.report;

import java.util.ArrayList;
import java.util.List;

import dev.omescale.sim.report.ReportData.BurstReaction;
import dev.omescale.sim.report.ReportData.PolicyRun;
import dev.omescale.sim.report.ReportData.PolicySummary;

/** Report data shaped like a simulator's output: an hour sampled every 30 s, three policies. */
final class ReportFixtures {
    /** A policy name that breaks the page unless it is escaped everywhere. */
    static final String NASTY_POLICY = "knative <kpa> & \"q\" 'x'";
    static final List<String> POLICIES = List.of("omescale-slo", "static-peak", NASTY_POLICY);
    static final int SAMPLES = 121;

    private ReportFixtures() {
    }

    static ReportData sample(boolean decoders) {
        List<PolicyRun> runs = new ArrayList<>();
        List<PolicySummary> summaries = new ArrayList<>();
        for (int p = 0; p < POLICIES.size(); p++) {
            runs.add(run(POLICIES.get(p), p, decoders));
            summaries.add(new PolicySummary(POLICIES.get(p), 0.995 - 0.03 * p, 0.999 - 0.01 * p,
                    0.4 + p, 1.2 + p, 2.5 + p, 0.020, 0.035 + 0.01 * p, 0.050, 10.5 + 4 * p, 12 - 3 * p, p, p * 3L, p * 7L,
                    new BurstReaction(3, 12 + p, 140 + p, p == 1 ? Double.NaN : 95 + 30 * p, 400 + p)));
        }
        return new ReportData("Simulation <demo> & test", "azure-code-2023",
                "Azure LLM inference trace 2023 (code) <CC-BY 4.0> & Splitwise", 2.0, 0.05, runs, summaries);
    }

    static PolicyRun run(String policy, int p, boolean decoders) {
        double[] t = new double[SAMPLES];
        double[] rate = new double[SAMPLES];
        int[] engineReady = new int[SAMPLES];
        int[] engineTotal = new int[SAMPLES];
        int[] decoderReady = new int[SAMPLES];
        int[] decoderTotal = new int[SAMPLES];
        double[] ttft = new double[SAMPLES];
        double[] itl = new double[SAMPLES];
        double[] queue = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            t[i] = 30.0 * i;
            rate[i] = 2.5 + 1.5 * Math.sin(i / 12.0);
            engineTotal[i] = 4 + (i / 20) % 3 + p;
            engineReady[i] = Math.max(1, engineTotal[i] - (i % 20 < 4 ? 1 : 0));
            decoderTotal[i] = decoders ? 2 * engineTotal[i] : 0;
            decoderReady[i] = decoders ? 2 * engineReady[i] : 0;
            // Gaps where no request finished in the interval, and one policy running far past the SLO.
            ttft[i] = i % 17 == 5 ? Double.NaN : (p == 2 && i > 60 && i < 70 ? 30.0 : 0.8 + 0.5 * Math.cos(i / 7.0));
            itl[i] = i % 17 == 5 ? Double.NaN : 0.03 + 0.01 * Math.sin(i / 9.0);
            queue[i] = Math.max(0, 3 * Math.sin(i / 5.0));
        }
        return new PolicyRun(policy, t, rate, engineReady, engineTotal, decoderReady, decoderTotal, ttft, itl, queue);
    }

    /** How many samples of the TTFT series are drawn (not NaN). */
    static int finiteTtftSamples() {
        int n = 0;
        for (int i = 0; i < SAMPLES; i++) {
            n += i % 17 == 5 ? 0 : 1;
        }
        return n;
    }
}
