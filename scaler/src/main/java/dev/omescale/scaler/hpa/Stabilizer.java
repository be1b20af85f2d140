package dev.omescale.scaler.hpa;

import java.time.Duration;
import java.time.Instant;

/**
 * Stabilization over recent recommendations (spec section 7). Mind the boundaries: the legacy path counts an entry
 * exactly at the cutoff ("not before"), the behavior path does not ("after"); an entry exactly at a behavior
 * cutoff is also not old enough to be overwritten.
 */
public final class Stabilizer {

    static final String HIGHER = "recent recommendations were higher than current one,"
            + " applying the highest recent recommendation";
    static final String LOWER = "recent recommendations were lower than current one,"
            + " applying the lowest recent recommendation";
    static final String MATCHES = "recommended size matches current size";

    // the conditions stabilization sets are always these: made once, not per component and tick
    private static final HpaCondition READY = HpaCondition.ableToScale(true, ConditionReason.READY_FOR_NEW_SCALE,
            MATCHES);
    private static final HpaCondition UP_STABILIZED = HpaCondition.ableToScale(true,
            ConditionReason.SCALE_UP_STABILIZED, LOWER);
    private static final HpaCondition DOWN_STABILIZED = HpaCondition.ableToScale(true,
            ConditionReason.SCALE_DOWN_STABILIZED, HIGHER);

    private Stabilizer() {
    }

    /**
     * @param recommendation the stabilized replica count
     * @param ableToScale    {@code AbleToScale=True} with ScaleUpStabilized, ScaleDownStabilized or ReadyForNewScale
     * @param history        the history with this reconcile's unstabilized recommendation stored
     */
    public record Stabilized(int recommendation, HpaCondition ableToScale, RecommendationHistory history) {
    }

    /** Legacy path (behavior nil): the highest recommendation not before {@code now − window}, desired included. */
    public static Stabilized legacy(RecommendationHistory history, int desired, Instant now, Duration window) {
        Instant cutoff = now.minus(window);
        int max = desired;
        int oldSlot = -1;
        for (int i = 0; i < history.size(); i++) {
            if (history.before(i, cutoff)) {
                oldSlot = i;
            } else if (history.replicas(i) > max) {
                max = history.replicas(i);
            }
        }
        HpaCondition condition = max != desired ? DOWN_STABILIZED : READY;
        return new Stabilized(max, condition, history.store(oldSlot, new Recommendation(desired, now)));
    }

    /**
     * Behavior path: {@code up} = the lowest of desired and the entries after {@code now − upWindow}, {@code down}
     * = the highest of desired and the entries after {@code now − downWindow}; the current count is raised to
     * {@code up} or lowered to {@code down}.
     */
    public static Stabilized withBehavior(RecommendationHistory history, int current, int desired,
            Duration upWindow, Duration downWindow, Instant now) {
        return withBehavior(history, current, desired, now.minus(upWindow), now.minus(downWindow), now);
    }

    /** {@link #withBehavior(RecommendationHistory, int, int, Duration, Duration, Instant)}, windows in seconds. */
    public static Stabilized withBehavior(RecommendationHistory history, int current, int desired,
            int upWindowSeconds, int downWindowSeconds, Instant now) {
        return withBehavior(history, current, desired, now.minusSeconds(upWindowSeconds),
                now.minusSeconds(downWindowSeconds), now);
    }

    private static Stabilized withBehavior(RecommendationHistory history, int current, int desired,
            Instant upCutoff, Instant downCutoff, Instant now) {
        int up = desired;
        int down = desired;
        int oldSlot = -1;
        for (int i = 0; i < history.size(); i++) {
            if (history.after(i, upCutoff)) {
                up = Math.min(up, history.replicas(i));
            }
            if (history.after(i, downCutoff)) {
                down = Math.max(down, history.replicas(i));
            }
            if (history.before(i, upCutoff) && history.before(i, downCutoff)) {
                oldSlot = i;
            }
        }
        int recommendation = current;
        if (recommendation < up) {
            recommendation = up;
        }
        if (recommendation > down) {
            recommendation = down;
        }
        HpaCondition condition;
        if (recommendation == desired) {
            condition = READY;
        } else if (desired >= current) {
            condition = UP_STABILIZED;
        } else {
            condition = DOWN_STABILIZED;
        }
        return new Stabilized(recommendation, condition, history.store(oldSlot, new Recommendation(desired, now)));
    }
}
