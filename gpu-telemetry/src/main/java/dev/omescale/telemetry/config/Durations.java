package dev.omescale.telemetry.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Go/Prometheus-style durations as written in configuration: a sequence of number-and-unit parts such as
 * {@code 500ms}, {@code 5s}, {@code 1h30m} or {@code 1.5s}. Units: ns, us (or µs), ms, s, m, h, d (24h), w (7d).
 */
public final class Durations {
    private static final String EXAMPLES = "e.g. 500ms, 5s, 1m, 1h30m or 1.5s";
    private static final String UNITS = "ns, us, ms, s, m, h, d or w";
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * Parses {@code text}. The bare number {@code 0} is accepted as zero, as in Go; any other number needs a
     * unit so that "5" is never silently read as seconds or milliseconds.
     *
     * @throws IllegalArgumentException naming the input and showing examples when the text is not a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("'" + (text == null ? "" : text)
                    + "' is empty; write a duration, " + EXAMPLES);
        }
        String s = text.trim();
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative; durations are zero or more, " + EXAMPLES);
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        BigInteger totalNanos = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit, "
                        + EXAMPLES);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has no unit after " + number + "; write e.g. "
                        + number + "s or " + number + "ms");
            }
            long unitNanos = unitNanos(unit);
            if (unitNanos < 0) {
                throw new IllegalArgumentException("'" + text + "' has unknown unit '" + unit + "'; use " + UNITS
                        + ", " + EXAMPLES);
            }
            // Fractions below a nanosecond are dropped, as Go does.
            BigInteger part = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)).toBigInteger();
            totalNanos = totalNanos.add(part);
            if (totalNanos.compareTo(MAX_NANOS) > 0) {
                throw new IllegalArgumentException("'" + text + "' is too long; durations go up to about 292 years");
            }
        }
        return Duration.ofNanos(totalNanos.longValueExact());
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1L;
            case "us":
            case "µs":
            case "μs": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60L * 1_000_000_000L;
            case "h": return 3_600L * 1_000_000_000L;
            case "d": return 86_400L * 1_000_000_000L;
            case "w": return 7L * 86_400L * 1_000_000_000L;
            default: return -1L;
        }
    }

    /**
     * The shortest text {@link #parse} reads back as {@code d}: {@code 5s}, {@code 1m30s}, {@code 250ms},
     * {@code 1h}, {@code 1s500ms}; {@code 0s} for zero. Hours are the largest unit, as in Go.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        Duration rest = d;
        if (rest.isNegative()) {
            sb.append('-');
            rest = rest.negated();
        }
        long hours = rest.toHours();
        rest = rest.minusHours(hours);
        long minutes = rest.toMinutes();
        rest = rest.minusMinutes(minutes);
        long seconds = rest.getSeconds();
        long nanos = rest.getNano();
        appendPart(sb, hours, "h");
        appendPart(sb, minutes, "m");
        appendPart(sb, seconds, "s");
        appendPart(sb, nanos / 1_000_000, "ms");
        appendPart(sb, nanos / 1_000 % 1_000, "us");
        appendPart(sb, nanos % 1_000, "ns");
        return sb.toString();
    }

    private static void appendPart(StringBuilder sb, long amount, String unit) {
        if (amount != 0) {
            sb.append(amount).append(unit);
        }
    }
}
