package dev.omescale.adapter.security;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A small cache of review answers: each entry lives {@code ttl}, and past {@code maxEntries} the least recently used
 * goes. Kubernetes' delegated authentication and authorization cache the same way (10 s by default), so an HPA that
 * reads many metrics per evaluation costs one TokenReview and one SubjectAccessReview per distinct question, not one
 * per request. Reviews run outside the lock; two concurrent misses for one key may both ask, which is harmless.
 */
final class ExpiringCache<K, V> {
    private record Entry<V>(V value, long expiresAtMillis) {
    }

    private final Clock clock;
    private final long ttlMillis;
    private final Map<K, Entry<V>> entries;

    ExpiringCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("cache needs a ttl >= 0 and at least one entry, not " + ttl + " and "
                    + maxEntries);
        }
        this.ttlMillis = ttl.toMillis();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The live value for {@code key}, or null. */
    synchronized V get(K key) {
        Entry<V> e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (clock.millis() >= e.expiresAtMillis()) {
            entries.remove(key);
            return null;
        }
        return e.value();
    }

    synchronized void put(K key, V value) {
        if (ttlMillis > 0) {
            entries.put(key, new Entry<>(value, clock.millis() + ttlMillis));
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
