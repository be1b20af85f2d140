package dev.omescale.scaler.hpa;

/**
 * Per-direction tolerances around a usage ratio of 1 (Kubernetes ≥ 1.33, {@code HPAConfigurableTolerance}).
 *
 * @param scaleDown how far below 1 a ratio may fall and still hold, e.g. 0.1
 * @param scaleUp   how far above 1 a ratio may rise and still hold, e.g. 0.1
 */
public record Tolerances(double scaleDown, double scaleUp) {

    /** The controller's default {@code --horizontal-pod-autoscaler-tolerance} of 0.1 in both directions. */
    public static final Tolerances DEFAULT = new Tolerances(0.1, 0.1);

    public Tolerances {
        check("scaleDown", scaleDown);
        check("scaleUp", scaleUp);
    }

    /** Both directions the same, as the controller flag sets them. */
    public static Tolerances of(double tolerance) {
        return new Tolerances(tolerance, tolerance);
    }

    /** The ≥ 1.33 test, inclusive at both edges, in float64 exactly as written. */
    public boolean within(double ratio) {
        return (1.0 - scaleDown) <= ratio && ratio <= (1.0 + scaleUp);
    }

    /**
     * The pre-1.33 test {@code |1 - r| ≤ t}. Before 1.33 there was one tolerance; this uses the tolerance of the
     * direction the ratio points to, which is that single value whenever both are equal (the only pre-1.33 case).
     */
    public boolean legacyWithin(double ratio) {
        double tolerance = ratio > 1.0 ? scaleUp : scaleDown;
        return Math.abs(1.0 - ratio) <= tolerance;
    }

    public boolean within(double ratio, ToleranceForm form) {
        return form == ToleranceForm.LEGACY ? legacyWithin(ratio) : within(ratio);
    }

    private static void check(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("HPA tolerance " + name + " is " + value
                    + "; use a finite fraction ≥ 0 such as 0.1 (10 %)");
        }
    }
}
