package dev.omescale.scaler.hpa;

/**
 * The parts of an HPA spec that normalization reads.
 *
 * @param minReplicas {@code spec.minReplicas}, null for the default of 1
 * @param maxReplicas {@code spec.maxReplicas}
 * @param behavior    {@code spec.behavior} as written, null for the legacy path
 */
public record HpaSpec(Integer minReplicas, int maxReplicas, HpaBehavior behavior) {

    public HpaSpec {
        if (minReplicas != null && minReplicas < 0) {
            throw new IllegalArgumentException("HPA minReplicas is " + minReplicas + "; use 1 or more (0 only"
                    + " with HPAScaleToZero)");
        }
        if (maxReplicas < 1 || (minReplicas != null && maxReplicas < minReplicas)) {
            throw new IllegalArgumentException("HPA maxReplicas is " + maxReplicas + " with minReplicas "
                    + minReplicas + "; use maxReplicas ≥ 1 and ≥ minReplicas");
        }
    }

    /** {@code minReplicas}, defaulted to 1. */
    public int effectiveMinReplicas() {
        return minReplicas == null ? 1 : minReplicas;
    }
}
