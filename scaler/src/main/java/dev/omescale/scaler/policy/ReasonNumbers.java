package dev.omescale.scaler.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Numbers as the reasons of {@link KpaPolicy} and {@link SloPolicy} print them: short, stable, locale-free. */
final class ReasonNumbers {
    private ReasonNumbers() {
    }

    /** At most three decimals, trailing zeros dropped: 2, 0.25, 12.333. Cheap: every tick formats dozens. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (Math.abs(v) >= 1e12) {
            return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        long milli = Math.round(v * 1000);
        if (milli == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder(12);
        if (milli < 0) {
            sb.append('-');
            milli = -milli;
        }
        sb.append(milli / 1000);
        int frac = (int) (milli % 1000);
        if (frac != 0) {
            int digits = 3;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            sb.append('.');
            for (int pad = digits - String.valueOf(frac).length(); pad > 0; pad--) {
                sb.append('0');
            }
            sb.append(frac);
        }
        return sb.toString();
    }

    /** Seconds with the unit: 2 s, 0.05 s. */
    static String seconds(double s) {
        return num(s) + " s";
    }

    static String seconds(Duration d) {
        return seconds(d.toMillis() / 1000.0);
    }
}
