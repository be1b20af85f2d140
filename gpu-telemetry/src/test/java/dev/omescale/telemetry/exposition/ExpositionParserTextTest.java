package dev.omescale.telemetry.exposition;

import static dev.omescale.telemetry.exposition.RecordingHandler.parseText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.telemetry.exposition.RecordingHandler.Family;
import dev.omescale.telemetry.exposition.RecordingHandler.Sample;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prometheus text 0.0.4 features, one at a time. */
class ExpositionParserTextTest {

    @Test
    void labelValueEscapesAreUndone() throws Exception {
        Sample s = parseText("a{b=\"x\\\\y\\\"z\\nw\",c=\"plain\"} 1\n").only();
        assertThat(s.labels().get("b")).isEqualTo("x\\y\"z\nw");
        assertThat(s.labels().get("c")).isEqualTo("plain");
    }

    @Test
    void helpTextEscapesAreUndoneAndTrailingSpaceKept() throws Exception {
        RecordingHandler h = parseText("# HELP a first\\nsecond back\\\\slash \"quoted\" \n# TYPE a gauge\na 1\n");
        assertThat(h.family("a")).isEqualTo(
                new Family("a", MetricType.GAUGE, "first\nsecond back\\slash \"quoted\" ", null));
    }

    @Test
    void helpWithoutTextIsEmpty() throws Exception {
        assertThat(parseText("# HELP a\na 1\n").family("a").help()).isEmpty();
    }

    @Test
    void allTextTypesAndTheirSamples() throws Exception {
        RecordingHandler h = parseText(String.join("\n",
                "# TYPE c counter",
                "c 3",
                "# TYPE g gauge",
                "g -1.5",
                "# TYPE h histogram",
                "h_bucket{le=\"0.5\"} 1",
                "h_bucket{le=\"+Inf\"} 2",
                "h_sum 0.75",
                "h_count 2",
                "# TYPE s summary",
                "s{quantile=\"0.99\"} 0.3",
                "s_sum 1",
                "s_count 4",
                "# TYPE u untyped",
                "u 7",
                "free 8",
                ""));
        assertThat(h.families).extracting(Family::name, Family::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("c", MetricType.COUNTER),
                org.assertj.core.groups.Tuple.tuple("g", MetricType.GAUGE),
                org.assertj.core.groups.Tuple.tuple("h", MetricType.HISTOGRAM),
                org.assertj.core.groups.Tuple.tuple("s", MetricType.SUMMARY),
                org.assertj.core.groups.Tuple.tuple("u", MetricType.UNTYPED),
                org.assertj.core.groups.Tuple.tuple("free", MetricType.UNTYPED));
        assertThat(h.samplesOf("h")).extracting(Sample::name)
                .containsExactly("h_bucket", "h_bucket", "h_sum", "h_count");
        assertThat(h.samplesOf("s")).extracting(Sample::name).containsExactly("s", "s_sum", "s_count");
        assertThat(h.sample("s", Labels.of("quantile", "0.99")).value()).isEqualTo(0.3);
        assertThat(h.summary).isEqualTo(new ParseSummary(16, 6, 11));
    }

