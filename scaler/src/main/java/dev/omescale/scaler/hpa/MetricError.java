package dev.omescale.scaler.hpa;

import java.util.Objects;

/**
 * A metric that could not give a proposal.
 *
 * @param reason  the {@code ScalingActive=False} reason, e.g. {@link ConditionReason#FAILED_GET_PODS_METRIC}
 * @param message the error text, e.g. "did not receive metrics for targeted pods (pods might be unready)"
 */
public record MetricError(ConditionReason reason, String message) implements MetricResult {

    public MetricError {
        Objects.requireNonNull(reason, "metric error reason");
        Objects.requireNonNull(message, "metric error message");
    }
}
