package dev.omescale.scaler.hpa;

/**
 * Which tolerance test the HPA applies to a usage ratio. The two forms are not float-identical: with a tolerance of
 * 0.1, a ratio of exactly 1.1 holds in the 1.33 form and scales in the legacy form, because
 * {@code |1 - 1.1| = 0.10000000000000009}. Clusters differ, so the choice is explicit.
 */
public enum ToleranceForm {
    /** Kubernetes ≥ 1.33: {@code (1 - scaleDown) ≤ r ≤ (1 + scaleUp)}, per-direction tolerances honoured. */
    KUBERNETES_1_33,
    /** Kubernetes < 1.33: {@code |1 - r| ≤ tolerance}; one controller-wide tolerance, per-HPA values do not exist. */
    LEGACY
}
