package dev.omescale.scaler.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * How the controller runs.
 *
 * @param namespace      the only namespace watched, or null for all namespaces
 * @param tick           how often every InferenceService is re-evaluated (default 5 s, aligned with scraping)
 * @param workers        how many InferenceServices are reconciled at once
 * @param maxSignalAge   signals older than this are missing data
 * @param maxUsageAge    cpu and memory samples (metrics.k8s.io) older than this are missing data: metrics-server
 *                       serves a sample per pod every 15 to 60 s, over a 15 to 30 s window, so its samples are
 *                       routinely older than scraped signals
 * @param retryBase      first retry delay after a failed reconcile
 * @param retryMax       cap of the exponential retry delay
 * @param writeAttempts  attempts per replica write when the API server answers 409 Conflict
 * @param resync         informer resync period
 * @param writeReplicas  false for metrics-only mode: decisions, explanations and the servers run, but nothing is
 *                       written (no replicas, no lever patch, no Events), so no leader election is needed
 */
public record ControllerConfig(
        String namespace,
        Duration tick,
        int workers,
        Duration maxSignalAge,
        Duration maxUsageAge,
        Duration retryBase,
        Duration retryMax,
        int writeAttempts,
        Duration resync,
        boolean writeReplicas) {

    public static final Duration DEFAULT_TICK = Duration.ofSeconds(5);

    public ControllerConfig {
        Objects.requireNonNull(tick, "tick");
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("controller tick " + tick + " must be positive, e.g. 5s");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("controller workers " + workers + " must be 1 or more");
        }
        if (writeAttempts < 1) {
            throw new IllegalArgumentException("write attempts " + writeAttempts + " must be 1 or more");
        }
        Objects.requireNonNull(maxSignalAge, "max signal age");
        Objects.requireNonNull(maxUsageAge, "max usage age");
        Objects.requireNonNull(retryBase, "retry base");
        Objects.requireNonNull(retryMax, "retry max");
        Objects.requireNonNull(resync, "resync");
    }

    /** metrics-server's slowest resolution (60 s) plus its longest window (30 s) plus a scrape's margin. */
    public static final Duration DEFAULT_MAX_USAGE_AGE = Duration.ofSeconds(120);

    /**
     * All namespaces, a 5 s tick, 4 workers, 30 s signal age (120 s for cpu/memory usage), retries from 1 s to
     * 5 min, 5 write attempts.
     */
    public static ControllerConfig defaults() {
        return new ControllerConfig(null, DEFAULT_TICK, 4, Duration.ofSeconds(30), DEFAULT_MAX_USAGE_AGE,
                Duration.ofSeconds(1),
                Duration.ofMinutes(5), 5, Duration.ofMinutes(10), true);
    }

    public ControllerConfig withNamespace(String ns) {
        return new ControllerConfig(ns, tick, workers, maxSignalAge, maxUsageAge, retryBase, retryMax,
                writeAttempts, resync, writeReplicas);
    }

    public ControllerConfig withTick(Duration t) {
        return new ControllerConfig(namespace, t, workers, maxSignalAge, maxUsageAge, retryBase, retryMax,
                writeAttempts, resync, writeReplicas);
    }

    public ControllerConfig withWorkers(int w) {
        return new ControllerConfig(namespace, tick, w, maxSignalAge, maxUsageAge, retryBase, retryMax,
                writeAttempts, resync, writeReplicas);
    }

    public ControllerConfig withMaxSignalAge(Duration age) {
        return new ControllerConfig(namespace, tick, workers, age, maxUsageAge, retryBase, retryMax,
                writeAttempts, resync, writeReplicas);
    }

    public ControllerConfig withMaxUsageAge(Duration age) {
        return new ControllerConfig(namespace, tick, workers, maxSignalAge, age, retryBase, retryMax, writeAttempts,
                resync, writeReplicas);
    }

    /**
     * Metrics-only mode when {@code write} is false: every decision is made and served (KEDA, metrics API,
     * /metrics, explain) but the controller writes nothing to the cluster; HPAs or ScaledObjects act on what it
     * serves.
     */
    public ControllerConfig withWriteReplicas(boolean write) {
        return new ControllerConfig(namespace, tick, workers, maxSignalAge, maxUsageAge, retryBase, retryMax,
                writeAttempts, resync, write);
    }

    /** The age limit of a component's inputs: the usage limit when it scales on cpu or memory. */
    public Duration maxAgeFor(dev.omescale.scaler.model.ScaleMetric metric) {
        return metric != null && metric.isUtilization() && maxUsageAge.compareTo(maxSignalAge) > 0 ? maxUsageAge
                : maxSignalAge;
    }

    public ControllerConfig withRetry(Duration base, Duration max) {
        return new ControllerConfig(namespace, tick, workers, maxSignalAge, maxUsageAge, base, max,
                writeAttempts, resync, writeReplicas);
    }

    /** The delay before retry number {@code failures} (1 = first retry): base·2^(n-1), capped at retryMax. */
    public Duration retryDelay(int failures) {
        int shift = Math.min(Math.max(0, failures - 1), 30);
        long millis = retryBase.toMillis() << shift;
        if (millis < 0 || millis > retryMax.toMillis() || (shift > 0 && (millis >> shift) != retryBase.toMillis())) {
            return retryMax;
        }
        return Duration.ofMillis(millis);
    }
}
