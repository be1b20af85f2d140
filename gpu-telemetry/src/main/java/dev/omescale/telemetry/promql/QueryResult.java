package dev.omescale.telemetry.promql;

import java.util.List;
import java.util.Objects;

/**
 * The answer to an instant query: one {@link SeriesValue} per series of a vector, or exactly one, without
 * labels, for a scalar. Matrix and string answers never get this far: the client rejects them.
 */
public record QueryResult(ResultType resultType, List<SeriesValue> series) {

    public QueryResult {
        Objects.requireNonNull(resultType, "resultType");
        series = List.copyOf(series);
        if (resultType != ResultType.VECTOR && resultType != ResultType.SCALAR) {
            throw new IllegalArgumentException("a query result holds a vector or a scalar, not a "
                    + resultType.wireName() + "; use an instant query that returns a vector or scalar");
        }
        if (resultType == ResultType.SCALAR && series.size() != 1) {
            throw new IllegalArgumentException("a scalar result holds exactly one value, got " + series.size());
        }
    }
}
