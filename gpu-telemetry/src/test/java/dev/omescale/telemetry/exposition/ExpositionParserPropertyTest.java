package dev.omescale.telemetry.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** Round trips: what an exporter writes, escaped as the formats require, is what the parser gives back. */
class ExpositionParserPropertyTest {

    private static final long SEED = 20260512L;

    /** Any Unicode scalar value, with the characters that need escaping or look like syntax well represented. */
    private static Gen<String> texts() {
        Gen<Integer> special = Generate.pick(List.of((int) '"', (int) '\\', (int) '\n', (int) 'n', (int) ' ',
                (int) '\t', (int) '{', (int) '}', (int) ',', (int) '=', (int) '#', 0, 0x7f, 0xe9, 0x20ac, 0x1f600));
        Gen<Integer> any = Generate.range(0, 0x10ffff).map(cp -> cp >= 0xd800 && cp <= 0xdfff ? cp - 0x800 : cp);
        Gen<Integer> codePoint = special.mix(any, 50);
        return Generate.intArrays(Generate.range(0, 40), codePoint).map(cps -> new String(cps, 0, cps.length));
    }

    static String escapeLabelValue(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeTextHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static RecordingHandler parse(String page, ExpositionFormat format) throws ExpositionException {
        return RecordingHandler.parse(page.getBytes(StandardCharsets.UTF_8), format, ParseLimits.DEFAULT);
    }

    @Test
    void labelValuesRoundTripInBothFormats() {
        qt().withFixedSeed(SEED).withExamples(2000).forAll(texts(), texts()).checkAssert((a, b) -> {
            String line = "m{l=\"" + escapeLabelValue(a) + "\",\"q.name\"=\"" + escapeLabelValue(b) + "\"} 1\n";
            try {
                Labels text = parse(line, ExpositionFormat.PROMETHEUS_TEXT).only().labels();
                Labels om = parse(line + "# EOF\n", ExpositionFormat.OPENMETRICS).only().labels();
                assertThat(text).isEqualTo(Labels.of("l", a, "q.name", b)).isEqualTo(om);
            } catch (ExpositionException e) {
                throw new AssertionError("rejected " + line, e);
            }
        });
    }

    @Test
    void helpTextRoundTrips() {
        // Leading blanks separate the name from the text, so a help text that starts with one cannot round trip.
        qt().withFixedSeed(SEED).withExamples(1000).forAll(texts().assuming(t -> !t.startsWith(" ")
                && !t.startsWith("\t"))).checkAssert(help -> {
            try {
                String text = "# HELP m " + escapeTextHelp(help) + "\nm 1\n";
                assertThat(parse(text, ExpositionFormat.PROMETHEUS_TEXT).family("m").help()).isEqualTo(help);
                String om = "# HELP m " + escapeLabelValue(help) + "\nm 1\n# EOF\n";
                assertThat(parse(om, ExpositionFormat.OPENMETRICS).family("m").help()).isEqualTo(help);
            } catch (ExpositionException e) {
                throw new AssertionError("rejected HELP " + help, e);
            }
        });
    }

    @Test
    void quotedMetricNamesRoundTripAndResolveTheirFamily() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(texts().map(t -> t.isEmpty() ? "x" : t)).checkAssert(name -> {
            String quoted = "\"" + escapeLabelValue(name) + "\"";
            String page = "# TYPE " + quoted + " histogram\n{\"" + escapeLabelValue(name + "_bucket")
                    + "\",le=\"+Inf\"} 1\n";
            try {
                RecordingHandler h = parse(page, ExpositionFormat.PROMETHEUS_TEXT);
                assertThat(h.only().name()).isEqualTo(name + "_bucket");
                assertThat(h.only().family()).isEqualTo(name);
                assertThat(h.only().type()).isEqualTo(MetricType.HISTOGRAM);
            } catch (ExpositionException e) {
                throw new AssertionError("rejected " + page, e);
            }
        });
    }

    @Test
    void printedDoublesReadBackExactly() {
        // However many digits an exporter prints, the parser rounds exactly as Java (and Go) do.
        Gen<Double> doubles = SourceDSL.doubles().any()
                .mix(Generate.longRange(0, Long.MAX_VALUE).map(bits -> Double.longBitsToDouble(bits)), 50)
                .mix(Generate.range(-1_000_000, 1_000_000).map(i -> i / 1000.0), 30);
        Gen<Integer> digits = Generate.range(0, 20);
        NumberParser numbers = new NumberParser();
        qt().withFixedSeed(SEED).withExamples(20_000).forAll(doubles, digits).checkAssert((d, n) -> {
            for (String s : List.of(String.format(Locale.ROOT, "%." + n + "e", d), Double.toString(d),
                    String.format(Locale.ROOT, "%." + n + "f", d))) {
                if (s.contains("Infinity") || s.contains("NaN")) {
                    continue;
                }
                byte[] b = s.getBytes(StandardCharsets.US_ASCII);
                double expected = Double.parseDouble(s);
                if (Double.isInfinite(expected)) {
                    assertThat(numbers.parseDouble(b, 0, b.length)).as("out of range %s", s).isFalse();
                    continue;
                }
                assertThat(numbers.parseDouble(b, 0, b.length)).as("accepts %s", s).isTrue();
                assertThat(Double.doubleToLongBits(numbers.value)).as("%s read as %s", s, numbers.value)
                        .isEqualTo(Double.doubleToLongBits(expected));
            }
        });
    }

    @Test
    void int64TimestampsReadBackExactly() {
        NumberParser numbers = new NumberParser();
        qt().withFixedSeed(SEED).withExamples(5000).forAll(SourceDSL.longs().all()).checkAssert(v -> {
            byte[] b = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            assertThat(numbers.parseLong(b, 0, b.length)).isTrue();
            assertThat(numbers.longValue).isEqualTo(v);
        });
    }
}
