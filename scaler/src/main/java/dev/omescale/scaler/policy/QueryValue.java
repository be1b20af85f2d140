package dev.omescale.scaler.policy;

import java.time.Instant;

/**
 * The result of a component's PromQL query at one tick: a value (after KEDA's empty/NaN rules) or an error.
 *
 * @param value     the value, null on error
 * @param error     why there is no value, null on success; names the query and the likely cause
 * @param timestamp when the value was evaluated
 * @param warning   null for a real value; otherwise the value is KEDA's stand-in for no data (0 for an empty result
 *                  or NaN, -1 for a null sample, under {@code ignoreNullValues}) and this says why the query had no
 *                  data and how to fix it. Policies must not scale down on such a value.
 */
public record QueryValue(Double value, String error, Instant timestamp, String warning) {

    /** A value or an error without a warning; kept so that callers written before {@code warning} still compile. */
    public QueryValue(Double value, String error, Instant timestamp) {
        this(value, error, timestamp, null);
    }

    public static QueryValue of(double value, Instant timestamp) {
        return new QueryValue(value, null, timestamp, null);
    }

    /** KEDA's stand-in value for a query without data, with the reason it had none. */
    public static QueryValue standIn(double value, String warning, Instant timestamp) {
        return new QueryValue(value, null, timestamp, warning);
    }

    public static QueryValue failed(String error, Instant timestamp) {
        return new QueryValue(null, error, timestamp, null);
    }

    public boolean ok() {
        return value != null;
    }

    /** Whether the value only stands in for missing data (see {@link #warning()}). */
    public boolean isStandIn() {
        return value != null && warning != null;
    }
}
