package dev.omescale.scaler.policy;

import java.time.Instant;

/**
 * The result of a component's PromQL query at one tick: a value (after KEDA's empty/NaN rules) or an error.
 *
 * @param value     the value, null on error
 * @param error     why there is no value, null on success; names the query and the likely cause
 * @param timestamp when the value was evaluated
 */
public record QueryValue(Double value, String error, Instant timestamp) {
    public static QueryValue of(double value, Instant timestamp) {
        return new QueryValue(value, null, timestamp);
    }

    public static QueryValue failed(String error, Instant timestamp) {
        return new QueryValue(null, error, timestamp);
    }

    public boolean ok() {
        return value != null;
    }
}
