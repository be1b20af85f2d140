package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.Objects;

/** The outcome of weighing all metrics of an HPA (spec section 6 step 4). */
public sealed interface CombinedMetrics {

    /** The {@code ScalingActive} condition this outcome sets. */
    HpaCondition scalingActive();

    /**
     * Scale on {@code replicas}.
     *
     * @param replicas     the largest valid proposal
     * @param metricIndex  index of the metric that set {@code replicas}, for "&lt;metric&gt; above target"
     * @param timestamp    that metric's timestamp
     * @param partialError the error of the invalid metrics when some failed but the valid ones scale up; else null
     */
    record Valid(int replicas, int metricIndex, Instant timestamp, HpaCondition scalingActive, String partialError)
            implements CombinedMetrics {

        public Valid {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(scalingActive, "ScalingActive condition");
        }
    }

    /**
     * Do not scale: every metric failed, or some failed and the valid ones would scale down.
     *
     * @param scalingActive {@code ScalingActive=False} with the first invalid metric's reason
     * @param error         "invalid metrics (k invalid out of n), first error is: ..."
     */
    record Invalid(HpaCondition scalingActive, String error) implements CombinedMetrics {

        public Invalid {
            Objects.requireNonNull(scalingActive, "ScalingActive condition");
            Objects.requireNonNull(error, "error");
        }
    }
}
