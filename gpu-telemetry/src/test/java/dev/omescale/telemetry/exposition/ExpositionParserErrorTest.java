package dev.omescale.telemetry.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Faults a page can have, each with the line and byte column a user would look at. */
class ExpositionParserErrorTest {

    static ExpositionException error(String page, ExpositionFormat format, ParseLimits limits) {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        ExpositionException e = catchThrowableOfType(ExpositionException.class,
                () -> new ExpositionParser(limits).parse(bytes, bytes.length, format, (f, t, n, l, v, ts) -> { }));
        assertThat(e).as("parsing %s should fail", page).isNotNull();
        return e;
    }

    static ExpositionException textError(String page) {
        return error(page, ExpositionFormat.PROMETHEUS_TEXT, ParseLimits.DEFAULT);
    }

    static ExpositionException openMetricsError(String page) {
        return error(page, ExpositionFormat.OPENMETRICS, ParseLimits.DEFAULT);
    }

    static void assertAt(ExpositionException e, int line, int column, String... reasonParts) {
        assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as("column of: %s", e.getMessage()).isEqualTo(column);
        assertThat(e.reason()).contains(reasonParts);
        assertThat(e.getMessage()).startsWith("line " + line + ", column " + column + ": ");
    }

    /** Text-format faults that expfmt also rejects; the page uses '|' for newlines to keep the table readable. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "second HELP;                 # HELP a x|# HELP a y|;            2; 8;  second HELP line for a",
        "second TYPE;                 # TYPE a gauge|# TYPE a counter|;  2; 8;  second TYPE line for a",
        "TYPE after samples;          a 1|# TYPE a gauge|;               2; 8;  TYPE line for a after its samples",
        "HELP after samples;          a 1|# HELP a x|;                   2; 8;  HELP line for a after its samples",
        "duplicate label;             a{b=\"1\",b=\"2\"} 1|;             1; 9;  duplicate label name b",
        "invalid escape in value;     a{b=\"x\\ty\"} 1|;                 1; 7;  invalid escape sequence \\t",
        "invalid escape in HELP;      # HELP a x\\\"y|;                  1; 11; invalid escape sequence \\\"",
        "non-float le;                # TYPE h histogram|h_bucket{le=\"abc\"} 1|; 2; 13; le label of h_bucket is \"abc\"",
        "non-float quantile;          # TYPE s summary|s{quantile=\"x\"} 1|;     2; 12; quantile label of s is \"x\"",
        "bucket without le;           # TYPE h histogram|h_bucket{a=\"1\"} 1|;   2; 1;  histogram bucket h_bucket has no le label",
        "unknown type word;           # TYPE a foo|;                     1; 10; unknown metric type \"foo\"",
        "OpenMetrics type in text;    # TYPE a stateset|;                1; 10; unknown metric type \"stateset\"",
        "TYPE without type;           # TYPE a|;                         1; 9;  names no type",
        "HELP without name;           # HELP|;                           1; 7;  HELP line without a metric name",
        "text after type;             # TYPE a gauge x|;                 1; 16; unexpected text after the type of a",
        "missing value;               a{b=\"c\"}|;                       1; 9;  missing value for a",
        "missing value, bare;         a|;                                1; 2;  missing value for a",
        "invalid value;               a 1x|;                             1; 3;  invalid value \"1x\"",
        "Go rejects hex floats;       a 0x1p3|;                          1; 3;  invalid value",
        "Go rejects overflow;         a 1e999|;                          1; 3;  invalid value",
        "signed NaN;                  a +NaN|;                           1; 3;  invalid value",
        "non-integer timestamp;       a 1 1.5|;                          1; 5;  invalid timestamp \"1.5\"",
        "timestamp overflow;          a 1 9223372036854775808|;          1; 5;  invalid timestamp",
        "garbage after timestamp;     a 1 2 x|;                          1; 7;  unexpected text after the timestamp of a",
        "exemplar in text;            a 1 # {t=\"x\"} 1|;                1; 5;  exemplars are only valid in OpenMetrics",
        "CRLF line endings;           'a 1\r|';                          1; 3;  \\r\\n",
        "unterminated value;          a{b=\"c} 1|;                       1; 5;  label value is not closed",
        "unterminated quoted name;    {\"abc} 1|;                        1; 2;  quoted label name is not closed",
        "unterminated label set;      a{b=\"c\" 1|;                      1; 9;  expected , or }",
        "label set never closed;      a{b=\"c\",|;                       1; 2;  label set is not closed",
        "invalid metric name char;    a-b 1|;                            1; 2;  invalid character '-' in metric name",
        "invalid metric name start;   1a 1|;                             1; 1;  invalid metric name start '1'",
        "invalid label name;          a{1b=\"x\"} 1|;                    1; 3;  invalid label name start '1'",
        "colon in label name;         a{b:c=\"x\"} 1|;                   1; 4;  expected = after a label name",
        "missing quote on value;      a{b=x} 1|;                         1; 5;  expected \" to start the value of label b",
        "reserved __name__;           a{__name__=\"x\"} 1|;              1; 3;  __name__ is reserved",
        "no metric name;              {b=\"c\"} 1|;                      1; 1;  sample without a metric name",
        "two metric names;            a{\"b\"} 1|;                       1; 3;  second metric name",
        "empty quoted name;           {\"\"} 1|;                         1; 2;  empty quoted label name",
        "split metadata;              # HELP a x|b 1|# TYPE a gauge|;    3; 8;  separated from its family's other lines",
    })
    void textFaults(String what, String page, int line, int column, String reason) {
        assertAt(textError(page.replace('|', '\n')), line, column, reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "missing EOF;                 a 1|;                              2; 1;  does not end with # EOF",
        "missing EOF, no newline;     a 1;                               1; 4;  does not end with # EOF",
        "empty page;                  '';                                1; 1;  does not end with # EOF",
        "content after EOF;           # EOF|a 1|;                        2; 1;  content after # EOF",
        "blank line after EOF;        # EOF||;                           2; 1;  content after # EOF",
        "text after EOF;              # EOF x|;                          1; 7;  unexpected text after # EOF",
        "interleaved samples;         # TYPE a gauge|a 1|# TYPE b gauge|b 1|a 2|# EOF|;   5; 1; family a continues after other families",
        "interleaved metadata;        # TYPE a gauge|# TYPE b gauge|# HELP a x|# EOF|;    3; 8; family a continues after other families",
        "interleaved via suffix;      # TYPE h histogram|h_count 1|b 1|h_sum 2|# EOF|;    4; 1; family h continues",
        "plain comment;               # hello|# EOF|;                    1; 1;  OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF",
        "blank line;                  a 1||# EOF|;                       2; 1;  empty line",
        "untyped is text only;        # TYPE a untyped|# EOF|;           1; 10; unknown metric type \"untyped\"",
        "unit not a suffix;           # TYPE a_seconds gauge|# UNIT a_seconds bytes|# EOF|; 2; 18; unit bytes is not a suffix",
        "second UNIT;                 # UNIT a_s s|# UNIT a_s s|# EOF|;  2; 8;  second UNIT line",
        "exemplar without value;      a_total 1 # {t=\"x\"}|# EOF|;      1; 20; invalid exemplar value",
        "exemplar without labels;     a_total 1 # 2|# EOF|;              1; 13; exemplar without a label set",
        "exemplar bad escape;         a_total 1 # {t=\"\\x\"} 1|# EOF|;  1; 17; invalid escape sequence \\x",
        "exemplar bad timestamp;      a_total 1 # {t=\"x\"} 1 y|# EOF|;  1; 23; invalid exemplar timestamp",
        "garbage after exemplar;      a_total 1 # {} 1 2 3|# EOF|;       1; 20; unexpected text after",
        "NaN timestamp;               a 1 NaN|# EOF|;                    1; 5;  invalid timestamp \"NaN\"",
        "huge timestamp;              a 1 1e300|# EOF|;                  1; 5;  invalid timestamp",
        "invalid escape in HELP;      # HELP a x\\ty|# EOF|;             1; 11; invalid escape sequence \\t",
    })
    void openMetricsFaults(String what, String page, int line, int column, String reason) {
        assertAt(openMetricsError(page.replace('|', '\n')), line, column, reason);
    }

    // ---- limits ----

    @Test
    void pageOverTheSizeLimitFailsAtTheFirstByte() {
        ParseLimits limits = new ParseLimits(10, 100, 10, 100, 100);
        ExpositionException e = error("a 1\nb 2\nc 3\n", ExpositionFormat.PROMETHEUS_TEXT, limits);
        assertAt(e, 1, 1, "page is 12 bytes", "limit of 10 bytes", "maxPageBytes", "raise the parse limits");
    }

    @Test
    void sampleOverTheSeriesLimitFails() {
        ParseLimits limits = new ParseLimits(1000, 2, 10, 100, 100);
        ExpositionException e = error("# TYPE a gauge\na 1\na{x=\"y\"} 2\n  a{x=\"z\"} 3\n",
                ExpositionFormat.PROMETHEUS_TEXT, limits);
        assertAt(e, 4, 3, "sample 3", "limit of 2 series", "maxSeries", "drop series at the exporter");
    }

    @Test
    void sampleOverTheLabelLimitFails() {
        ParseLimits limits = new ParseLimits(1000, 10, 2, 100, 100);
        ExpositionException e = error("a{x=\"1\",y=\"2\",z=\"3\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT, limits);
        assertAt(e, 1, 15, "more than 2 labels", "maxLabelsPerSeries", "raise the parse limits");
    }

    @Test
    void namesOverTheLengthLimitFail() {
        ParseLimits limits = new ParseLimits(1000, 10, 10, 5, 100);
        assertAt(error("ok 1\nabcdef 1\n", ExpositionFormat.PROMETHEUS_TEXT, limits), 2, 1,
                "name is 6 bytes", "limit of 5 bytes", "maxNameLength");
        assertAt(error("a{abcdef=\"x\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT, limits), 1, 3,
                "name is 6 bytes", "maxNameLength");
        assertAt(error("{\"abcdef\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT, limits), 1, 2,
                "longer than 5 bytes", "maxNameLength");
        assertAt(error("# TYPE abcdef gauge\n", ExpositionFormat.PROMETHEUS_TEXT, limits), 1, 8,
                "name is 6 bytes", "maxNameLength");
    }

    @Test
    void labelValueOverTheLengthLimitFails() {
        ParseLimits limits = new ParseLimits(1000, 10, 10, 100, 3);
        assertAt(error("a{b=\"abc\"} 1\na{b=\"abcd\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT, limits), 2, 5,
                "label value is longer than 3 bytes", "maxLabelValueLength", "raise the parse limits");
        // The limit counts bytes as written, escapes included.
        assertAt(error("a{b=\"\\\\\\\\\"} 1\n", ExpositionFormat.PROMETHEUS_TEXT, limits), 1, 5,
                "maxLabelValueLength");
    }

    @Test
    void limitsAtTheirExactValueAreAccepted() throws Exception {
        ParseLimits limits = new ParseLimits(23, 2, 2, 5, 3);
        RecordingHandler h = RecordingHandler.parse("abcde{x=\"abc\",y=\"\"} 1\n".getBytes(StandardCharsets.UTF_8),
                ExpositionFormat.PROMETHEUS_TEXT, limits);
        assertThat(h.samples).hasSize(1);
    }

    @Test
    void misuseOfTheBufferIsAnArgumentError() {
        ExpositionParser parser = new ExpositionParser(ParseLimits.DEFAULT);
        assertThatThrownBy(() -> parser.parse(new byte[4], 5, ExpositionFormat.PROMETHEUS_TEXT, (f, t, n, l, v, ts) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 5");
    }

    @Test
    void onlyTheGivenLengthIsRead() throws Exception {
        byte[] page = "a 1\nb 2\n garbage{{{".getBytes(StandardCharsets.UTF_8);
        RecordingHandler h = new RecordingHandler();
        ParseSummary s = new ExpositionParser(ParseLimits.DEFAULT).parse(page, 8, ExpositionFormat.PROMETHEUS_TEXT, h);
        assertThat(s).isEqualTo(new ParseSummary(2, 2, 2));
    }

    @Test
    void aFailedParseDoesNotSpoilTheNextOne() throws Exception {
        ExpositionParser parser = new ExpositionParser(ParseLimits.DEFAULT);
        byte[] bad = "# TYPE a gauge\na{b=\"1\",b=\"2\"} 1\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(bad, bad.length, ExpositionFormat.PROMETHEUS_TEXT, (f, t, n, l, v, ts) -> { }))
                .isInstanceOf(ExpositionException.class);
        byte[] good = "# TYPE a gauge\na{b=\"1\"} 1\n".getBytes(StandardCharsets.UTF_8);
        RecordingHandler h = new RecordingHandler();
        parser.parse(good, good.length, ExpositionFormat.PROMETHEUS_TEXT, h);
        assertThat(h.only().labels()).isEqualTo(Labels.of("b", "1"));
        assertThat(h.families).hasSize(1);
    }
}
