package dev.omescale.bench;

import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.store.TargetStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What successive reports say about the scrapes between them, counted only while measuring: a target whose
 * last success moved had at least one successful scrape, one whose failure streak grew had that many failed
 * scrapes. Reports come once per scrape interval, so these are lower bounds (two scrapes of one target between
 * two reports count once); the page server's count of pages served is the exact one. Not thread-safe: one
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
            if (!measuring || before == null) {
                continue;
            }
            if (t.lastSuccessMillis() != before.lastSuccessMillis()) {
                successes++;
            }
            int newFailures = t.consecutiveFailures() >= before.consecutiveFailures()
                    && t.lastSuccessMillis() == before.lastSuccessMillis()
                    ? t.consecutiveFailures() - before.consecutiveFailures()
                    : t.consecutiveFailures();
            failures += newFailures;
            if (!t.up()) {
                downObservations++;
            }
            if (t.stale()) {
                staleObservations++;
            }
            if ((newFailures > 0 || !t.up()) && someErrors.size() < 5) {
                someErrors.add(t.target() + ": " + t.lastError());
            }
        }
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
