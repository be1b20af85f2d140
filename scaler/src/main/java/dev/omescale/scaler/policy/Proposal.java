package dev.omescale.scaler.policy;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one policy proposes for one component.
 *
 * <p>A value, but not a record: the reason is written only when someone reads it ({@link #reason()}), because a
 * fleet's tick makes tens of thousands of proposals and most explanations are never printed. A policy hands over
 * the numbers it decided with (captured in a {@link Supplier}) and the text is formatted once, on first read.
 * Equality and hashing go by the text, so two proposals are equal exactly when a record of the same fields would be.
 * A lazily written reason must only read values that no one changes after the proposal is made.
 */
public final class Proposal {
    private final String policy;
    private final Integer replicas;
    private final List<InputUsed> inputs;
    private final boolean missingData;
    private Supplier<String> writer;
    private String reason;

    /**
     * @param policy      the policy's word ({@code slo}, {@code hpa}, {@code threshold}, {@code kpa})
     * @param replicas    the proposed count, or null when the policy has no usable proposal (missing data, an error):
     *                    the engine then holds rather than scale down
     * @param reason      one sentence a user can act on, e.g. "ttft_p95_seconds 2.4 s above SLO 2 s: 5 replicas"
     * @param inputs      what it read
     * @param missingData whether a null {@code replicas} is due to missing or stale data
     */
    public Proposal(String policy, Integer replicas, String reason, List<InputUsed> inputs, boolean missingData) {
        this(policy, replicas, inputs, missingData, null, reason);
    }

    private Proposal(String policy, Integer replicas, List<InputUsed> inputs, boolean missingData,
            Supplier<String> writer, String reason) {
        this.policy = policy;
        this.replicas = replicas;
        this.inputs = List.copyOf(inputs);
        this.missingData = missingData;
        this.writer = writer;
        this.reason = reason;
    }

    public static Proposal of(String policy, int replicas, String reason, List<InputUsed> inputs) {
        return new Proposal(policy, replicas, reason, inputs, false);
    }

    /** A proposal whose reason is written by {@code reason} when first read. */
    public static Proposal of(String policy, int replicas, Supplier<String> reason, List<InputUsed> inputs) {
        return new Proposal(policy, replicas, inputs, false, Objects.requireNonNull(reason, "reason"), null);
    }

    public static Proposal missing(String policy, String reason, List<InputUsed> inputs) {
        return new Proposal(policy, null, reason, inputs, true);
    }

    public static Proposal failed(String policy, String reason, List<InputUsed> inputs) {
        return new Proposal(policy, null, reason, inputs, false);
    }

    public String policy() {
        return policy;
    }

    public Integer replicas() {
        return replicas;
    }

    /** The reason, written now if it was not yet. */
    public synchronized String reason() {
        if (writer != null) {
            reason = writer.get();
            writer = null;
        }
        return reason;
    }

    public List<InputUsed> inputs() {
        return inputs;
    }

    public boolean missingData() {
        return missingData;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proposal p && missingData == p.missingData && Objects.equals(policy, p.policy)
                && Objects.equals(replicas, p.replicas) && Objects.equals(reason(), p.reason())
                && inputs.equals(p.inputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, replicas, reason(), inputs, missingData);
    }

    @Override
    public String toString() {
        return "Proposal[policy=" + policy + ", replicas=" + replicas + ", reason=" + reason() + ", inputs=" + inputs
                + ", missingData=" + missingData + "]";
    }
}
