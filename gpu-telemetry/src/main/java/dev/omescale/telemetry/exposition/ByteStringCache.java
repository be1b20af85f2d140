package dev.omescale.telemetry.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded cache from UTF-8 bytes to the String they decode to, so that the names and label values repeated on
 * every sample and every scrape are decoded once. Fixed size: a full probe run evicts its home slot, so a page
 * with endless distinct strings costs churn, never growth. Not thread-safe.
 */
final class ByteStringCache {
    private static final int PROBES = 4;

    private final byte[][] keys;
    private final String[] strings;
    private final int[] hashes;
    private final int mask;
    private final int maxLength;

    /**
     * @param slots     capacity, a power of two
     * @param maxLength longer byte runs are decoded without caching (they rarely repeat)
     */
    ByteStringCache(int slots, int maxLength) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("cache slots must be a power of two, got " + slots);
        }
        this.keys = new byte[slots][];
        this.strings = new String[slots];
        this.hashes = new int[slots];
        this.mask = slots - 1;
        this.maxLength = maxLength;
    }

    /** The String for {@code b[off, off + len)}, decoded as UTF-8 with replacement of malformed input. */
    String get(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        if (len > maxLength) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        int h = 0;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + b[i];
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        int home = h & mask;
        int free = -1;
        for (int k = 0; k < PROBES; k++) {
            int slot = (home + k) & mask;
            byte[] key = keys[slot];
            if (key == null) {
                // Slots are never emptied, so nothing with this home lies beyond an empty slot.
                free = slot;
                break;
            }
            if (hashes[slot] == h && key.length == len && Arrays.equals(key, 0, len, b, off, off + len)) {
                return strings[slot];
            }
        }
        int slot = free >= 0 ? free : home;
        byte[] key = Arrays.copyOfRange(b, off, off + len);
        String s = new String(key, StandardCharsets.UTF_8);
        keys[slot] = key;
        strings[slot] = s;
        hashes[slot] = h;
        return s;
    }
}
