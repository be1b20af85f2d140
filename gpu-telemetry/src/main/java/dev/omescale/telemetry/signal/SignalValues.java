package dev.omescale.telemetry.signal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signal maps keep catalog order and allow null ("no data"), which {@code Map.copyOf} does not. */
final class SignalValues {
    private SignalValues() {
    }

    static Map<String, Double> freeze(Map<String, Double> values) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
