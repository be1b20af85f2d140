package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.policy.ScalingPolicy;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The policies this omescale runs, one per {@link PolicyKind}. A component that asks for a kind not registered here
 * gets an explanation saying so, not an exception: the other policies still decide.
 */
public final class PolicySet {
    private final Map<PolicyKind, ScalingPolicy<?>> byKind;

    private PolicySet(Map<PolicyKind, ScalingPolicy<?>> byKind) {
        this.byKind = byKind;
    }

    /**
     * @throws IllegalArgumentException when two policies claim the same kind
     */
    public static PolicySet of(ScalingPolicy<?>... policies) {
        Map<PolicyKind, ScalingPolicy<?>> map = new EnumMap<>(PolicyKind.class);
        for (ScalingPolicy<?> p : policies) {
            ScalingPolicy<?> before = map.put(p.kind(), p);
            if (before != null) {
                throw new IllegalArgumentException("two policies for " + p.kind().word() + ": " + before + " and "
                        + p + "; register one policy per kind");
            }
        }
        return new PolicySet(map);
    }

    public Optional<ScalingPolicy<?>> get(PolicyKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    public Set<PolicyKind> kinds() {
        return Set.copyOf(byKind.keySet());
    }

    /** The registered kinds as words, e.g. {@code hpa, slo}, for explanations. */
    public String words() {
        return byKind.isEmpty() ? "none" : byKind.keySet().stream().map(PolicyKind::word)
                .collect(Collectors.joining(", "));
    }
}
