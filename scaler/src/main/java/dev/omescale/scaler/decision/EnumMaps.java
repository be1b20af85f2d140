package dev.omescale.scaler.decision;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable copies of enum-keyed maps that stay EnumMaps inside: {@code Map.copyOf} would hash every key on each
 * copy, and the engine copies a few such maps per component per tick. Equality is plain {@link Map} equality.
 */
final class EnumMaps {
    private EnumMaps() {
    }

    static <K extends Enum<K>, V> Map<K, V> copy(Class<K> type, Map<K, V> source) {
        if (source.isEmpty()) {
            return Map.of();
        }
        EnumMap<K, V> copy = new EnumMap<>(type);
        for (Map.Entry<K, V> e : source.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "key"), Objects.requireNonNull(e.getValue(), "value"));
        }
        return Collections.unmodifiableMap(copy);
    }
}
