package dev.omescale.telemetry.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class PageFetcherDrainTest {

    /** Counts bytes read and whether the end was reached, like the HTTP client's body stream would see. */
    private static final class Tracking extends InputStream {
        private final InputStream in;
        boolean reachedEnd;
        long read;

        Tracking(byte[] data) {
            this.in = new ByteArrayInputStream(data);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            reachedEnd |= b < 0;
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            reachedEnd |= n < 0;
            read += Math.max(0, n);
            return n;
        }
    }

    @Test
    void readsWhatTheGzipReaderLeftUntilTheEndOfTheBody() throws IOException {
        Tracking body = new Tracking(new byte[37]);
        PageFetcher.drainToEnd(body);
        assertThat(body.reachedEnd).isTrue();
        assertThat(body.read).isEqualTo(37);
    }

    @Test
    void givesUpOnAnEndlessTrailerInsteadOfReadingItAll() throws IOException {
        Tracking body = new Tracking(new byte[(int) PageFetcher.MAX_TRAILING_BYTES * 4]);
        PageFetcher.drainToEnd(body);
        assertThat(body.reachedEnd).isFalse();
        assertThat(body.read).isEqualTo(PageFetcher.MAX_TRAILING_BYTES);
    }

    @Test
    void describeKeepsTheCause() {
        IOException e = new IOException("closed", new IOException("connection closed locally"));
        assertThat(PageFetcher.describe(e)).isEqualTo("IOException: closed, caused by IOException: connection closed locally");
    }
}
