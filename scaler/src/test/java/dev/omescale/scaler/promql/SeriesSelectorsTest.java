package dev.omescale.scaler.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeriesSelectorsTest {

    static List<Arguments> queries() {
        return List.of(
                Arguments.of("sum by (pod) (rate(vllm:x{a=\"b\"}[5m])) / on(pod) group_left sum(y)",
                        List.of("vllm:x{a=\"b\"}", "y")),
                Arguments.of("histogram_quantile(0.95, sum(rate(vllm:e2e_request_latency_seconds_bucket{model=\"m\"}"
                        + "[5m])) by (le))", List.of("vllm:e2e_request_latency_seconds_bucket{model=\"m\"}")),
                Arguments.of("{__name__=~\"vllm:.*\", job!=\"x}\"} offset 5m",
                        List.of("{__name__=~\"vllm:.*\", job!=\"x}\"}")),
                Arguments.of("label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\")", List.of("up")),
                Arguments.of("sum(a) > bool 0.5 and sum(a) < 1e3", List.of("a")),
                Arguments.of("SUM WITHOUT (pod) (x) # a comment with y{z=\"1\"}", List.of("x")),
                Arguments.of("avg_over_time(q[5m:30s]) @ 1609746000", List.of("q")),
                Arguments.of("vector(1) > 2", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void findsTheSeriesSelectors(String query, List<String> expected) {
        assertThat(SeriesSelectors.of(query)).containsExactlyElementsOf(expected);
    }
}
