package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.ComponentKind;
import java.util.Objects;

/**
 * The decision for one component at one tick.
 *
 * @param objectName      the scale target, e.g. {@code llama-chat-engine}
 * @param currentReplicas the replicas observed
 * @param desiredReplicas the replicas decided; for {@link Outcome#NOT_SCALABLE} what the metrics adapter and the
 *                        KEDA scaler serve, though omescale writes nothing
 * @param outcome         what the decision does
 * @param explanation     every step's contribution
 */
public record ComponentDecision(
        ComponentKind kind,
        String objectName,
        int currentReplicas,
        int desiredReplicas,
        Outcome outcome,
        Explanation explanation) {

    public ComponentDecision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(explanation, "explanation");
    }
}
