package dev.omescale.scaler.policy;

import java.time.Duration;

/**
 * The knobs of {@link KpaPolicy}, named and bounded as Knative's autoscaler config map
 * ({@code config-autoscaler}, knative/serving {@code pkg/autoscaler/config}); {@link #KNATIVE} holds its defaults.
 *
 * @param stableWindow               {@code stable-window}: 6 s to 1 h, whole seconds
 * @param panicWindowPercentage      {@code panic-window-percentage}: the panic window as a percentage of the stable
 *                                   window, 1 to 100
 * @param panicThresholdPercentage   {@code panic-threshold-percentage}: 110 to 1000; panic starts when the panic
 *                                   window asks for this percentage of the ready pods
 * @param targetUtilization          {@code container-concurrency-target-percentage} / 100: the share of the per-pod
 *                                   target aimed at, above 0 and at most 1
 * @param concurrencyTargetDefault   {@code container-concurrency-target-default}: requests in flight per pod when
 *                                   the component's scaleTarget is not written
 * @param rpsTargetDefault           {@code requests-per-second-target-default}: requests per second per pod when the
 *                                   component's scaleTarget is not written
 * @param maxScaleUpRate             {@code max-scale-up-rate}: at most this many times the ready pods; above 1
 * @param maxScaleDownRate           {@code max-scale-down-rate}: at least the ready pods divided by this; above 1
 */
public record KpaConfig(
        Duration stableWindow,
        double panicWindowPercentage,
        double panicThresholdPercentage,
        double targetUtilization,
        double concurrencyTargetDefault,
        double rpsTargetDefault,
        double maxScaleUpRate,
        double maxScaleDownRate) {

    /** Knative Serving's defaults (knative/serving 98e5ef90). */
    public static final KpaConfig KNATIVE =
            new KpaConfig(Duration.ofSeconds(60), 10, 200, 0.7, 100, 200, 1000, 2);

    public KpaConfig {
        if (stableWindow == null || stableWindow.compareTo(Duration.ofSeconds(6)) < 0
                || stableWindow.compareTo(Duration.ofHours(1)) > 0 || stableWindow.toMillis() % 1000 != 0) {
            throw invalid("stable-window", stableWindow, "must be whole seconds from 6s to 1h, e.g. 60s");
        }
        if (!(panicWindowPercentage >= 1 && panicWindowPercentage <= 100)) {
            throw invalid("panic-window-percentage", panicWindowPercentage, "must be from 1 to 100, e.g. 10");
        }
        if (!(panicThresholdPercentage >= 110 && panicThresholdPercentage <= 1000)) {
            throw invalid("panic-threshold-percentage", panicThresholdPercentage, "must be from 110 to 1000, e.g. 200");
        }
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw invalid("target utilization", targetUtilization,
                    "must be above 0 and at most 1 (container-concurrency-target-percentage / 100), e.g. 0.7");
        }
        if (!(concurrencyTargetDefault >= 0.01)) {
            throw invalid("container-concurrency-target-default", concurrencyTargetDefault,
                    "must be at least 0.01, e.g. 100");
        }
        if (!(rpsTargetDefault >= 0.01)) {
            throw invalid("requests-per-second-target-default", rpsTargetDefault, "must be at least 0.01, e.g. 200");
        }
        if (!(maxScaleUpRate > 1)) {
            throw invalid("max-scale-up-rate", maxScaleUpRate, "must be above 1, e.g. 1000");
        }
        if (!(maxScaleDownRate > 1)) {
            throw invalid("max-scale-down-rate", maxScaleDownRate, "must be above 1, e.g. 2");
        }
    }

    /** {@code stable-window × panic-window-percentage / 100}, to the millisecond: 6 s by default. */
    public Duration panicWindow() {
        return Duration.ofMillis(Math.round(stableWindow.toMillis() * panicWindowPercentage / 100));
    }

    /** The panic threshold as a ratio of desired to ready pods: 2.0 by default. */
    public double panicThreshold() {
        return panicThresholdPercentage / 100;
    }

    public KpaConfig withStableWindow(Duration window) {
        return new KpaConfig(window, panicWindowPercentage, panicThresholdPercentage, targetUtilization,
                concurrencyTargetDefault, rpsTargetDefault, maxScaleUpRate, maxScaleDownRate);
    }

    public KpaConfig withTargetUtilization(double utilization) {
        return new KpaConfig(stableWindow, panicWindowPercentage, panicThresholdPercentage, utilization,
                concurrencyTargetDefault, rpsTargetDefault, maxScaleUpRate, maxScaleDownRate);
    }

    public KpaConfig withScaleRates(double up, double down) {
        return new KpaConfig(stableWindow, panicWindowPercentage, panicThresholdPercentage, targetUtilization,
                concurrencyTargetDefault, rpsTargetDefault, up, down);
    }

    private static IllegalArgumentException invalid(String key, Object value, String fix) {
        return new IllegalArgumentException("KPA config " + key + " = " + value + ": " + fix);
    }
}
