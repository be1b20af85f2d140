package dev.omescale.sim.run;

import dev.omescale.sim.report.ReportData;
import dev.omescale.sim.report.ReportData.BurstReaction;
import dev.omescale.sim.report.ReportData.PolicySummary;
import java.util.Locale;

/** The comparison as a plain-text table for a terminal. */
public final class ComparisonTable {
    private ComparisonTable() {
    }

    public static String render(ReportData d) {
        StringBuilder b = new StringBuilder();
        b.append(d.title()).append('\n');
        b.append(String.format(Locale.ROOT, "SLO: TTFT ≤ %s s, ITL ≤ %s s%n", fmt(d.sloTtftSeconds()),
                fmt(d.sloItlSeconds())));
        // the policy column is as wide as the longest name, so the numbers stay in their columns
        int width = "policy".length();
        for (PolicySummary p : d.summaries()) {
            width = Math.max(width, p.policy().length());
        }
        String name = "%-" + width + "s";
        b.append(String.format(Locale.ROOT, name + " %8s %8s %8s %8s %8s %8s %7s %6s %6s %8s %7s %7s %7s %7s%n",
                "policy", "TTFT ok", "ITL ok", "TTFT p50", "TTFT p95", "TTFT p99", "ITL p95", "GPU-h", "scales",
                "flaps", "dropped", "decide", "ready", "recover", "release"));
        for (PolicySummary p : d.summaries()) {
            BurstReaction r = p.reaction();
            b.append(String.format(Locale.ROOT, name + " %7.2f%% %7.2f%% %7.2fs %7.2fs %7.2fs %6.0fms %7.2f %6d %6d %8d "
                            + "%7s %7s %7s %7s%n",
                    p.policy(), 100 * p.ttftAttainment(), 100 * p.itlAttainment(), p.ttftP50Seconds(),
                    p.ttftP95Seconds(), p.ttftP99Seconds(), 1000 * p.itlP95Seconds(), p.gpuHours(), p.scaleEvents(),
                    p.flaps(), p.dropped(), secs(r.decisionSeconds()), secs(r.readySeconds()),
                    secs(r.recoveredSeconds()), secs(r.releasedSeconds())));
        }
        int bursts = d.summaries().isEmpty() ? 0 : d.summaries().get(0).reaction().bursts();
        b.append(bursts == 0 ? "No bursts in this workload: decide, ready, recover and release are not timed.\n"
                : String.format(Locale.ROOT, "Means over the workload's %d burst%s (the 30 s prompt-token rate at twice "
                        + "its 5-minute mean): onset → first scale-up (decide), → its pods ready (ready), → p95 TTFT "
                        + "back under the SLO (recover); burst end → first scale-down (release); - where it never "
                        + "happened.%n", bursts, bursts == 1 ? "" : "s"));
        if (d.attribution() != null && !d.attribution().isEmpty()) {
            b.append(d.attribution()).append('\n');
        }
        return b.toString();
    }

    private static String secs(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0fs", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
