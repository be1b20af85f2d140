package dev.omescale.adapter.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Signal values as Kubernetes Quantity strings. One rounding rule: half up to a thousandth (KEDA's rule), then the
 * canonical decimal form, which uses no fractional digits and the largest SI suffix that keeps the mantissa whole:
 * 1.5 → {@code 1500m}, 0.08 → {@code 80m}, 3000 → {@code 3k}, 1025 → {@code 1025}, 1e9 → {@code 1G}, 0 →
 * {@code 0}. Signals are counts, rates, ratios and seconds, so binary suffixes (Ki, Mi) never arise.
 */
public final class Quantities {
    private static final String[] SUFFIXES = {"m", "", "k", "M", "G", "T", "P", "E"};
    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    private Quantities() {
    }

    /**
     * The canonical quantity for {@code value}.
     *
     * @throws IllegalArgumentException for NaN and infinities: they have no quantity, and writing 0 instead could
     *                                  scale a workload down, so callers treat them as missing data
     */
    public static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(value + " has no Kubernetes quantity; treat it as missing data");
        }
        // BigDecimal.valueOf uses the double's shortest decimal text, so 0.0125 rounds to 13m, not 12m.
        BigInteger milli = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).unscaledValue();
        if (milli.signum() == 0) {
            return "0";
        }
        if (milli.bitLength() < 63) {
            // The usual case, in long arithmetic.
            long mantissa = milli.longValue();
            int suffix = 0;
            while (suffix < SUFFIXES.length - 1 && mantissa % 1000 == 0) {
                mantissa /= 1000;
                suffix++;
            }
            return mantissa + SUFFIXES[suffix];
        }
        int suffix = 0;
        BigInteger mantissa = milli;
        while (suffix < SUFFIXES.length - 1) {
            BigInteger[] qr = mantissa.divideAndRemainder(THOUSAND);
            if (qr[1].signum() != 0) {
                break;
            }
            mantissa = qr[0];
            suffix++;
        }
        return mantissa + SUFFIXES[suffix];
    }
}
