package dev.omescale.scaler.policy;

import java.util.List;

/**
 * What one policy proposes for one component.
 *
 * @param policy      the policy's word ({@code slo}, {@code hpa}, {@code threshold}, {@code kpa})
 * @param replicas    the proposed count, or null when the policy has no usable proposal (missing data, an error):
 *                    the engine then holds rather than scale down
 * @param reason      one sentence a user can act on, e.g. "ttft_p95_seconds 2.4 s above SLO 2 s: 5 replicas"
 * @param inputs      what it read
 * @param missingData whether a null {@code replicas} is due to missing or stale data
 */
public record Proposal(String policy, Integer replicas, String reason, List<InputUsed> inputs, boolean missingData) {
    public Proposal {
        inputs = List.copyOf(inputs);
    }

    public static Proposal of(String policy, int replicas, String reason, List<InputUsed> inputs) {
        return new Proposal(policy, replicas, reason, inputs, false);
    }

    public static Proposal missing(String policy, String reason, List<InputUsed> inputs) {
        return new Proposal(policy, null, reason, inputs, true);
    }

    public static Proposal failed(String policy, String reason, List<InputUsed> inputs) {
        return new Proposal(policy, null, reason, inputs, false);
    }
}
