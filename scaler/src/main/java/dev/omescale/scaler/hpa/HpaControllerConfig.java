package dev.omescale.scaler.hpa;

import java.time.Duration;
import java.util.Objects;

/**
 * The kube-controller-manager settings the HPA algorithm reads (spec section 1), plus which tolerance test to use.
 *
 * @param tolerance                    {@code --horizontal-pod-autoscaler-tolerance}
 * @param toleranceForm                the ≥ 1.33 per-direction test or the legacy {@code |1 - r|} test
 * @param downscaleStabilizationWindow {@code --horizontal-pod-autoscaler-downscale-stabilization}
 * @param cpuInitializationPeriod      {@code --horizontal-pod-autoscaler-cpu-initialization-period}
 * @param initialReadinessDelay        {@code --horizontal-pod-autoscaler-initial-readiness-delay}
 */
public record HpaControllerConfig(
        double tolerance,
        ToleranceForm toleranceForm,
        Duration downscaleStabilizationWindow,
        Duration cpuInitializationPeriod,
        Duration initialReadinessDelay) {

    /** Kubernetes defaults: 0.1, the ≥ 1.33 form, 300 s, 300 s, 30 s. */
    public static final HpaControllerConfig DEFAULT = new HpaControllerConfig(0.1, ToleranceForm.KUBERNETES_1_33,
            Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(30));

    public HpaControllerConfig {
        Tolerances.of(tolerance); // validates
        Objects.requireNonNull(toleranceForm, "tolerance form");
        requireNonNegative("downscale stabilization window", downscaleStabilizationWindow);
        requireNonNegative("cpu initialization period", cpuInitializationPeriod);
        requireNonNegative("initial readiness delay", initialReadinessDelay);
    }

    public HpaControllerConfig withToleranceForm(ToleranceForm form) {
        return new HpaControllerConfig(tolerance, form, downscaleStabilizationWindow, cpuInitializationPeriod,
                initialReadinessDelay);
    }

    private static void requireNonNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("HPA controller " + name + " is " + value
                    + "; use a duration ≥ 0 such as PT5M");
        }
    }
}
