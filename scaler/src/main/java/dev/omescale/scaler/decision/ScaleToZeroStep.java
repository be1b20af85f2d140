package dev.omescale.scaler.decision;

import dev.omescale.scaler.decision.Explanation.Activity;
import dev.omescale.scaler.model.AnnotationNames;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * Step g: scale to zero without Knative, only for a RawDeployment component with
 * {@code omescale.dev/scale-to-zero}. Above zero, an idle timer runs while the component is seen idle without a
 * break (fresh, complete evidence — see {@link ActivityCheck}); once it reaches the configured period the
 * component goes to 0. At zero, the first sign of activity brings it straight to max(1, minReplicas), past
 * stabilization and rate limits, as KEDA's activation does. Missing data at zero keeps 0 (not a scale-down), and
 * above zero it stops the idle timer, so it can never complete it.
 */
final class ScaleToZeroStep {

    enum Move {
        /** The step leaves the normalized count alone. */
        NONE,
        /** Idle long enough: to 0. */
        TO_ZERO,
        /** Activity at zero: to max(1, minReplicas). */
        WAKE,
        /** At zero and staying there. */
        HELD_AT_ZERO
    }

    /**
     * @param move        what the step does
     * @param replicas    the count after the step
     * @param idleSince   the idle timer for the next tick, or null
     * @param explanation the step's record
     */
    record Zero(Move move, int replicas, Instant idleSince, Explanation.ScaleToZero explanation) {
    }

    private ScaleToZeroStep() {
    }

    /** At zero with scale to zero allowed: wake on activity, else stay. */
    static Zero atZero(EffectiveComponentSpec spec, ActivityCheck.Result activity, Instant idleSince) {
        Duration idle = spec.omescale().scaleToZeroIdle();
        if (activity.activity() == Activity.ACTIVE) {
            int to = wakeTarget(spec);
            return new Zero(Move.WAKE, to, null, new Explanation.ScaleToZero(idle, activity.activity(),
                    activity.evidence(), null, "activity at zero (" + activity.evidence() + "): woke to " + to
                    + ", past stabilization and rate limits"));
        }
        String note = activity.activity() == Activity.IDLE ? "at zero and idle: staying at 0"
                : "at zero, activity unknown (" + activity.evidence() + "): staying at 0";
        return new Zero(Move.HELD_AT_ZERO, 0, idleSince, new Explanation.ScaleToZero(idle, activity.activity(),
                activity.evidence(), idleSince, note));
    }

    /** Above zero: run the idle timer; to zero once it reaches the configured period. */
    static Zero aboveZero(EffectiveComponentSpec spec, ActivityCheck.Result activity, Instant idleSince,
            int normalized, Instant now) {
        Duration idle = spec.omescale().scaleToZeroIdle();
        switch (activity.activity()) {
            case ACTIVE -> {
                return new Zero(Move.NONE, normalized, null, new Explanation.ScaleToZero(idle, Activity.ACTIVE,
                        activity.evidence(), null, "active (" + activity.evidence() + "): idle timer reset"));
            }
            case UNKNOWN -> {
                return new Zero(Move.NONE, normalized, null, new Explanation.ScaleToZero(idle, Activity.UNKNOWN,
                        activity.evidence(), null, "activity unknown (" + activity.evidence()
                        + "): idle timer stopped; missing data never scales to zero"));
            }
            default -> {
                Instant since = idleSince == null || idleSince.isAfter(now) ? now : idleSince;
                Duration forSoLong = Duration.between(since, now);
                if (forSoLong.compareTo(idle) >= 0) {
                    return new Zero(Move.TO_ZERO, 0, since, new Explanation.ScaleToZero(idle, Activity.IDLE,
                            activity.evidence(), since, "idle for " + Texts.duration(forSoLong) + " ≥ "
                            + Texts.duration(idle) + ": to zero"));
                }
                return new Zero(Move.NONE, normalized, since, new Explanation.ScaleToZero(idle, Activity.IDLE,
                        activity.evidence(), since, "idle for " + Texts.duration(forSoLong) + " of "
                        + Texts.duration(idle)));
            }
        }
    }

    /**
     * At zero, but scale to zero no longer applies (the annotation was removed, or the component is no longer
     * RawDeployment): omescale put it there, so omescale brings it back, rather than leave it disabled at 0 the
     * way an HPA leaves a target someone scaled to 0.
     */
    static Zero noLongerAllowed(EffectiveComponentSpec spec) {
        int to = wakeTarget(spec);
        return new Zero(Move.WAKE, to, null, new Explanation.ScaleToZero(null, Activity.UNKNOWN, "", null,
                AnnotationNames.SCALE_TO_ZERO + " no longer applies to " + spec.objectName()
                        + ", which omescale took to zero: back to " + to));
    }

    static int wakeTarget(EffectiveComponentSpec spec) {
        return Math.min(Math.max(1, spec.minReplicas()), Math.max(1, spec.maxReplicas()));
    }
}
