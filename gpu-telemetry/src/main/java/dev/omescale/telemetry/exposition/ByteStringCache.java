package dev.omescale.telemetry.exposition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded cache from UTF-8 bytes to the String they decode to, so that the names and label values repeated on
 * every sample and every scrape are decoded once. Fixed size: a full probe run evicts its home slot, so a page
 * with endless distinct strings costs churn, never growth. Not thread-safe.
 */
final class ByteStringCache {
    private static final int PROBES = 4;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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

    /**
     * Constant-time hash of the length and the first, middle and last eight bytes: cheap for long values, and
     * the full comparison on lookup keeps collisions harmless.
     */
    private static int hash(byte[] b, int off, int len) {
        long x;
        if (len >= 8) {
            long first = (long) LONGS.get(b, off);
            long middle = (long) LONGS.get(b, off + (len >> 1) - 4);
            long last = (long) LONGS.get(b, off + len - 8);
            x = first * 0x9E3779B97F4A7C15L + middle * 0xC2B2AE3D27D4EB4FL + last * 0x165667B19E3779F9L;
        } else {
            x = 0;
            for (int i = off, end = off + len; i < end; i++) {
                x = (x << 8) | (b[i] & 0xff);
            }
            x *= 0x9E3779B97F4A7C15L;
        }
        x += len;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (x ^ (x >>> 32));
    }

    /** Whether {@code key} equals {@code b[off, off + len)}, eight bytes at a time (keys are short). */
    private static boolean sameBytes(byte[] key, byte[] b, int off, int len) {
        if (len < 8) {
            for (int i = 0; i < len; i++) {
                if (key[i] != b[off + i]) {
                    return false;
                }
            }
            return true;
        }
        int last = len - 8;
        for (int i = 0; i < last; i += 8) {
            if ((long) LONGS.get(key, i) != (long) LONGS.get(b, off + i)) {
                return false;
            }
        }
        // The final eight bytes, overlapping the loop's last word when len is not a multiple of eight.
        return (long) LONGS.get(key, last) == (long) LONGS.get(b, off + last);
    }

    /** The String for {@code b[off, off + len)}, decoded as UTF-8 with replacement of malformed input. */
    String get(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        if (len > maxLength) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        int h = hash(b, off, len);
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
            if (hashes[slot] == h && key.length == len && sameBytes(key, b, off, len)) {
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
