package dev.omescale.scaler.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing wrong (or surprising) in an InferenceService's scaling configuration. The spec still resolves: the field
 * falls back to its default, and the problem says which field, what was written and how to fix it.
 *
 * @param object   the object to edit: {@code namespace/name} of the ISVC, or {@code ClusterServingRuntime/name}
 * @param field    the field path, e.g. {@code spec.engine.scaleMetric} or
 *                 {@code metadata.annotations["omescale.dev/slo-ttft-p95"]}
 * @param value    the value as written, or null when the problem is about an absent field
 * @param message  what is wrong and the fix
 * @param severity ERROR when the value could not be used as written, WARNING when it is used but surprising
 */
public record SpecProblem(String object, String field, String value, String message, Severity severity) {

    public enum Severity { ERROR, WARNING }

    private static final Pattern PLAIN = Pattern.compile("-?\\d+(\\.\\d+)?|true|false");

    public SpecProblem {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    /** Reads like {@code default/llama-chat: spec.engine.scaleMetric="tps": not in the CRD enum; ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(object).append(": ").append(field);
        if (value != null) {
            sb.append('=').append(quoted(value));
        }
        return sb.append(": ").append(message).toString();
    }

    /** Numbers and booleans print bare, everything else as a JSON-style string. */
    private static String quoted(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
