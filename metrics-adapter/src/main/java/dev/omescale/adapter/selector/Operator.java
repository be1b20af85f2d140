package dev.omescale.adapter.selector;

/** The operators of a Kubernetes label selector requirement, with their text and LabelSelector spelling. */
public enum Operator {
    EQUALS("=", "In"),
    NOT_EQUALS("!=", "NotIn"),
    IN("in", "In"),
    NOT_IN("notin", "NotIn"),
    EXISTS("", "Exists"),
    DOES_NOT_EXIST("!", "DoesNotExist"),
    GREATER_THAN(">", "Gt"),
    LESS_THAN("<", "Lt");

    private final String text;
    private final String labelSelectorOperator;

    Operator(String text, String labelSelectorOperator) {
        this.text = text;
        this.labelSelectorOperator = labelSelectorOperator;
    }

    /** How the operator is written in selector text. */
    public String text() {
        return text;
    }

    /** The {@code matchExpressions[].operator} of a {@code metav1.LabelSelector}. */
    public String labelSelectorOperator() {
        return labelSelectorOperator;
    }
}
