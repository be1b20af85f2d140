package dev.omescale.sim.measure;

import dev.omescale.sim.report.ReportData.PolicyRun;
import dev.omescale.sim.report.ReportData.PolicySummary;
import java.util.List;

/** One policy on one workload with one seed. */
public record RunResult(String policy, long seed, PolicySummary summary, PolicyRun series, List<ScaleEvent> events,
                        double simulatedSeconds) {
    public RunResult {
        events = List.copyOf(events);
    }
}
