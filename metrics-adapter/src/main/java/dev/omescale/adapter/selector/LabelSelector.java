package dev.omescale.adapter.selector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A parsed Kubernetes label selector: every requirement must hold. The empty selector matches everything. */
public record LabelSelector(List<Requirement> requirements) {

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The value {@code key} must equal, when a requirement pins it to one value ({@code key=v} or {@code key in (v)}). */
    public Optional<String> exactValue(String key) {
        for (Requirement r : requirements) {
            if (r.key().equals(key) && (r.operator() == Operator.EQUALS || r.operator() == Operator.IN)
                    && r.values().size() == 1) {
                return Optional.of(r.values().get(0));
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code matchLabels} of the {@code metav1.LabelSelector} form, as Kubernetes' {@code ParseToLabelSelector}
     * builds it: the first {@code key=value} of each key.
     */
    public Map<String, String> matchLabels() {
        Map<String, String> matchLabels = new LinkedHashMap<>();
        for (Requirement r : requirements) {
            if (r.operator() == Operator.EQUALS) {
                matchLabels.putIfAbsent(r.key(), r.values().get(0));
            }
        }
        return matchLabels;
    }

    /** The {@code matchExpressions}: every requirement that {@link #matchLabels()} does not hold. */
    public List<Requirement> matchExpressions() {
        Set<String> inMatchLabels = new HashSet<>();
        List<Requirement> expressions = new ArrayList<>();
        for (Requirement r : requirements) {
            if (r.operator() != Operator.EQUALS || !inMatchLabels.add(r.key())) {
                expressions.add(r);
            }
        }
        return expressions;
    }

    /** Selector text that parses back to this selector; empty for {@link #EVERYTHING}. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }
}
