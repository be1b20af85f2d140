package dev.omescale.adapter.selector;

/** Selector text that is not a Kubernetes label selector; the message says where and what would fit. */
public final class SelectorSyntaxException extends Exception {
    private final String input;
    private final int position;

    public SelectorSyntaxException(String input, int position, String problem) {
        super("'" + input + "' at position " + position + ": " + problem);
        this.input = input;
        this.position = position;
    }

    public String input() {
        return input;
    }

    /** 0-based character offset of the problem. */
    public int position() {
        return position;
    }
}
