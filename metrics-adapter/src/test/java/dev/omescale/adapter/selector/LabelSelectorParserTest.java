package dev.omescale.adapter.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.core.Gen;

class LabelSelectorParserTest {
    private static final Map<String, String> ENGINE_POD = Map.of(
            "ome.io/inferenceservice", "qwen3-8b", "component", "engine", "app", "qwen3-8b-engine");

    private static LabelSelector parse(String text) {
        try {
            return LabelSelectorParser.parse(text);
        } catch (SelectorSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void everyOperatorParsesToItsRequirement() {
        LabelSelector s = parse("a=1, b==2, c!=3, d in (x, y), e notin (z), f, !g, h>5, i<7");
        assertThat(s.requirements()).containsExactly(
                new Requirement("a", Operator.EQUALS, List.of("1")),
                new Requirement("b", Operator.EQUALS, List.of("2")),
                new Requirement("c", Operator.NOT_EQUALS, List.of("3")),
                new Requirement("d", Operator.IN, List.of("x", "y")),
                new Requirement("e", Operator.NOT_IN, List.of("z")),
                new Requirement("f", Operator.EXISTS, List.of()),
                new Requirement("g", Operator.DOES_NOT_EXIST, List.of()),
                new Requirement("h", Operator.GREATER_THAN, List.of("5")),
                new Requirement("i", Operator.LESS_THAN, List.of("7")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "app=qwen3-8b-engine                                    | true",
            "app==qwen3-8b-engine                                   | true",
            "app=qwen3-8b-decoder                                   | false",
            "ome.io/inferenceservice=qwen3-8b,component=engine      | true",
            "ome.io/inferenceservice=qwen3-8b,component=decoder     | false",
            "component in (engine,decoder)                          | true",
            "component notin (engine)                               | false",
            "component!=decoder                                     | true",
            "canary!=true                                           | true",
            "canary notin (true)                                    | true",
            "canary                                                 | false",
            "!canary                                                | true",
            "component                                              | true",
            "!component                                             | false",
            "canary=                                                | false",
            "'  app = qwen3-8b-engine ,  component in ( engine )  '   | true",
    })
    void matchesLikeKubernetes(String selector, boolean matches) {
        assertThat(parse(selector).matches(ENGINE_POD)).isEqualTo(matches);
    }

    @Test
    void emptyTextSelectsEverything() {
        assertThat(parse("")).isEqualTo(LabelSelector.EVERYTHING);
        assertThat(parse(null)).isEqualTo(LabelSelector.EVERYTHING);
        assertThat(parse("  ").matches(Map.of())).isTrue();
    }

    @Test
    void emptyValuesAreKubernetesEmptyStrings() {
        assertThat(parse("a=").requirements()).containsExactly(new Requirement("a", Operator.EQUALS, List.of("")));
        assertThat(parse("a in ()").requirements()).containsExactly(new Requirement("a", Operator.IN, List.of("")));
        assertThat(parse("a in (,b)").requirements())
                .containsExactly(new Requirement("a", Operator.IN, List.of("", "b")));
        assertThat(parse("a=").matches(Map.of("a", ""))).isTrue();
    }

    @Test
    void greaterAndLessCompareIntegers() {
        assertThat(parse("gen>2").matches(Map.of("gen", "3"))).isTrue();
        assertThat(parse("gen>2").matches(Map.of("gen", "2"))).isFalse();
        assertThat(parse("gen<2").matches(Map.of("gen", "x"))).isFalse();
        assertThat(parse("gen<2").matches(Map.of())).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a=b,                 | 4  | expected a requirement after ','",
            "a in b               | 5  | expected '(' after 'in'",
            "a in (b              | 7  | expected a value, ',' or ')'",
            "a in (b c)           | 8  | expected ',' or ')' between values",
            "a b                  | 2  | expected an operator",
            "=a                   | 0  | expected a label key or '!'",
            "!                    | 1  | expected a label key after '!'",
            "a==b==c              | 4  | expected ',' or the end",
            "a>b                  | 2  | 'b' is not an integer",
            "-a=b                 | 0  | key '-a' is not a label key",
            "Ome.io/x=y           | 0  | key prefix 'Ome.io'",
            "a=-b                 | 2  | value '-b' is not a label value",
            "a in (b,-c)          | 8  | value '-c' is not a label value",
            "a=b)                 | 3  | expected ',' or the end",
            ",                    | 0  | expected a label key or '!'",
    })
    void badSyntaxSaysWhereAndWhat(String text, int position, String problem) {
        assertThatThrownBy(() -> LabelSelectorParser.parse(text))
                .isInstanceOf(SelectorSyntaxException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining("e.g. app=")
                .satisfies(e -> assertThat(((SelectorSyntaxException) e).position()).isEqualTo(position));
    }

    @Test
    void overlongNamesAreRefused() {
        String name = "a".repeat(64);
        assertThatThrownBy(() -> LabelSelectorParser.parse(name + "=b")).hasMessageContaining("1 to 63");
        assertThatThrownBy(() -> LabelSelectorParser.parse("a=" + name)).hasMessageContaining("at most 63");
    }

    @Test
    void labelSelectorFormPutsEqualityInMatchLabels() {
        LabelSelector s = parse("component=engine,component=decoder,tier!=x,y in (b,a),!z");
        assertThat(s.matchLabels()).containsExactly(Map.entry("component", "engine"));
        assertThat(s.matchExpressions()).extracting(r -> r.key() + " " + r.operator().labelSelectorOperator()
                        + " " + r.values())
                .containsExactly("component In [decoder]", "tier NotIn [x]", "y In [a, b]", "z DoesNotExist []");
    }

    // --- properties ---

    private static final List<String> KEYS = List.of("app", "component", "ome.io/inferenceservice", "tier", "a.b-c_d");
    private static final List<String> VALUES = List.of("engine", "decoder", "x", "qwen3-8b", "1", "A_b.c");

    private static Gen<Requirement> requirements() {
        return integers().between(0, 1_000_000).map(seed -> {
            String key = KEYS.get(seed % KEYS.size());
            Operator op = Operator.values()[(seed / 7) % Operator.values().length];
            int n = 1 + (seed / 13) % 3;
            List<String> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(VALUES.get((seed / (17 + i)) % VALUES.size()));
            }
            return switch (op) {
                case EXISTS, DOES_NOT_EXIST -> new Requirement(key, op, List.of());
                case EQUALS, NOT_EQUALS -> new Requirement(key, op, values.subList(0, 1));
                case GREATER_THAN, LESS_THAN -> new Requirement(key, op, List.of(Integer.toString(seed % 10)));
                case IN, NOT_IN -> new Requirement(key, op, values);
            };
        });
    }

    private static Gen<Map<String, String>> labelSets() {
        return lists().of(integers().between(0, 10_000)).ofSizeBetween(0, 5).map(seeds -> {
            Map<String, String> labels = new HashMap<>();
            for (int s : seeds) {
                labels.put(KEYS.get(s % KEYS.size()), s % 3 == 0 ? Integer.toString(s % 10)
                        : VALUES.get((s / 5) % VALUES.size()));
            }
            return labels;
        });
    }

    @Test
    void printedSelectorsParseBackToTheSameSelector() {
        qt().forAll(lists().of(requirements()).ofSizeBetween(1, 5)).checkAssert(rs -> {
            LabelSelector s = new LabelSelector(rs);
            assertThat(parse(s.toString())).isEqualTo(s);
        });
    }

    @Test
    void aSelectorMatchesExactlyWhenEveryRequirementDoes() {
        qt().forAll(lists().of(requirements()).ofSizeBetween(0, 4), labelSets()).checkAssert((rs, labels) -> {
            LabelSelector s = parse(new LabelSelector(rs).toString());
            assertThat(s.matches(labels)).isEqualTo(rs.stream().allMatch(r -> r.matches(labels)));
        });
    }

    @Test
    void negationsAreComplements() {
        qt().forAll(requirements(), labelSets()).checkAssert((r, labels) -> {
            Operator opposite = switch (r.operator()) {
                case EQUALS -> Operator.NOT_EQUALS;
                case NOT_EQUALS -> Operator.EQUALS;
                case IN -> Operator.NOT_IN;
                case NOT_IN -> Operator.IN;
                case EXISTS -> Operator.DOES_NOT_EXIST;
                case DOES_NOT_EXIST -> Operator.EXISTS;
                case GREATER_THAN, LESS_THAN -> null;
            };
            if (opposite != null) {
                assertThat(new Requirement(r.key(), opposite, r.values()).matches(labels)).isNotEqualTo(r.matches(labels));
            }
        });
    }

    @Test
    void anyTextEitherParsesOrFailsWithASyntaxError() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 30)).checkAssert(text -> {
            try {
                LabelSelector s = LabelSelectorParser.parse(text);
                // Whatever parses prints to text that parses to the same selector.
                assertThat(parse(s.toString())).isEqualTo(s);
            } catch (SelectorSyntaxException e) {
                assertThat(e.position()).isBetween(0, text.length());
            }
        });
    }
}
