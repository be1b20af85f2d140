package dev.omescale.bench;

import java.math.BigDecimal;

/**
 * Formats numbers the way Python's prometheus_client writes them (vLLM's exporter), so generated pages have
 * the same number shapes as real ones: {@code 0.0}, {@code 48213.0}, {@code 1.7740114612872875e+09}.
 */
final class PromFloat {
    private PromFloat() {
    }

    static String format(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        String plain = new BigDecimal(Double.toString(d)).toPlainString();
        if (plain.indexOf('.') < 0) {
            plain = plain + ".0";
        }
        int dot = plain.indexOf('.');
        // prometheus_client switches to Go-style exponents once the integer part has more than six digits.
        if (d > 0 && dot > 6) {
            String digits = (plain.substring(0, dot) + plain.substring(dot + 1)).replaceAll("0+$", "");
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            int exponent = dot - 1;
            return mantissa + "e+" + (exponent < 10 ? "0" : "") + exponent;
        }
        return plain;
    }
}
