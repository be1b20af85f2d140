package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.ComponentKind;
import java.util.List;
import java.util.Optional;

/**
 * The decisions for one InferenceService at one tick, in engine, decoder, router order, and the history to pass to
 * the next tick.
 */
public record ServiceDecision(List<ComponentDecision> components, ServiceHistory next) {

    public ServiceDecision {
        components = List.copyOf(components);
    }

    public Optional<ComponentDecision> component(ComponentKind kind) {
        for (ComponentDecision d : components) {
            if (d.kind() == kind) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
