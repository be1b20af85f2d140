package dev.omescale.telemetry.promql;

/** The {@code data.resultType} of a Prometheus query answer. */
public enum ResultType {
    VECTOR("vector"),
    SCALAR("scalar"),
    MATRIX("matrix"),
    STRING("string");

    private final String wireName;

    ResultType(String wireName) {
        this.wireName = wireName;
    }

    /** The name as Prometheus writes it. */
    public String wireName() {
        return wireName;
    }

    /** The type for a wire name, or null when Prometheus sent one we do not know. */
    static ResultType fromWire(String name) {
        for (ResultType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
