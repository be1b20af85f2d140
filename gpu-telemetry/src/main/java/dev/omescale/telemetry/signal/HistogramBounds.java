package dev.omescale.telemetry.signal;

import java.util.List;

/** Reading {@code le} labels: numerically, so {@code le="1"} and {@code le="1.0"} are one bound. */
public final class HistogramBounds {
    private HistogramBounds() {
    }

    /** The bound an {@code le} value names; NumberFormatException when it names none. */
    public static double parse(String le) {
        return switch (le) {
            case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
            default -> Double.parseDouble(le);
        };
    }

    /** The finite bounds among {@code les}, ascending and distinct. */
    public static double[] finiteBounds(List<String> les) {
        return les.stream().mapToDouble(HistogramBounds::parse).filter(Double::isFinite).sorted().distinct().toArray();
    }
}
