package dev.omescale.scaler.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Number and duration formatting for proposal reasons, so every policy prints values the same way. */
final class Texts {
    private Texts() {
    }

    /** A milli-value as a plain decimal without trailing zeros: 7100 → "7.1", 5000 → "5". */
    static String milli(long milli) {
        return BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString();
    }

    /** A double as the shortest plain decimal that reads back as it: 23.5 → "23.5", 10.0 → "10". */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A ratio with two decimals, as in "ratio 1.42". */
    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    /** "30s", "1500ms", "5m". */
    static String duration(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** "default/llama-chat-engine". */
    static String component(ComponentInputs inputs) {
        return inputs.namespace() + "/" + inputs.spec().objectName();
    }
}
