package dev.omescale.telemetry.exposition;

import java.nio.charset.StandardCharsets;

/**
 * Reads numbers straight from page bytes. Accepts what Prometheus accepts: Go's {@code strconv.ParseFloat} decimal
 * syntax ({@code 1}, {@code -1.5e+06}, {@code .5}, {@code 1.}) plus case-insensitive {@code Inf}, {@code Infinity}
 * (optionally signed) and {@code NaN}; no hexadecimal floats or underscores, which Prometheus rejects too. A
 * finite literal too large for a double is an error, as in Go.
 *
 * <p>Results are left in {@link #value} / {@link #longValue} so that a failed parse costs no allocation. Not
 * thread-safe; one per parser.
 */
final class NumberParser {

    /** Exactly representable powers of ten: the fast path is exact when both operands are. */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    private static final int MAX_DIGITS = 18; // 18 nines still fit in a long

    double value;
    long longValue;

    /** Parses {@code b[from, to)} as a float; on success the result is in {@link #value}. */
    boolean parseDouble(byte[] b, int from, int to) {
        if (from >= to) {
            return false;
        }
        int i = from;
        boolean negative = false;
        byte c = b[i];
        if (c == '+' || c == '-') {
            negative = c == '-';
            if (++i == to) {
                return false;
            }
            c = b[i];
        }
        if (c != '.' && (c < '0' || c > '9')) {
            return parseSpecial(b, i, to, negative, i > from);
        }
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;
        boolean sawDigit = false;
        boolean dropped = false;
        while (i < to && (c = b[i]) >= '0' && c <= '9') {
            sawDigit = true;
            if (significant < MAX_DIGITS) {
                if (mantissa != 0 || c != '0') {
                    mantissa = mantissa * 10 + (c - '0');
                    significant++;
                }
            } else {
                exponent++;
                dropped |= c != '0';
            }
            i++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && (c = b[i]) >= '0' && c <= '9') {
                sawDigit = true;
                if (significant < MAX_DIGITS) {
                    if (mantissa != 0 || c != '0') {
                        mantissa = mantissa * 10 + (c - '0');
                        significant++;
                    }
                    exponent--;
                } else {
                    dropped |= c != '0';
                }
                i++;
            }
        }
        if (!sawDigit) {
            return false;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int start = i;
            int e = 0;
            while (i < to && (c = b[i]) >= '0' && c <= '9') {
                if (e < 100_000) { // beyond this every result is 0 or infinite anyway
                    e = e * 10 + (c - '0');
                }
                i++;
            }
            if (i == start) {
                return false;
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != to) {
            return false;
        }
        if (mantissa == 0) {
            value = negative ? -0.0 : 0.0;
            return true;
        }
        double v;
        if (!dropped && mantissa <= MAX_EXACT_MANTISSA && exponent >= -22 && exponent <= 22 + 15) {
            if (exponent < 0) {
                v = mantissa / POWERS_OF_TEN[-exponent];
            } else if (exponent <= 22) {
                v = mantissa * POWERS_OF_TEN[exponent];
            } else {
                // 123e30 = 123000000e22 when the wider mantissa is still exact.
                long wider = mantissa;
                int e = exponent;
                while (e > 22 && wider <= MAX_EXACT_MANTISSA / 10) {
                    wider *= 10;
                    e--;
                }
                if (e > 22) {
                    return parseSlow(b, from, to);
                }
                v = wider * POWERS_OF_TEN[e];
            }
        } else {
            return parseSlow(b, from, to);
        }
        value = negative ? -v : v;
        return true;
    }

    /** Correct rounding for the hard cases (many digits, large exponents); the syntax is already checked. */
    private boolean parseSlow(byte[] b, int from, int to) {
        try {
            double v = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            if (Double.isInfinite(v)) {
                return false; // out of range, which Go reports as an error
            }
            value = v;
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean parseSpecial(byte[] b, int i, int to, boolean negative, boolean signed) {
        int n = to - i;
        if ((n == 3 || n == 8) && equalsIgnoreCase(b, i, to, n == 3 ? "inf" : "infinity")) {
            value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return true;
        }
        if (!signed && n == 3 && equalsIgnoreCase(b, i, to, "nan")) {
            value = Double.NaN;
            return true;
        }
        return false;
    }

    /** Parses {@code b[from, to)} as a signed decimal int64; on success the result is in {@link #longValue}. */
    boolean parseLong(byte[] b, int from, int to) {
        if (from >= to) {
            return false;
        }
        int i = from;
        boolean negative = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            if (++i == to) {
                return false;
            }
        }
        // Accumulate negatively so that Long.MIN_VALUE is reachable.
        long result = 0;
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyLimit = limit / 10;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || result < multiplyLimit) {
                return false;
            }
            result *= 10;
            if (result < limit + d) {
                return false;
            }
            result -= d;
        }
        longValue = negative ? result : -result;
        return true;
    }

    static boolean equalsIgnoreCase(byte[] b, int from, int to, String lowerAscii) {
        if (to - from != lowerAscii.length()) {
            return false;
        }
        for (int k = 0; k < lowerAscii.length(); k++) {
            int c = b[from + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerAscii.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
