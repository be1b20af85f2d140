package dev.omescale.scaler.decision;

import dev.omescale.scaler.decision.Explanation.CombineRule;
import dev.omescale.scaler.decision.Explanation.Combination;
import dev.omescale.scaler.policy.InputUsed;
import dev.omescale.scaler.policy.Proposal;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

/**
 * Step c: the HPA's way of weighing several metrics, applied to policies. The highest proposal wins; when some
 * policy has no proposal (missing or stale data, an error), the others may still scale up, but a lower proposal
 * holds the current count, and no proposal at all holds too. So missing data never scales down.
 */
final class ProposalCombiner {

    /**
     * @param combination what the step did, for the explanation
     * @param winner      index of the winning proposal, -1 when holding
     * @param partialError the policies without a proposal when the others scale up, else null
     */
    record Combined(Combination combination, int winner, String partialError) {
    }

    private ProposalCombiner() {
    }

    static Combined combine(List<PolicyRunner.Ran> ran, int current, Duration maxAge) {
        int best = -1;
        int bestIndex = -1;
        int withoutProposal = 0;
        for (int i = 0; i < ran.size(); i++) {
            Integer r = ran.get(i).proposal().replicas();
            if (r == null) {
                withoutProposal++;
            } else if (r > best) {
                best = r;
                bestIndex = i;
            }
        }
        if (bestIndex < 0) {
            return new Combined(new Combination(null, null, CombineRule.HOLD_NONE, "holding " + current
                    + ": no proposal from " + missing(ran, maxAge)), -1, null);
        }
        String winner = ran.get(bestIndex).proposal().policy();
        if (withoutProposal == 0) {
            return new Combined(new Combination(best, winner, CombineRule.MAX, "combined max " + best), bestIndex,
                    null);
        }
        if (best < current) {
            return new Combined(new Combination(null, null, CombineRule.HOLD_MISSING, "holding " + current
                    + ": no proposal from " + missing(ran, maxAge) + ", and the others propose at most " + best),
                    -1, null);
        }
        String partial = "no proposal from " + missing(ran, maxAge);
        return new Combined(new Combination(best, winner, CombineRule.MAX_DESPITE_MISSING, "combined max " + best
                + " despite " + partial), bestIndex, partial);
    }

    /**
     * {@code slo (missing ttft_p95_seconds), kpa (error)}: each policy without a proposal and what it lacked: inputs
     * without a value, and inputs older than {@code maxAge}.
     */
    private static String missing(List<PolicyRunner.Ran> ran, Duration maxAge) {
        StringJoiner out = new StringJoiner(", ");
        for (PolicyRunner.Ran r : ran) {
            Proposal p = r.proposal();
            if (p.replicas() != null) {
                continue;
            }
            if (!p.missingData()) {
                out.add(p.policy() + " (error)");
                continue;
            }
            StringJoiner names = new StringJoiner(", ");
            for (InputUsed in : p.inputs()) {
                if (in.value() == null) {
                    names.add(in.name());
                } else if (in.age() != null && maxAge != null && in.age().compareTo(maxAge) > 0) {
                    names.add(in.name() + " " + Texts.duration(in.age()) + " old");
                }
            }
            out.add(p.policy() + " (" + (names.length() == 0 ? "missing data" : "missing " + names) + ")");
        }
        return out.toString();
    }
}
