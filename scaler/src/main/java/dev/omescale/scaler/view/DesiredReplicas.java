package dev.omescale.scaler.view;

import java.time.Instant;

/**
 * The decision engine's latest answer for one component, as the KEDA scaler and the metrics API serve it
 * ({@code desired_replicas}).
 *
 * @param replicas        what omescale decided
 * @param currentReplicas what the component had when it decided
 * @param decidedAt       when
 * @param explanation     the decision's one-line explanation
 */
public record DesiredReplicas(int replicas, int currentReplicas, Instant decidedAt, String explanation) {
}
