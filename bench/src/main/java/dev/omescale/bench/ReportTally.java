package dev.omescale.bench;

import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.store.TargetStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What successive reports say about the scrapes between them: a target whose last success moved had at least
 * one successful scrape, one whose failure streak grew had that many failed scrapes. Successes count only while
 * measuring, failures also during the warm-up. Reports come once per scrape interval, so these are lower bounds
 * (two scrapes of one target between two reports count once, a failure mended before the next report is not
 * seen); the page server's count of pages served and the scraper's log are the exact ones. Not thread-safe: one
 * report thread feeds it, and it is read after that thread has stopped.
 */
final class ReportTally {
    /** A target as the previous report saw it. */
    private record Seen(long lastSuccessMillis, int consecutiveFailures) {
    }

    private final Map<String, Seen> previous = new HashMap<>();
    private final List<Long> measuredEvalNanos = new ArrayList<>();
    private boolean measuring;
    private long successes;
    private long failures;
    private long warmupFailures;
    private long downObservations;
    private long staleObservations;
    private TelemetryReport last;
    private final List<String> someErrors = new ArrayList<>();

    void measuring(boolean on) {
        measuring = on;
    }

    void record(TelemetryReport report, long evalNanos) {
        last = report;
        if (measuring) {
            measuredEvalNanos.add(evalNanos);
        }
        for (TargetStatus t : report.targets()) {
            Seen before = previous.put(t.target(), new Seen(t.lastSuccessMillis(), t.consecutiveFailures()));
            Seen seen = before == null ? new Seen(0, 0) : before;
            int newFailures = t.lastSuccessMillis() == seen.lastSuccessMillis()
                    ? t.consecutiveFailures() - seen.consecutiveFailures()
                    : t.consecutiveFailures(); // a success came in between: the current streak is all new
            if (newFailures > 0 && someErrors.size() < 5) {
                someErrors.add((measuring ? "" : "warm-up: ") + t.lastError()); // the error names its target
            }
            if (!measuring) {
                warmupFailures += Math.max(0, newFailures);
                continue;
            }
            if (before != null && t.lastSuccessMillis() != before.lastSuccessMillis()) {
                successes++;
            }
            failures += Math.max(0, newFailures);
            if (!t.up()) {
                downObservations++;
            }
            if (t.stale()) {
                staleObservations++;
            }
        }
    }

    /** Failed scrapes seen before the measurement, from the first report on. */
    long warmupFailures() {
        return warmupFailures;
    }

    long successes() {
        return successes;
    }

    long failures() {
        return failures;
    }

    long downObservations() {
        return downObservations;
    }

    long staleObservations() {
        return staleObservations;
    }

    List<String> someErrors() {
        return List.copyOf(someErrors);
    }

    TelemetryReport last() {
        return last;
    }

    int measuredReports() {
        return measuredEvalNanos.size();
    }

    /** Evaluation times of the measured reports in milliseconds: mean, median, max; zeros when none. */
    double[] evalMillis() {
        if (measuredEvalNanos.isEmpty()) {
            return new double[3];
        }
        long[] sorted = measuredEvalNanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        return new double[] {mean, sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6};
    }
}
