package dev.omescale.scaler.decision;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable copies of enum-keyed maps that stay EnumMaps inside: {@code Map.copyOf} would hash every key on each
 * copy, and the engine copies a few such maps per component per tick. Equality is plain {@link Map} equality.
 * A map this class made is not copied again ({@link #copy} returns it), and a map the engine built and hands over
 * is frozen without a copy ({@link #freeze}).
 */
final class EnumMaps {
    private EnumMaps() {
    }

    static <K extends Enum<K>, V> Map<K, V> copy(Class<K> type, Map<K, V> source) {
        if (source instanceof Frozen) {
            return source;
        }
        if (source.isEmpty()) {
            return Map.of();
        }
        EnumMap<K, V> copy = new EnumMap<>(type);
        for (Map.Entry<K, V> e : source.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "key"), Objects.requireNonNull(e.getValue(), "value"));
        }
        return new Frozen<>(copy);
    }

    /**
     * {@code map} as an immutable map, without copying: the caller built it, never changes it again and lets no
     * one else hold it. Null keys and values are refused as {@link #copy} refuses them.
     */
    static <K extends Enum<K>, V> Map<K, V> freeze(EnumMap<K, V> map) {
        if (map.isEmpty()) {
            return Map.of();
        }
        if (map.containsValue(null)) { // scans the values in place, without an iterator or entries
            throw new NullPointerException("value");
        }
        return new Frozen<>(map);
    }

    /** An unmodifiable view of an EnumMap that nobody holds anymore, so a copy of it is itself. */
    private static final class Frozen<K extends Enum<K>, V> extends AbstractMap<K, V> {
        private final EnumMap<K, V> map;

        Frozen(EnumMap<K, V> map) {
            this.map = map;
        }

        /** Reads go to the map itself; what could change it goes through an unmodifiable view, made when asked. */
        private Map<K, V> view() {
            return Collections.unmodifiableMap(map);
        }

        @Override
        public V get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            return view().entrySet();
        }

        @Override
        public Set<K> keySet() {
            return view().keySet();
        }

        @Override
        public Collection<V> values() {
            return view().values();
        }

        @Override
        public boolean equals(Object o) {
            return map.equals(o);
        }

        @Override
        public int hashCode() {
            return map.hashCode();
        }

        @Override
        public String toString() {
            return map.toString();
        }
    }
}
