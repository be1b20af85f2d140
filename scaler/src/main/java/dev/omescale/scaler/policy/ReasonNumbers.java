package dev.omescale.scaler.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Numbers as the reasons of {@link KpaPolicy} and {@link SloPolicy} print them: short, stable, locale-free. */
final class ReasonNumbers {
    private ReasonNumbers() {
    }

    /** At most three decimals, trailing zeros dropped: 2, 0.25, 12.333. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** Seconds with the unit: 2 s, 0.05 s. */
    static String seconds(double s) {
        return num(s) + " s";
    }

    static String seconds(Duration d) {
        return seconds(d.toMillis() / 1000.0);
    }
}
