package dev.omescale.scaler.hpa;

import java.util.Objects;

/**
 * One reconcile's decision, with the conditions the controller would set.
 *
 * @param desiredReplicas the replica count to scale to; the current count when metrics failed, 0 when scaling is
 *                        disabled (as {@code status.desiredReplicas} shows it)
 * @param rescale         whether the scale subresource would be updated
 * @param rescaleReason   why, before normalization
 * @param metricIndex     the metric behind {@link RescaleReason#METRIC_ABOVE_TARGET}, else -1
 * @param ableToScale     {@code AbleToScale}: SucceededGetScale, or the stabilizer's reason when it ran; the
 *                        caller replaces it with SucceededRescale or FailedUpdateScale after updating the scale
 * @param scalingActive   {@code ScalingActive}, or null when this reconcile leaves it as it was (min/max branches)
 * @param scalingLimited  {@code ScalingLimited}, or null when this reconcile leaves it as it was
 * @param state           the HPA's memory after this reconcile; record a rescale with
 *                        {@link HpaState#afterRescale} once the update succeeds
 * @param error           the metric error to report (all invalid, or partially invalid while scaling up), or null
 */
public record HpaOutcome(
        int desiredReplicas,
        boolean rescale,
        RescaleReason rescaleReason,
        int metricIndex,
        HpaCondition ableToScale,
        HpaCondition scalingActive,
        HpaCondition scalingLimited,
        HpaState state,
        String error) {

    public HpaOutcome {
        Objects.requireNonNull(rescaleReason, "rescale reason");
        Objects.requireNonNull(ableToScale, "AbleToScale condition");
        Objects.requireNonNull(state, "HPA state");
    }
}