    @Test
    void typeWordsAreCaseInsensitiveLikeExpfmt() throws Exception {
        assertThat(parseText("# TYPE a GAUGE\na 1\n").family("a").type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void counterTotalAndCreatedBelongToTheTypedFamily() throws Exception {
        RecordingHandler h = parseText("# TYPE x counter\nx_total 1\nx_created 1.7e9\n");
        assertThat(h.samples).extracting(Sample::family).containsExactly("x", "x");
        assertThat(h.samples).extracting(Sample::type).containsOnly(MetricType.COUNTER);
        assertThat(h.families).hasSize(1);
    }

    @Test
    void suffixesOnlyResolveForTypesThatHaveThem() throws Exception {
        // A gauge has no _bucket series, and a name no TYPE claims is a family of its own.
        RecordingHandler h = parseText("# TYPE g gauge\ng_bucket{le=\"1\"} 1\nx_bucket 2\nx_count 3\n");
        assertThat(h.samples).extracting(Sample::family).containsExactly("g_bucket", "x_bucket", "x_count");
        assertThat(h.samples).extracting(Sample::type).containsOnly(MetricType.UNTYPED);
        assertThat(h.families).extracting(Family::name).containsExactly("g", "g_bucket", "x_bucket", "x_count");
        assertThat(h.family("g").type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void histogramSeriesResolveEvenWhenTheFamilyIsRevisited() throws Exception {
        // expfmt accepts a family's lines split by another family; the family is announced once.
        RecordingHandler h = parseText("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nother 2\nh_count 1\n");
        assertThat(h.samples).extracting(Sample::family).containsExactly("h", "other", "h");
        assertThat(h.families).extracting(Family::name).containsExactly("h", "other");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+Inf|Infinity", "-Inf|-Infinity", "Inf|Infinity", "+inf|Infinity", "infinity|Infinity",
        "-INFINITY|-Infinity", "NaN|NaN", "nan|NaN", "1|1.0", "-0|-0.0", "1e3|1000.0", "1E+03|1000.0",
        ".5|0.5", "5.|5.0", "+1.5|1.5", "16.365000|16.365", "8.128902e+06|8128902.0",
        "1.7740114612872875e+09|1.7740114612872875E9", "0.1|0.1", "123456789012345678901234567890|1.2345678901234568E29",
        "4.9e-324|4.9E-324", "1e-400|0.0", "1.7976931348623157e308|1.7976931348623157E308",
    })
    void valuesAcceptWhatGoParseFloatAccepts(String literal, double expected) throws Exception {
        double value = parseText("a " + literal + "\n").only().value();
        // Compared bit for bit, so that NaN equals NaN and -0.0 differs from 0.0.
        assertThat(Double.doubleToLongBits(value)).as("%s parsed as %s", literal, value)
                .isEqualTo(Double.doubleToLongBits(expected));
    }

    @Test
    void specialValuesInLeAndQuantileAreFloats() throws Exception {
        RecordingHandler h = parseText("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_bucket{le=\"1e-3\"} 1\n"
                + "# TYPE s summary\ns{quantile=\"NaN\"} 1\n");
        assertThat(h.samples).hasSize(3);
    }

    @Test
    void timestampsAreInt64MillisecondsAndMayBeNegative() throws Exception {
        RecordingHandler h = parseText("a 1 1700000000123\nb 2 -5\nc 3 +7\nd 4 9223372036854775807\n");
        assertThat(h.samples).extracting(Sample::timestampMillis)
                .containsExactly(1700000000123L, -5L, 7L, Long.MAX_VALUE);
    }

    @Test
    void eofIsAPlainCommentInText() throws Exception {
        RecordingHandler h = parseText("a 1\n# EOF\nb 2\n");
        assertThat(h.samples).extracting(Sample::name).containsExactly("a", "b");
    }

    @Test
    void commentsEmptyLinesTabsAndLeadingBlanksAreIgnored() throws Exception {
        RecordingHandler h = parseText("\n# just a comment\n#HELP not metadata\n\n  \t a\t{ b = \"c\" , d=\"e\" }\t2\t 10 \n"
                + "# UNIT a seconds\n\n");
        Sample s = h.only();
        assertThat(s.labels()).isEqualTo(Labels.of("b", "c", "d", "e"));
        assertThat(s.value()).isEqualTo(2.0);
        assertThat(s.timestampMillis()).isEqualTo(10L);
        assertThat(h.summary.lines()).isEqualTo(7);
    }

    @Test
    void trailingCommaAndEmptyBracesAreAllowed() throws Exception {
        RecordingHandler h = parseText("a{b=\"c\",} 1\nd{} 2\ne{b=\"c\"}3\n");
        assertThat(h.samples).extracting(Sample::labels)
                .containsExactly(Labels.of("b", "c"), Labels.EMPTY, Labels.of("b", "c"));
        assertThat(h.samples.get(2).value()).isEqualTo(3.0);
    }

    @Test
    void quotedUtf8NamesAsInPrometheus3() throws Exception {
        RecordingHandler h = parseText("# HELP \"my.metric\" Dotted.\n# TYPE \"my.metric\" gauge\n"
                + "{\"my.metric\", \"a.b\"=\"x\", c=\"y\"} 1\n{\"temp °C\"} 2\n{\"esc\\\"aped\"} 3\n");
        Sample dotted = h.samples.get(0);
        assertThat(dotted.name()).isEqualTo("my.metric");
        assertThat(dotted.family()).isEqualTo("my.metric");
        assertThat(dotted.type()).isEqualTo(MetricType.GAUGE);
        assertThat(dotted.labels()).isEqualTo(Labels.of("a.b", "x", "c", "y"));
        assertThat(h.family("my.metric").help()).isEqualTo("Dotted.");
        assertThat(h.samples.get(1).name()).isEqualTo("temp °C");
        assertThat(h.samples.get(2).name()).isEqualTo("esc\"aped");
    }

    @Test
    void lastLineMayLackItsNewline() throws Exception {
        RecordingHandler h = parseText("a 1\nb 2");
        assertThat(h.samples).hasSize(2);
        assertThat(h.summary.lines()).isEqualTo(2);
    }

    @Test
    void emptyPageIsEmpty() throws Exception {
        assertThat(parseText("").summary).isEqualTo(new ParseSummary(0, 0, 0));
    }

    @Test
    void invalidUtf8InLabelValuesIsReplacedNotRejected() throws Exception {
        byte[] page = "a{b=\"x\u0000y\"} 1\n".getBytes(StandardCharsets.UTF_8);
        page[6] = (byte) 0xff;
        RecordingHandler h = RecordingHandler.parse(page, ExpositionFormat.PROMETHEUS_TEXT, ParseLimits.DEFAULT);
        assertThat(h.only().labels().get("b")).isEqualTo("x\uFFFDy");
    }

    @Test
    void familiesWithOnlyMetadataAreAnnouncedInPageOrder() throws Exception {
        RecordingHandler h = parseText("# HELP a A.\n# TYPE a counter\n# TYPE b gauge\nb 1\n# TYPE c summary\n");
        assertThat(h.events).containsExactly(
                new Family("a", MetricType.COUNTER, "A.", null),
                new Family("b", MetricType.GAUGE, null, null),
                new Sample("b", MetricType.GAUGE, "b", Labels.EMPTY, 1.0, ExpositionHandler.NO_TIMESTAMP),
                new Family("c", MetricType.SUMMARY, null, null));
    }

    @Test
    void metadataOfSeveralFamiliesMayPrecedeTheirSamples() throws Exception {
        RecordingHandler h = parseText("# TYPE a gauge\n# TYPE b counter\na 1\nb 2\n");
        assertThat(h.samples).extracting(Sample::type).containsExactly(MetricType.GAUGE, MetricType.COUNTER);
        assertThat(h.events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Family", "Sample", "Family", "Sample");
    }

    @Test
    void repeatedNamesAndValuesShareStrings() throws Exception {
        RecordingHandler h = parseText("a{model=\"m\"} 1\na{model=\"m\"} 2\n");
        Sample first = h.samples.get(0);
        Sample second = h.samples.get(1);
        assertThat(second.name()).isSameAs(first.name());
        assertThat(second.labels().name(0)).isSameAs(first.labels().name(0));
        assertThat(second.labels().value(0)).isSameAs(first.labels().value(0));
    }

    @Test
    void labelOrderOnThePageDoesNotMatterAndValuesStayWithTheirNames() throws Exception {
        RecordingHandler h = parseText("a{x=\"1\",y=\"2\"} 1\na{y=\"3\",x=\"4\"} 2\na{y=\"5\",x=\"6\"} 3\n"
                + "a{x=\"7\",y=\"8\"} 4\nb{z=\"9\",x=\"10\"} 5\nb{x=\"11\"} 6\n");
        assertThat(h.samples).extracting(Sample::labels).containsExactly(
                Labels.of("x", "1", "y", "2"), Labels.of("x", "4", "y", "3"), Labels.of("x", "6", "y", "5"),
                Labels.of("x", "7", "y", "8"), Labels.of("x", "10", "z", "9"), Labels.of("x", "11"));
        assertThat(h.samples.get(1).labels().name(0)).isEqualTo("x");
        assertThat(h.samples.get(1).labels().value(0)).isEqualTo("4");
    }
}
