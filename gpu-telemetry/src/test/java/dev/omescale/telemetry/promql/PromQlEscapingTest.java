package dev.omescale.telemetry.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromQlEscapingTest {

    /**
     * Raw and escaped as Java literals; the escaped forms are Go's strconv.Quote output without the quotes.
     * Cross-checked once with promtool 2.42: {@code label_replace(vector(0), "l", "<escaped>", "", "")} parsed,
     * and promtool printed the label back (with strconv.Quote) exactly as the escaped form here.
     */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("unchanged", "plain-value_1.2", "plain-value_1.2"),
                Arguments.of("double quote", "a\"b", "a\\\"b"),
                Arguments.of("backslash", "a\\b", "a\\\\b"),
                Arguments.of("newline", "line\nnext", "line\\nnext"),
                Arguments.of("tab and carriage return", "\t\r", "\\t\\r"),
                Arguments.of("short escapes", "\u0007\b\f\u000b", "\\a\\b\\f\\v"),
                Arguments.of("other C0 controls and DEL", "\u0000\u001b\u007f", "\\x00\\x1b\\x7f"),
                Arguments.of("non-printable BMP", "\u0085\u00a0\u00ad\u2028", "\\u0085\\u00a0\\u00ad\\u2028"),
                Arguments.of("printable non-ASCII kept", "\u00e9\u65e5\u672c \u2211\u20ac",
                        "\u00e9\u65e5\u672c \u2211\u20ac"),
                Arguments.of("emoji kept", "\ud83d\ude00", "\ud83d\ude00"),
                Arguments.of("non-printable supplementary", "\udb40\udc01", "\\U000e0001"),
                Arguments.of("lone surrogate", "\ud800", "\\ufffd"),
                Arguments.of("format and space characters", "\u0600\u061c\u200b\u200e\ufeff\u3000\u1680 ~`'",
                        "\\u0600\\u061c\\u200b\\u200e\\ufeff\\u3000\\u1680 ~`'"),
                Arguments.of("printable supplementary kept", "\ud834\udd1e\ud800\udc00", "\ud834\udd1e\ud800\udc00"),
                Arguments.of("injection attempt stays inside the string", "x\"} or vector(1) #",
                        "x\\\"} or vector(1) #"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void escapesAsGoQuoteDoes(String name, String raw, String escaped) {
        assertThat(PromQlEscaping.labelValue(raw)).isEqualTo(escaped);
    }

    @Test
    void emptyStaysEmpty() {
        assertThat(PromQlEscaping.labelValue("")).isEmpty();
    }

    @Test
    void escapedValuesRoundTripThroughALabelMatcher() {
        // any string of Unicode scalar values (surrogate code points skipped, they are not characters)
        qt().withExamples(3000)
                .forAll(lists().of(integers().between(0, 0x10FFFF - 0x800)).ofSizeBetween(0, 30))
                .checkAssert(codePoints -> {
                    StringBuilder raw = new StringBuilder();
                    for (int cp : codePoints) {
                        raw.appendCodePoint(cp >= 0xD800 ? cp + 0x800 : cp);
                    }
                    String escaped = PromQlEscaping.labelValue(raw.toString());
                    String matcher = "{l=\"" + escaped + "\"}";
                    assertThat(escaped.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).isTrue();
                    assertThat(unquoteMatcher(matcher)).isEqualTo(raw.toString());
                });
    }

    @Test
    void substituteEscapesValuesAndLeavesPromQlBracesAlone() {
        String template = "sum(rate(vllm:request_success_total{namespace=\"{namespace}\",model_name=\"{model}\","
                + "code=~\"5.{2}|4[0-9]{2,3}\"}[1m]))";
        String query = PromQlEscaping.substitute(template,
                Map.of("namespace", "llm", "model", "meta/llama\"3\\$1"));
        assertThat(query).isEqualTo("sum(rate(vllm:request_success_total{namespace=\"llm\","
                + "model_name=\"meta/llama\\\"3\\\\$1\",code=~\"5.{2}|4[0-9]{2,3}\"}[1m]))");
    }

    @Test
    void substituteRepeatsAndIgnoresUnusedValues() {
        assertThat(PromQlEscaping.substitute("a{x=\"{v}\"} + b{y=\"{v}\"}", Map.of("v", "1", "unused", "2")))
                .isEqualTo("a{x=\"1\"} + b{y=\"1\"}");
        assertThat(PromQlEscaping.substitute("up", Map.of())).isEqualTo("up");
    }

    @Test
    void unknownPlaceholderIsNamed() {
        assertThatThrownBy(() -> PromQlEscaping.substitute("up{ns=\"{namespace}\",m=\"{modle}\"}",
                Map.of("namespace", "llm", "model", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{modle}")
                .hasMessageContaining("[model, namespace]");
    }

    /**
     * A tiny reader of {@code {l="..."}}, unescaping as PromQL's lexer does; it insists the string ends exactly
     * at the closing quote before the brace, so an escaping bug that ends the string early fails here.
     */
    private static String unquoteMatcher(String matcher) {
        assertThat(matcher).startsWith("{l=\"");
        StringBuilder out = new StringBuilder();
        int i = 4;
        while (true) {
            char c = matcher.charAt(i++);
            if (c == '"') {
                assertThat(matcher.substring(i)).isEqualTo("}");
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = matcher.charAt(i++);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\', '"' -> out.append(e);
                case 'x' -> {
                    out.append((char) Integer.parseInt(matcher.substring(i, i + 2), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.appendCodePoint(Integer.parseInt(matcher.substring(i, i + 4), 16));
                    i += 4;
                }
                case 'U' -> {
                    out.appendCodePoint(Integer.parseInt(matcher.substring(i, i + 8), 16));
                    i += 8;
                }
                default -> throw new AssertionError("unknown escape \\" + e + " in " + matcher);
            }
        }
    }
}
