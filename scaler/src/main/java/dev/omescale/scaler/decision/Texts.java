package dev.omescale.scaler.decision;

import dev.omescale.scaler.policy.ComponentInputs;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Number and duration wording shared by the explanation texts, so that every step prints them alike. */
final class Texts {
    private Texts() {
    }

    /** {@code 5}, {@code 7.1}, {@code 0.333}: at most three decimals, no trailing zeros. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static String number(Double v) {
        return v == null ? "missing" : number(v.doubleValue());
    }

    /** {@code 350ms}, {@code 2.4s}, {@code 90s}, {@code 5m}; {@code never} for {@link ComponentInputs#NEVER}. */
    static String duration(Duration d) {
        if (d == null) {
            return "unknown";
        }
        if (d.compareTo(ComponentInputs.NEVER) >= 0) {
            return "never";
        }
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 60_000 == 0) {
            return (millis / 60_000) + "m";
        }
        if (millis % 1000 == 0) {
            return (millis / 1000) + "s";
        }
        return number(millis / 1000.0) + "s";
    }

    /** Seconds for JSON; null for a signal that never arrived. */
    static Double seconds(Duration d) {
        if (d == null || d.compareTo(ComponentInputs.NEVER) >= 0) {
            return null;
        }
        return d.toNanos() / 1e9;
    }
}
