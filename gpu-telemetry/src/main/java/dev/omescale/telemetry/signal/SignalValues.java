package dev.omescale.telemetry.signal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Signal maps keep catalog order and allow null ("no data"), which {@code Map.copyOf} does not.
 *
 * <p>Frozen into two arrays rather than a {@code LinkedHashMap} copy: every component of a fleet gets a signal map
 * every tick, and a linked map costs an entry object per signal. A catalog is a few dozen signals, so a lookup
 * scans the keys, comparing their hashes (which strings cache) first. Equality, hashing and {@code toString} are
 * {@link Map}'s, so the frozen map reads exactly like the linked map it replaces.
 */
final class SignalValues {
    private SignalValues() {
    }

    static Map<String, Double> freeze(Map<String, Double> values) {
        if (values instanceof Frozen) {
            return values; // immutable already
        }
        return new Frozen(values);
    }

    private static final class Frozen extends AbstractMap<String, Double> {
        private final String[] keys; // a String caches its hash, so a lookup compares hashes first at no cost
        private final Double[] values;

        Frozen(Map<String, Double> source) {
            int n = source.size();
            keys = new String[n];
            values = new Double[n];
            int i = 0;
            for (Map.Entry<String, Double> e : source.entrySet()) {
                keys[i] = e.getKey();
                values[i] = e.getValue();
                i++;
            }
            if (i != n) {
                throw new IllegalStateException("the signal map changed while it was copied");
            }
        }

        private int indexOf(Object key) {
            int h = Objects.hashCode(key);
            for (int i = 0; i < keys.length; i++) {
                if (Objects.hashCode(keys[i]) == h && Objects.equals(keys[i], key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Double get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public Set<Entry<String, Double>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Double>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<String, Double> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }
}
