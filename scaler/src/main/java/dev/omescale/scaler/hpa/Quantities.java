package dev.omescale.scaler.hpa;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes {@code Quantity.MilliValue()}: the value times 1000, rounded up to an int64. The HPA converts every
 * metric value and every Value/AverageValue target this way before any arithmetic, so omescale must too.
 */
public final class Quantities {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

    // number, then one of: binary SI suffix, decimal exponent, decimal SI suffix (Kubernetes quantity grammar)
    private static final Pattern QUANTITY = Pattern.compile(
            "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|n|u|m|k|M|G|T|P|E)?");

    private Quantities() {
    }

    /**
     * {@code ceil(value × 1000)} of the decimal the double prints as, so 1.1 gives 1100 (plain double arithmetic
     * would give 1100.0000000000002 and round up to 1101). Saturates at the int64 range, like the HPA's sum caps.
     *
     * @throws IllegalArgumentException for NaN or infinities, which no Quantity can hold
     */
    public static long milli(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("metric value " + value
                    + " cannot become a Kubernetes quantity; drop the sample or report a finite number");
        }
        return ceilSaturated(BigDecimal.valueOf(value).multiply(THOUSAND));
    }

    /**
     * Parses a Kubernetes quantity string ({@code "500m"}, {@code "2"}, {@code "1.5Gi"}, {@code "1e3"}) and returns
     * its milli-value, rounded up.
     *
     * @throws IllegalArgumentException when the text is not a quantity or its milli-value does not fit an int64
     */
    public static long milli(String quantity) {
        if (quantity == null) {
            throw new IllegalArgumentException("quantity is missing; write a number such as \"500m\" or \"2\"");
        }
        Matcher m = QUANTITY.matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("quantity \"" + quantity
                    + "\" is not a Kubernetes quantity; write a number with an optional suffix such as"
                    + " \"500m\", \"2\", \"1.5Gi\" or \"1e3\"");
        }
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        BigDecimal milli;
        try {
            milli = number.multiply(multiplier(m.group(2))).multiply(THOUSAND);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("quantity \"" + quantity + "\" has an exponent out of range;"
                    + " write the value with a smaller exponent", e);
        }
        if (milli.compareTo(LONG_MAX) > 0 || milli.compareTo(LONG_MIN) < 0) {
            throw new IllegalArgumentException("quantity \"" + quantity + "\" is too large for a milli-value;"
                    + " use a value below 9.2e15");
        }
        return milli.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal multiplier(String suffix) {
        if (suffix == null) {
            return BigDecimal.ONE;
        }
        return switch (suffix) {
            case "Ki" -> binary(10);
            case "Mi" -> binary(20);
            case "Gi" -> binary(30);
            case "Ti" -> binary(40);
            case "Pi" -> binary(50);
            case "Ei" -> binary(60);
            case "n" -> BigDecimal.ONE.scaleByPowerOfTen(-9);
            case "u" -> BigDecimal.ONE.scaleByPowerOfTen(-6);
            case "m" -> BigDecimal.ONE.scaleByPowerOfTen(-3);
            case "k" -> BigDecimal.ONE.scaleByPowerOfTen(3);
            case "M" -> BigDecimal.ONE.scaleByPowerOfTen(6);
            case "G" -> BigDecimal.ONE.scaleByPowerOfTen(9);
            case "T" -> BigDecimal.ONE.scaleByPowerOfTen(12);
            case "P" -> BigDecimal.ONE.scaleByPowerOfTen(15);
            case "E" -> BigDecimal.ONE.scaleByPowerOfTen(18);
            default -> BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        };
    }

    private static BigDecimal binary(int bits) {
        return new BigDecimal(BigInteger.ONE.shiftLeft(bits));
    }

    private static long ceilSaturated(BigDecimal milli) {
        if (milli.compareTo(LONG_MAX) >= 0) {
            return Long.MAX_VALUE;
        }
        if (milli.compareTo(LONG_MIN) <= 0) {
            return Long.MIN_VALUE;
        }
        return milli.setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
