package dev.omescale.scaler.model;

import java.util.Optional;

/** The omescale policies a component can ask for with {@code omescale.dev/policy}. */
public enum PolicyKind {
    /** Keep latency percentiles (TTFT, ITL) under the {@code omescale.dev/slo-*} targets. */
    SLO("slo"),
    /** HPA arithmetic on the component's scaleMetric and target. */
    HPA("hpa"),
    /** KEDA-style {@code ceil(query value / threshold)} on the configured PromQL query. */
    THRESHOLD("threshold"),
    /** Knative KPA-style concurrency or RPS per pod with stable and panic windows. */
    KPA("kpa");

    private final String word;

    PolicyKind(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<PolicyKind> fromWord(String word) {
        for (PolicyKind p : values()) {
            if (p.word.equals(word)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
