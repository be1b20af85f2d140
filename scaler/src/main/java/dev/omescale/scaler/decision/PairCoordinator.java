package dev.omescale.scaler.decision;

import dev.omescale.scaler.decision.Explanation.Activity;
import dev.omescale.scaler.decision.Explanation.Coordination;
import dev.omescale.scaler.model.DecoderRatio;

/**
 * Step f: keeps engine (prefill) and decoder counts within {@code omescale.dev/decoder-ratio}. It runs after each
 * component's rate limits and clamp, on the counts they produced, and may move a side further than that side's
 * rate limit allows (the ratio is a hard constraint, the limits are pacing); the explanation says so. It never
 * leaves a side's [minReplicas, maxReplicas], and never lowers a side that holds on missing data below its current
 * count.
 *
 * <p>Among the pairs within both ranges that satisfy the ratio it picks, in order: one that lowers neither side
 * (so a lagging side is raised when its max allows); then the smallest total change; then the most replicas.
 * When no pair satisfies the ratio, both counts stay and the explanation says "unsatisfiable".
 *
 * <p>Zero: while either side is at zero the ratio is not enforced (the pair idles down side by side), with two
 * exceptions that keep a running pair whole: a side at zero wakes when the other is active, and a side does not go
 * to zero while the other is active.
 */
final class PairCoordinator {

    record Pair(ComponentDraft engine, ComponentDraft decoder) {
    }

    private PairCoordinator() {
    }

    static Pair coordinate(DecoderRatio ratio, ComponentDraft engine, ComponentDraft decoder) {
        int e = engine.replicas();
        int d = decoder.replicas();
        if (e == 0 && d == 0) {
            return with(engine, decoder, new Coordination(ratio, 0, 0, 0, 0, true,
                    "both at zero: " + ratio + " applies once they run"));
        }
        if (e > 0 && d > 0) {
            return fit(ratio, engine, lo(engine), decoder, lo(decoder), "");
        }
        boolean engineAsleep = e == 0;
        ComponentDraft sleeper = engineAsleep ? engine : decoder;
        ComponentDraft other = engineAsleep ? decoder : engine;
        String sleeperWord = sleeper.spec().kind().word();
        String otherWord = other.spec().kind().word();
        boolean otherActive = other.move() == ScaleToZeroStep.Move.WAKE
                || ActivityCheck.check(other.inputs(), other.spec().keda()).activity() == Activity.ACTIVE;
        if (otherActive && sleeper.move() == ScaleToZeroStep.Move.TO_ZERO) {
            ScaleToZeroStep.Zero z = sleeper.zero();
            Explanation.ScaleToZero x = z.explanation();
            ScaleToZeroStep.Zero kept = new ScaleToZeroStep.Zero(ScaleToZeroStep.Move.NONE,
                    sleeper.normalizedReplicas(), z.idleSince(), new Explanation.ScaleToZero(x.idleAfter(),
                    x.activity(), x.evidence(), x.idleSince(), x.note() + ", but not while the " + otherWord
                    + " is active"));
            sleeper = sleeper.withReplicas(sleeper.normalizedReplicas(), kept);
            String prefix = sleeperWord + " kept running: the " + otherWord + " is active; ";
            return engineAsleep ? fit(ratio, sleeper, lo(sleeper), other, lo(other), prefix)
                    : fit(ratio, other, lo(other), sleeper, lo(sleeper), prefix);
        }
        if (otherActive && sleeper.move() == ScaleToZeroStep.Move.HELD_AT_ZERO) {
            int to = ScaleToZeroStep.wakeTarget(sleeper.spec());
            Explanation.ScaleToZero x = sleeper.zero().explanation();
            ScaleToZeroStep.Zero woke = new ScaleToZeroStep.Zero(ScaleToZeroStep.Move.WAKE, to, null,
                    new Explanation.ScaleToZero(x.idleAfter(), x.activity(), x.evidence(), null, "woke with the "
                            + otherWord + ", which is active"));
            sleeper = sleeper.withReplicas(to, woke);
            String prefix = sleeperWord + " woke to " + to + " with the active " + otherWord + "; ";
            return engineAsleep ? fit(ratio, sleeper, to, other, lo(other), prefix)
                    : fit(ratio, other, lo(other), sleeper, to, prefix);
        }
        return with(engine, decoder, new Coordination(ratio, engine.current(), e, decoder.current(), d,
                ratio.allows(e, d), "not enforced while the " + sleeperWord + " is at zero"));
    }

