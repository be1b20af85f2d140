package dev.omescale.sim.run;

import dev.omescale.sim.report.ReportData;
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
        b.append(String.format(Locale.ROOT, name + " %8s %8s %8s %8s %8s %8s %7s %6s %6s %8s %8s%n", "policy",
                "TTFT ok", "ITL ok", "TTFT p50", "TTFT p95", "TTFT p99", "ITL p95", "GPU-h", "scales", "flaps",
                "dropped", "recover"));
        for (PolicySummary p : d.summaries()) {
            b.append(String.format(Locale.ROOT, name + " %7.2f%% %7.2f%% %7.2fs %7.2fs %7.2fs %6.0fms %7.2f %6d %6d %8d %7.0fs%n",
                    p.policy(), 100 * p.ttftAttainment(), 100 * p.itlAttainment(), p.ttftP50Seconds(),
                    p.ttftP95Seconds(), p.ttftP99Seconds(), 1000 * p.itlP95Seconds(), p.gpuHours(), p.scaleEvents(),
                    p.flaps(), p.dropped(), p.reactionSeconds()));
        }
        if (d.attribution() != null && !d.attribution().isEmpty()) {
            b.append(d.attribution()).append('\n');
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
