package dev.omescale.adapter.selector;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One requirement of a label selector, e.g. {@code component in (engine,decoder)}. Values are kept sorted and
 * without duplicates, as Kubernetes keeps them, so equal selectors are equal records.
 */
public record Requirement(String key, Operator operator, List<String> values) {

    public Requirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = values.stream().distinct().sorted().toList();
    }

    /**
     * Kubernetes semantics: {@code !=} and {@code notin} also match objects without the key, because "not equal
     * to x" holds for an absent label; {@code >} and {@code <} need an integer label value.
     */
    public boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case EQUALS, IN -> value != null && values.contains(value);
            case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
            case GREATER_THAN -> compare(value) > 0;
            case LESS_THAN -> compare(value) < 0;
        };
    }

    // -1/0/1 against the single integer value, or 0 (no match either way) when the label is absent or not a number.
    private int compare(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.compare(Long.parseLong(value), Long.parseLong(values.get(0)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The requirement as selector text, which {@link LabelSelectorParser} reads back to an equal requirement. */
    @Override
    public String toString() {
        return switch (operator) {
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
            case EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN -> key + operator.text() + values.get(0);
            case IN, NOT_IN -> key + " " + operator.text() + " (" + String.join(",", values) + ")";
        };
    }
}
