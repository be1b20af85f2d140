package dev.omescale.scaler.decision;

import dev.omescale.scaler.hpa.HpaCondition;
import dev.omescale.scaler.model.DecoderRatio;
import dev.omescale.scaler.model.ScalingLever;
import dev.omescale.scaler.policy.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Why a component got the replicas it got: one entry per step of the decision, in the order they ran. Serializable
 * to JSON ({@link #toJson()}, fields in declaration order) and readable as one line ({@link #toLine()}).
 *
 * @param component       {@code namespace/isvc/component}
 * @param time            the tick
 * @param signalAge       age of the component's signals; {@link dev.omescale.scaler.policy.ComponentInputs#NEVER}
 *                        when none arrived
 * @param inputs          every input the policies read, with its age
 * @param proposals       each configured policy's proposal, in configuration order
 * @param combined        how the proposals were combined
 * @param conditions      the HPA conditions normalization set (AbleToScale, ScalingActive, ScalingLimited); empty
 *                        when normalization did not run (at zero)
 * @param stabilization   the HPA stabilization step, or null when it did not run
 * @param limits          the HPA rate limits, or null when they did not run
 * @param clamp           the [min, max] clamp, or null when it did not run
 * @param coordination    the engine:decoder ratio step, or null when the pair has no ratio
 * @param scaleToZero     the scale-to-zero step, or null when the component has no
 *                        {@code omescale.dev/scale-to-zero}
 * @param currentReplicas the replicas observed
 * @param finalReplicas   the replicas decided
 * @param outcome         the outcome, {@link Outcome#NOT_SCALABLE} when omescale cannot write replicas
 * @param computedOutcome what the decision would do if omescale could write replicas
 * @param lever           how omescale changes the replicas
 * @param leverNote       why omescale does not write the replicas and how to let it, or null when it does
 * @param problems        the spec's errors and warnings that concern this component
 */
public record Explanation(
        String component,
        Instant time,
        Duration signalAge,
        List<Input> inputs,
        List<PolicyProposal> proposals,
        Combination combined,
        List<Condition> conditions,
        Stabilization stabilization,
        Limits limits,
        Clamp clamp,
        Coordination coordination,
        ScaleToZero scaleToZero,
        int currentReplicas,
        int finalReplicas,
        Outcome outcome,
        Outcome computedOutcome,
        ScalingLever lever,
        String leverNote,
        List<String> problems) {

    public Explanation {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(combined, "combined");
        Objects.requireNonNull(outcome, "outcome");
        // the engine's views over the policies' proposals are immutable already; anything else is copied
        inputs = PolicyViews.isView(inputs) ? inputs : List.copyOf(inputs);
        proposals = PolicyViews.isView(proposals) ? proposals : List.copyOf(proposals);
        conditions = List.copyOf(conditions);
        problems = List.copyOf(problems);
    }

    /** One input a policy read: value and target are null when missing or not applicable. */
    public record Input(String policy, String name, Double value, Double target, Duration age) {
    }

    /**
     * One policy's proposal: {@code policy}, {@code replicas} (null when the policy had no usable proposal),
     * {@code reason} and {@code missingData} (whether no proposal was due to missing or stale data, else an error).
     *
     * <p>A value with record semantics, but a class: its reason is the policy's {@link Proposal#reason()}, written
     * only when read (most explanations of a fleet's tick never are).
     */
    public static final class PolicyProposal {
        private final String policy;
        private final Integer replicas;
        private final boolean missingData;
        private final Proposal source;
        private final String reason;

        public PolicyProposal(String policy, Integer replicas, String reason, boolean missingData) {
            this(policy, replicas, missingData, null, reason);
        }

        private PolicyProposal(String policy, Integer replicas, boolean missingData, Proposal source, String reason) {
            this.policy = policy;
            this.replicas = replicas;
            this.missingData = missingData;
            this.source = source;
            this.reason = reason;
        }

        /** The explanation's view of {@code p}; its reason is written when first read. */
        public static PolicyProposal of(Proposal p) {
            return new PolicyProposal(p.policy(), p.replicas(), p.missingData(), p, null);
        }

        public String policy() {
            return policy;
        }

        public Integer replicas() {
            return replicas;
        }

        public String reason() {
            return source == null ? reason : source.reason();
        }

        public boolean missingData() {
            return missingData;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PolicyProposal p && missingData == p.missingData && Objects.equals(policy, p.policy)
                    && Objects.equals(replicas, p.replicas) && Objects.equals(reason(), p.reason());
        }

        @Override
        public int hashCode() {
            return Objects.hash(policy, replicas, reason(), missingData);
        }

        @Override
        public String toString() {
            return "PolicyProposal[policy=" + policy + ", replicas=" + replicas + ", reason=" + reason()
                    + ", missingData=" + missingData + "]";
        }
    }

    /** How the proposals combine, the HPA's way: the highest wins, but missing data never lowers. */
    public enum CombineRule {
        /** Every policy proposed; the highest proposal wins. */
        MAX,
        /** Some policies had no proposal, but the others scale up, so the highest wins (as the HPA does). */
        MAX_DESPITE_MISSING,
        /** Some policies had no proposal and the others would not scale up: hold the current count. */
        HOLD_MISSING,
        /** No policy had a proposal: hold the current count. */
        HOLD_NONE
    }

    /**
     * @param replicas the combined proposal fed to stabilization, or null when holding
     * @param policy   the policy whose proposal won, or null when holding
     * @param rule     the rule applied
     * @param note     the rule in words, naming the policies without a proposal and the inputs they missed
     */
    public record Combination(Integer replicas, String policy, CombineRule rule, String note) {
    }

    /** An HPA condition, with Kubernetes' spelling of type and reason. */
    public record Condition(String type, boolean status, String reason, String message) {
        static Condition of(HpaCondition c) {
            return new Condition(c.type().kubernetesName(), c.status(), c.reason().kubernetesName(), c.message());
        }
    }

    /**
     * @param desired        the combined proposal
     * @param recommendation the stabilized recommendation
     * @param reason         ScaleUpStabilized, ScaleDownStabilized or ReadyForNewScale
     */
    public record Stabilization(int desired, int recommendation, String reason, String message) {
    }

    /**
     * @param recommendation the stabilized recommendation
     * @param replicas       after the rate limits
     * @param allowed        the most (scaling up) or fewest (scaling down) replicas the behavior policies allow now,
     *                       or null when the recommendation does not move
     * @param reason         ScaleUpLimit, ScaleDownLimit, or DesiredWithinRange
     */
    public record Limits(int recommendation, int replicas, Integer allowed, String reason, String message) {
    }

    /**
     * @param before the count before clamping (the current count when it was outside [min, max])
     * @param after  the count after
     * @param note   "within [1,8]", "raised to minReplicas 2", …
     */
    public record Clamp(int min, int max, int before, int after, String note) {
    }

    /**
     * The engine:decoder ratio step, the same record on both components.
     *
     * @param ratio the bounds, e.g. {@code 1:1-1:4} (JSON writes that text)
     * @param note  what was done and why, including that the step runs after the rate limits
     */
    public record Coordination(DecoderRatio ratio, int engineBefore, int engineAfter, int decoderBefore,
            int decoderAfter, boolean satisfied, String note) {
    }

    /** Evidence of activity for scale to zero, KEDA-style. */
    public enum Activity {
        /** Some activity signal (or the PromQL value) is above 0. */
        ACTIVE,
        /** All activity inputs are fresh, complete and 0. */
        IDLE,
        /** Not enough fresh data to tell: never starts or completes the idle timer. */
        UNKNOWN
    }

    /**
     * @param idleAfter the configured idle period
     * @param activity  what the activity inputs said
     * @param evidence  the activity inputs, e.g. "concurrency 0, queue_length 0, request_rate 0"
     * @param idleSince since when the component has been idle, or null
     * @param note      what the step did
     */
    public record ScaleToZero(Duration idleAfter, Activity activity, String evidence, Instant idleSince,
            String note) {
    }

    /** The explanation as a JSON object with the fields in declaration order. */
    public String toJson() {
        return ExplanationJson.write(this);
    }

    /**
     * One readable line, e.g. {@code default/llama-chat engine: 3 → 5 (scale up) slo: ttft_p95 2.4s > 2s → 5;
     * hpa: concurrency 7.1/pod > 5 → 5; combined max 5 (slo); ScaleUpLimit would allow 7; within [1,8]}.
     */
    public String toLine() {
        return ExplanationLine.write(this);
    }
}
