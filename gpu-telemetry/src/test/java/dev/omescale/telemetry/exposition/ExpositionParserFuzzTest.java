package dev.omescale.telemetry.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.omescale.telemetry.exposition.RecordingHandler.Family;
import dev.omescale.telemetry.exposition.RecordingHandler.Sample;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Damaged pages: random edits of the real captures must either parse or fail with an {@link ExpositionException},
 * never anything else, never hang, and never cost memory beyond the limits.
 */
class ExpositionParserFuzzTest {

    private static final long SEED = 0x5EED_0F_FA11L;
    private static final int CASES = 20_000;
    private static final byte[] SPECIAL = "{}\"\\#\n=,0123456789 \t.eE+-_:".getBytes(StandardCharsets.US_ASCII);
    private static final List<byte[]> TOKENS = List.of(
            ascii("NaN"), ascii("+Inf"), ascii("-inf"), ascii("1e999"), ascii("0x1p3"), ascii("\r\n"),
            ascii("# TYPE x histogram\n"), ascii("# TYPE x_total counter\n"), ascii("# HELP x \\q\n"),
            ascii("# EOF\n"), ascii("# UNIT x_seconds seconds\n"), ascii("_bucket"), ascii("_total"),
            ascii("_created"), ascii("le=\""), ascii("quantile=\""), ascii("{\"q.name\","), ascii("\\"),
            ascii("\\n"), ascii(" # {a=\"b\"} 1 2"), ascii("__name__=\"x\""), ascii("9223372036854775808"),
            new byte[] {(byte) 0xff, (byte) 0xc3}, "\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8));

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void randomEditsOfRealPagesNeverEscapeAsAnythingButExpositionException() throws Exception {
        List<byte[]> pages = List.of(
                ExpositionParserCaptureTest.capture("vllm-sample.prom"),
                ExpositionParserCaptureTest.capture("dcgm-sample.prom"),
                ExpositionParserCaptureTest.capture("sglang-sample-docs.prom"),
                openMetricsPage());
        Random random = new Random(SEED);
        // Small limits, so that the limit paths are fuzzed too.
        ParseLimits small = new ParseLimits(64 * 1024, 300, 12, 64, 48);
        ExpositionParser defaultParser = new ExpositionParser(ParseLimits.DEFAULT);
        ExpositionParser smallParser = new ExpositionParser(small);
        int[] outcomes = new int[2];

        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] page = mutate(pages.get(random.nextInt(pages.size())), random);
                ExpositionFormat format = random.nextBoolean()
                        ? ExpositionFormat.PROMETHEUS_TEXT : ExpositionFormat.OPENMETRICS;
                ExpositionParser parser = random.nextInt(4) == 0 ? smallParser : defaultParser;
                RecordingHandler handler = new RecordingHandler();
                try {
                    ParseSummary summary = parser.parse(page, page.length, format, handler);
                    checkInvariants(summary, handler);
                    outcomes[0]++;
                } catch (ExpositionException e) {
                    assertThat(e.line()).isPositive();
                    assertThat(e.column()).isPositive();
                    assertThat(e.reason()).isNotBlank();
                    outcomes[1]++;
                } catch (Throwable t) {
                    fail("case " + i + " (" + format + ") threw " + t + " for page:\n" + printable(page), t);
                }
            }
        }, "a parse of a damaged page did not finish");

        // The edits must exercise both outcomes, or the test proves little.
        assertThat(outcomes[0]).as("pages that still parsed").isGreaterThan(CASES / 20);
        assertThat(outcomes[1]).as("pages rejected").isGreaterThan(CASES / 4);
    }

    /** What any successful parse must satisfy, whatever the page. */
    private static void checkInvariants(ParseSummary summary, RecordingHandler handler) {
        assertThat(summary.samples()).isEqualTo(handler.samples.size());
        assertThat(summary.families()).isEqualTo(handler.families.size());
        Set<String> announced = new HashSet<>();
        for (Object event : handler.events) {
            if (event instanceof Family f) {
                assertThat(announced.add(f.name())).as("family %s announced once", f.name()).isTrue();
            } else {
                Sample s = (Sample) event;
                assertThat(announced).as("family of %s announced before it", s.name()).contains(s.family());
                assertThat(s.name()).startsWith(s.family());
                for (int k = 0; k < s.labels().size(); k++) {
                    assertThat(s.labels().value(k)).isNotNull();
                }
            }
        }
    }

    static byte[] mutate(byte[] original, Random random) {
        byte[] page = original;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int n = page.length;
            int at = n == 0 ? 0 : random.nextInt(n);
            switch (random.nextInt(8)) {
                case 0: // replace a byte with anything
                    if (n > 0) {
                        page = page.clone();
                        page[at] = (byte) random.nextInt(256);
                    }
                    break;
                case 1: // flip one bit
                    if (n > 0) {
                        page = page.clone();
                        page[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    break;
                case 2: // insert a syntax character or digit
                    page = insert(page, at, new byte[] {SPECIAL[random.nextInt(SPECIAL.length)]});
                    break;
                case 3: // insert a token that means something to the parser
                    page = insert(page, at, TOKENS.get(random.nextInt(TOKENS.size())));
                    break;
                case 4: { // delete a range
                    int len = Math.min(n - at, 1 + random.nextInt(40));
                    byte[] shorter = new byte[n - len];
                    System.arraycopy(page, 0, shorter, 0, at);
                    System.arraycopy(page, at + len, shorter, at, n - at - len);
                    page = shorter;
                    break;
                }
                case 5: { // duplicate a range somewhere
                    int len = Math.min(n - at, 1 + random.nextInt(300));
                    page = insert(page, n == 0 ? 0 : random.nextInt(n), Arrays.copyOfRange(page, at, at + len));
                    break;
                }
                case 6: // truncate
                    page = Arrays.copyOf(page, at);
                    break;
                default: // swap two lines' worth of bytes
                    if (n > 2) {
                        page = page.clone();
                        int other = random.nextInt(n);
                        byte t = page[at];
                        page[at] = page[other];
                        page[other] = t;
                    }
                    break;
            }
        }
        return page;
    }

    private static byte[] insert(byte[] page, int at, byte[] what) {
        byte[] longer = new byte[page.length + what.length];
        System.arraycopy(page, 0, longer, 0, at);
        System.arraycopy(what, 0, longer, at, what.length);
        System.arraycopy(page, at, longer, at + what.length, page.length - at);
        return longer;
    }

    private static byte[] openMetricsPage() {
        return String.join("\n",
                "# TYPE acme_http_router_request_seconds summary",
                "# UNIT acme_http_router_request_seconds seconds",
                "# HELP acme_http_router_request_seconds Latency \\\"quoted\\\".",
                "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32",
                "acme_http_router_request_seconds_count{path=\"/api/v1\",method=\"GET\"} 807283.0",
                "acme_http_router_request_seconds_created{path=\"/api/v1\",method=\"GET\"} 1605281325.0",
                "# TYPE go_goroutines gauge",
                "go_goroutines 69 1520879607.789",
                "# TYPE foo histogram",
                "foo_bucket{le=\"0.01\"} 0 # {trace_id=\"KOO5S4vxi0o\"} 0.0067 1520879607.789",
                "foo_bucket{le=\"+Inf\"} 17 # {trace_id=\"oHg5SJYRHA0\"} 9.8",
                "foo_count 17",
                "foo_sum 324789.3",
                "foo_created 1520430000.123",
                "# TYPE build info",
                "build_info{version=\"1.2.3\"} 1",
                "# TYPE state stateset",
                "state{state=\"a\"} 1",
                "# TYPE queue gaugehistogram",
                "queue_bucket{le=\"+Inf\"} 3",
                "queue_gcount 3",
                "queue_gsum 4.5",
                "{\"dotted.name_total\",\"a.b\"=\"x\"} 1",
                "# EOF",
                "").getBytes(StandardCharsets.UTF_8);
    }

    private static String printable(byte[] page) {
        StringBuilder sb = new StringBuilder();
        for (byte b : page) {
            int c = b & 0xff;
            if (c == '\n' || (c >= 0x20 && c < 0x7f)) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    // ---- memory stays bounded by the limits, not by what the page declares ----

    @Test
    void aMillionByteLabelValueFailsAtTheLimitWithoutBeingCopied() throws Exception {
        ParseLimits limits = new ParseLimits(16 * 1024 * 1024, 1000, 16, 128, 4096);
        for (String escape : List.of("", "\\\\")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ascii("# TYPE a gauge\na{b=\"" + escape));
            byte[] filler = new byte[1_000_000];
            Arrays.fill(filler, (byte) 'x');
            out.write(filler);
            out.write(ascii("\"} 1\n"));
            byte[] page = out.toByteArray();
            ExpositionParser parser = new ExpositionParser(limits);

            long before = allocatedBytes();
            ExpositionException e = catchLimit(parser, page);
            long allocated = allocatedBytes() - before;

            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(5);
            assertThat(e.reason()).contains("longer than 4096 bytes", "maxLabelValueLength");
            assertThat(allocated).as("bytes allocated while rejecting a 1 MB value").isLessThan(256 * 1024);
        }
    }

    @Test
    void aMillionSeriesFailAtTheSeriesLimitAfterDeliveringOnlyThatMany() throws Exception {
        ParseLimits limits = new ParseLimits(32 * 1024 * 1024, 1000, 16, 128, 4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ascii("# TYPE a gauge\n"));
        for (int i = 0; i < 1_000_000; i++) {
            out.write(ascii("a{i=\"" + i + "\"} 1\n"));
        }
        byte[] page = out.toByteArray();
        int[] delivered = new int[1];
        ExpositionParser parser = new ExpositionParser(limits);

        long before = allocatedBytes();
        ExpositionException e = null;
        try {
            parser.parse(page, page.length, ExpositionFormat.PROMETHEUS_TEXT, (f, t, n, l, v, ts) -> delivered[0]++);
        } catch (ExpositionException limit) {
            e = limit;
        }
        long allocated = allocatedBytes() - before;

        assertThat(e).isNotNull();
        assertThat(e.line()).isEqualTo(1002);
        assertThat(e.reason()).contains("sample 1001", "limit of 1000 series");
        assertThat(delivered[0]).isEqualTo(1000);
        // A thousand small samples, not a million: far below what reading the whole page would take.
        assertThat(allocated).as("bytes allocated while rejecting a million series").isLessThan(2 * 1024 * 1024);
    }

    @Test
    void metadataAloneCannotDeclareUnboundedFamilies() throws Exception {
        ParseLimits limits = new ParseLimits(32 * 1024 * 1024, 1000, 16, 128, 4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 1_000_000; i++) {
            out.write(ascii("# HELP f" + i + " x\n"));
        }
        byte[] page = out.toByteArray();
        ExpositionParser parser = new ExpositionParser(limits);

        long before = allocatedBytes();
        ExpositionException e = catchLimit(parser, page);
        long allocated = allocatedBytes() - before;

        assertThat(e.line()).isEqualTo(1001);
        assertThat(e.column()).isEqualTo(8);
        assertThat(e.reason()).contains("family 1001 (f1000)", "limit of 1000 families", "maxSeries");
        assertThat(allocated).as("bytes allocated while rejecting a million families").isLessThan(2 * 1024 * 1024);
    }

    private static ExpositionException catchLimit(ExpositionParser parser, byte[] page) {
        try {
            parser.parse(page, page.length, ExpositionFormat.PROMETHEUS_TEXT, (f, t, n, l, v, ts) -> { });
        } catch (ExpositionException e) {
            return e;
        }
        throw new AssertionError("expected a limit error");
    }

    /** Bytes this thread has allocated so far (HotSpot's ThreadMXBean extension). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
