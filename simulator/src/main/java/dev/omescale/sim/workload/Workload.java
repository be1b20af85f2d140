package dev.omescale.sim.workload;

import java.util.List;

/**
 * A replayable request stream: requests sorted by arrival, identical for the same seed.
 *
 * @param name        short name shown in tables and reports, e.g. {@code azure-code-2023} or {@code step}
 * @param description one line saying where the requests come from (and the attribution for a public trace)
 * @param requests    sorted by {@link TraceRequest#arrivalSeconds()}
 * @param durationSeconds the span the workload covers (at least the last arrival)
 */
public record Workload(String name, String description, List<TraceRequest> requests, double durationSeconds) {
    public Workload {
        requests = List.copyOf(requests);
        for (int i = 1; i < requests.size(); i++) {
            if (requests.get(i).arrivalSeconds() < requests.get(i - 1).arrivalSeconds()) {
                throw new IllegalArgumentException("workload " + name + ": requests are not sorted by arrival at index " + i);
            }
        }
    }
}
