package dev.omescale.scaler.hpa;

import java.util.Objects;

/** An HPA behavior after API defaulting and the controller's fill-ins; both directions are always present. */
public record EffectiveBehavior(EffectiveRules scaleUp, EffectiveRules scaleDown) {

    public EffectiveBehavior {
        Objects.requireNonNull(scaleUp, "scaleUp rules");
        Objects.requireNonNull(scaleDown, "scaleDown rules");
    }

    public Tolerances tolerances() {
        return new Tolerances(scaleDown.tolerance(), scaleUp.tolerance());
    }
}
