package dev.omescale.adapter.api;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Serialized answers, reused while the data behind them is the same. The view changes once per evaluation (every
 * scrape interval) while an HPA fleet asks many times in between; each answer is computed once per snapshot.
 * Entries also expire after {@link #MAX_AGE_MILLIS}, so freshness checks made against the clock (503 for data
 * older than the limit) are late by at most that much. Only answers are cached, never errors.
 */
public final class AnswerCache {
    /** How long a cached answer is served without re-checking its data's age. */
    public static final long MAX_AGE_MILLIS = 1_000;
    /** Distinct requests kept; past this the cache starts over rather than grow with odd selectors. */
    static final int MAX_ENTRIES = 4_096;

    private record Entry(Object snapshot, long createdMillis, byte[] body) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public AnswerCache(Clock clock) {
        this.clock = clock;
    }

    /**
     * The answer to {@code request} for {@code snapshot} (compared by identity: the view publishes a new object
     * each evaluation), computing it with {@code answer} when not cached. Exceptions from {@code answer} pass
     * through uncached.
     */
    public byte[] get(String request, Object snapshot, Supplier<byte[]> answer) {
        long now = clock.millis();
        Entry e = entries.get(request);
        if (e != null && e.snapshot == snapshot && now - e.createdMillis < MAX_AGE_MILLIS) {
            return e.body;
        }
        byte[] body = answer.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(request, new Entry(snapshot, now, body));
        return body;
    }

    int size() {
        return entries.size();
    }
}
