package dev.omescale.telemetry.config;

import java.util.List;

/**
 * A configuration that cannot be used. It carries every problem found, not just the first, so that a user
 * fixes the file in one pass; the message lists them one per line.
 */
public final class ConfigException extends Exception {
    private final String source;
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(message(source, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String source, String problem, Throwable cause) {
        this(source, List.of(problem));
        initCause(cause);
    }

    private static String message(String source, List<String> problems) {
        StringBuilder sb = new StringBuilder()
                .append(source).append(": ")
                .append(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
        for (String p : problems) {
            sb.append('\n').append("  ").append(p);
        }
        return sb.toString();
    }

    /** Where the configuration came from (a file path or a caller's name for it). */
    public String source() {
        return source;
    }

    /** Each problem: the key path, the bad value and the fix. */
    public List<String> problems() {
        return problems;
    }
}
