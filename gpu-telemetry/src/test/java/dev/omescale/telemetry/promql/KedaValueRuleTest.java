package dev.omescale.telemetry.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** KEDA's table (spec/keda-external-scaler.md section 7), row by row, in both ignoreNullValues modes. */
class KedaValueRuleTest {
    static final Instant T = Instant.ofEpochSecond(1_700_000_000L);
    static final String QUERY = "sum(vllm:num_requests_waiting)";

    static QueryResult vector(SeriesValue... series) {
        return new QueryResult(ResultType.VECTOR, List.of(series));
    }

    static SeriesValue value(double v) {
        return new SeriesValue(Map.of(), v, T, false);
    }

    @ParameterizedTest(name = "ignoreNullValues={0}")
    @ValueSource(booleans = {true, false})
    void aSingleFiniteValueIsReturnedAsItIs(boolean ignore) throws PromQlException {
        assertThat(KedaValueRule.kedaValue(QUERY, vector(value(3.5)), ignore)).isEqualTo(3.5);
        // negative values pass through; KEDA clamps them only when it builds the metric quantity
        assertThat(KedaValueRule.kedaValue(QUERY, vector(value(-2)), ignore)).isEqualTo(-2.0);
        assertThat(KedaValueRule.kedaValue(QUERY,
                new QueryResult(ResultType.SCALAR, List.of(value(4))), ignore)).isEqualTo(4.0);
    }

    @ParameterizedTest(name = "ignoreNullValues={0}")
    @ValueSource(booleans = {true, false})
    void noSeries(boolean ignore) throws PromQlException {
        if (ignore) {
            assertThat(KedaValueRule.kedaValue(QUERY, vector(), true)).isZero();
        } else {
            assertThatThrownBy(() -> KedaValueRule.kedaValue(QUERY, vector(), false))
                    .isInstanceOf(PromQlException.class)
                    .hasMessageContaining(QUERY)
                    .hasMessageContaining("returned no series, so the target may be lost")
                    .hasMessageContaining("ignoreNullValues");
        }
    }

    @ParameterizedTest(name = "ignoreNullValues={0}")
    @ValueSource(booleans = {true, false})
    void moreThanOneSeriesIsAlwaysAnError(boolean ignore) {
        QueryResult three = vector(value(1), new SeriesValue(Map.of("pod", "b"), 2, T, false),
                new SeriesValue(Map.of("pod", "c"), 3, T, false));
        assertThatThrownBy(() -> KedaValueRule.kedaValue(QUERY, three, ignore))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("returned 3 series")
                .hasMessageContaining("aggregate with sum() or max()");
    }

    @ParameterizedTest(name = "ignoreNullValues={0}")
    @ValueSource(booleans = {true, false})
    void emptyValueArray(boolean ignore) throws PromQlException {
        QueryResult empty = vector(new SeriesValue(Map.of(), Double.NaN, null, false));
        if (ignore) {
            assertThat(KedaValueRule.kedaValue(QUERY, empty, true)).isZero();
        } else {
            assertThatThrownBy(() -> KedaValueRule.kedaValue(QUERY, empty, false))
                    .isInstanceOf(PromQlException.class)
                    .hasMessageContaining("empty value list");
        }
    }

    @ParameterizedTest(name = "ignoreNullValues={0}")
    @ValueSource(booleans = {true, false})
    void nanAndInfinities(boolean ignore) throws PromQlException {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            if (ignore) {
                assertThat(KedaValueRule.kedaValue(QUERY, vector(value(v)), true)).isZero();
            } else {
                String shown = Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
                assertThatThrownBy(() -> KedaValueRule.kedaValue(QUERY, vector(value(v)), false))
                        .isInstanceOf(PromQlException.class)
                        .hasMessageContaining("returned " + shown)
                        .hasMessageContaining("guard the query");
            }
        }
    }

    @ParameterizedTest(name = "ignoreNullValues={0}")
    @ValueSource(booleans = {true, false})
    void nullSampleIsMinusOne(boolean ignore) throws PromQlException {
        QueryResult nullSample = vector(new SeriesValue(Map.of(), Double.NaN, T, true));
        assertThat(KedaValueRule.kedaValue(QUERY, nullSample, ignore)).isEqualTo(-1.0);
    }
}