    /** The lowest count the pair step may give a side: its min, or its current count when it holds on missing data. */
    private static int lo(ComponentDraft side) {
        int min = Math.max(1, side.spec().minReplicas());
        int max = Math.max(min, side.spec().maxReplicas());
        if (side.heldOnMissingData()) {
            return Math.min(max, Math.max(min, side.current()));
        }
        return min;
    }

    private static Pair fit(DecoderRatio ratio, ComponentDraft engine, int eLo, ComponentDraft decoder, int dLo,
            String prefix) {
        int e = engine.replicas();
        int d = decoder.replicas();
        int eHi = Math.max(eLo, engine.spec().maxReplicas());
        int dHi = Math.max(dLo, decoder.spec().maxReplicas());
        if (ratio.allows(e, d)) {
            return with(engine, decoder, new Coordination(ratio, e, e, d, d, true, prefix + "engine " + e
                    + ", decoder " + d + " within " + ratio));
        }
        int[] best = best(ratio, e, eLo, eHi, d, dLo, dHi);
        if (best == null) {
            String held = (eLo > Math.max(1, engine.spec().minReplicas()) ? "; engine not lowered below " + eLo
                    + " (missing data)" : "") + (dLo > Math.max(1, decoder.spec().minReplicas())
                    ? "; decoder not lowered below " + dLo + " (missing data)" : "");
            return with(engine, decoder, new Coordination(ratio, e, e, d, d, false, prefix
                    + "unsatisfiable: no engine count in [" + eLo + "," + eHi + "] with a decoder count in [" + dLo
                    + "," + dHi + "] fits " + ratio + "; left engine " + e + ", decoder " + d + held
                    + "; widen maxReplicas or the ratio"));
        }
        int e2 = best[0];
        int d2 = best[1];
        StringBuilder note = new StringBuilder(prefix);
        move(note, "engine", e, e2);
        if (e != e2 && d != d2) {
            note.append(" and ");
        }
        move(note, "decoder", d, d2);
        boolean up = e2 > e || d2 > d;
        boolean down = e2 < e || d2 < d;
        note.append(" to fit ").append(ratio).append(" (applied after the rate limits, so it may exceed the ")
                .append(up && down ? "scale-up and scale-down limits" : up ? "scale-up limit" : "scale-down limit")
                .append(')');
        Coordination c = new Coordination(ratio, e, e2, d, d2, true, note.toString());
        return with(engine.withReplicas(e2, engine.zero()), decoder.withReplicas(d2, decoder.zero()), c);
    }

    /** The best satisfying pair, {engines, decoders}, or null when none exists. */
    static int[] best(DecoderRatio ratio, int e, int eLo, int eHi, int d, int dLo, int dHi) {
        int[] best = null;
        boolean bestLowers = true;
        long bestChange = Long.MAX_VALUE;
        for (int e2 = eLo; e2 <= eHi; e2++) {
            int from = Math.max(dLo, ratio.minDecoders(e2));
            int to = Math.min(dHi, ratio.maxDecoders(e2));
            if (from > to) {
                continue;
            }
            // for a given engine count the closest decoder count is d clamped into the allowed range
            int d2 = Math.min(to, Math.max(from, d));
            boolean lowers = e2 < e || d2 < d;
            long change = (long) Math.abs(e2 - e) + Math.abs(d2 - d);
            boolean better;
            if (best == null || lowers != bestLowers) {
                better = best == null || !lowers;
            } else if (change != bestChange) {
                better = change < bestChange;
            } else {
                // ties go to more capacity, then to more engines (ascending e2 makes ">=" prefer the later one)
                better = e2 + d2 >= best[0] + best[1];
            }
            if (better) {
                best = new int[] {e2, d2};
                bestLowers = lowers;
                bestChange = change;
            }
        }
        return best;
    }

    private static void move(StringBuilder note, String side, int before, int after) {
        if (before != after) {
            note.append(side).append(after > before ? " raised " : " lowered ").append(before).append(" → ")
                    .append(after);
        }
    }

    private static Pair with(ComponentDraft engine, ComponentDraft decoder, Coordination c) {
        return new Pair(engine.withCoordination(c), decoder.withCoordination(c));
    }
}
