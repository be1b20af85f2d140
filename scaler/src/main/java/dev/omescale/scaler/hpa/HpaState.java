package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.Objects;

/**
 * What the HPA controller remembers per HPA between reconciles, in memory: recommendations for stabilization and
 * scale events for the behavior rate limits.
 */
public record HpaState(RecommendationHistory recommendations, ScaleEvents scaleEvents) {

    private static final HpaState INITIAL = new HpaState(RecommendationHistory.empty(), ScaleEvents.empty());

    public HpaState {
        Objects.requireNonNull(recommendations, "recommendation history");
        Objects.requireNonNull(scaleEvents, "scale events");
    }

    /** The state of an HPA the controller has not reconciled yet (the first reconcile seeds the history). */
    public static HpaState initial() {
        return INITIAL;
    }

    /**
     * The state after the scale subresource was updated from {@code previous} to {@code next}: the behavior path
     * records a scale event, the legacy path (null behavior) records nothing. Call only after a successful update.
     */
    public HpaState afterRescale(int previous, int next, Instant now, HpaBehavior behavior,
            HpaControllerConfig config) {
        if (behavior == null) {
            return this;
        }
        EffectiveBehavior effective = BehaviorDefaults.apply(behavior, config);
        return new HpaState(recommendations, scaleEvents.record(previous, next, now, effective));
    }
}
