package dev.omescale.telemetry.scrape;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A response body read into memory, never more than a cap: the reader stops one byte past it. */
record BoundedBody(byte[] data, int length) {

    /** Thrown when the stream holds more than the cap; the rest of the stream is left unread. */
    static final class TooLargeException extends IOException {
        TooLargeException(long cap) {
            super("more than " + cap + " bytes");
        }
    }

    /**
     * Reads {@code in} to its end.
     *
     * @throws TooLargeException when it holds more than {@code cap} bytes
     */
    static BoundedBody read(InputStream in, long cap) throws IOException {
        // Start small: most pages are far below the cap, and the array only grows as bytes arrive.
        byte[] buffer = new byte[(int) Math.min(cap + 1, 64 * 1024)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > cap) {
                    throw new TooLargeException(cap);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(cap + 1, (long) buffer.length * 2));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                return new BoundedBody(buffer, length);
            }
            length += n;
        }
    }
}
