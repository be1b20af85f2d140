package dev.omescale.sim.report;

import java.util.Locale;

/** Escaping and number formatting for the report: every piece of text goes through {@link #escape}. */
final class Html {
    private Html() {
    }

    /** Text safe in element content and in double- or single-quoted attributes. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than tab and newline are not allowed in HTML text.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A number with at most {@code decimals} decimals, trailing zeros dropped; n/a when not finite. */
    static String number(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return "-0".equals(s) ? "0" : s;
    }

    /** An SVG coordinate: one decimal is finer than a screen pixel at the chart sizes used. */
    static String coord(double value) {
        return number(value, 1);
    }
}
