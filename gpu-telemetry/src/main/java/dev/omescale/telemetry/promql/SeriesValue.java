package dev.omescale.telemetry.promql;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One sample of an instant query: a series of a vector, or the single value of a scalar (with no labels).
 *
 * <p>Prometheus writes a sample as {@code [<unix seconds>, "<value>"]}. Two degenerate shapes that KEDA gives
 * meaning to are kept rather than rejected, so {@link KedaValueRule} can apply KEDA's rule to them:
 * <ul>
 *   <li>{@code [ts, null]}: a <em>null sample</em>; {@code value} is NaN and {@code nullSample} true.</li>
 *   <li>{@code []}: an <em>empty value</em>; {@code value} is NaN and {@code timestamp} null
 *       (see {@link #emptyValue()}).</li>
 * </ul>
 *
 * @param labels     the series labels (including {@code __name__} when Prometheus kept it), sorted by name
 * @param value      the value; NaN and ±Inf come from Prometheus' strings "NaN", "+Inf" and "-Inf"
 * @param timestamp  the evaluation time Prometheus reported, null for an empty value
 * @param nullSample whether the value position held JSON null
 */
public record SeriesValue(Map<String, String> labels, double value, Instant timestamp, boolean nullSample) {

    public SeriesValue {
        labels = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
    }

    /** Whether Prometheus sent an empty value array for this series (no timestamp, no value). */
    public boolean emptyValue() {
        return timestamp == null;
    }
}
