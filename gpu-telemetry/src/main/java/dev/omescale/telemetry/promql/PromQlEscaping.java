package dev.omescale.telemetry.promql;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts user-supplied values (a namespace, a model name) into PromQL safely. Values are escaped as Go's
 * {@code strconv.Quote} escapes them, which PromQL's string parser reads back exactly, so a value can never
 * end the string it sits in and change the query.
 */
public final class PromQlEscaping {
    /** {@code {name}} where name is an identifier: braces of label matchers ({@code {a="b"}}) never match. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PromQlEscaping() {
    }

    /**
     * Escapes {@code raw} for use between the double quotes of a PromQL string, e.g. a label matcher value.
     * Backslash and double quote get a backslash; \a \b \f \n \r \t \v their short forms; other control
     * characters {@code \xNN}; other characters Go does not count as printable (such as U+00A0
     * or U+2028) a backslash, 'u' and 4 hex digits, or 'U' and 8; everything else stays as it is.
     */
    public static String labelValue(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> appendOther(out, cp);
            }
        }
        return out.toString();
    }

    /**
     * Replaces each {@code {name}} in {@code template} with {@code labelValue(values.get(name))}. Put the
     * placeholder inside quotes: {@code sum(rate(x{namespace="{namespace}"}[1m]))}.
     *
     * @throws IllegalArgumentException naming the first placeholder that has no value
     */
    public static String substitute(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("PromQL template has placeholder {" + name + "} but no value"
                        + " is given for it (known: " + new TreeSet<>(values.keySet()) + "); add a value for '"
                        + name + "' or fix the template");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(labelValue(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static void appendOther(StringBuilder out, int cp) {
        if (cp < 0x20 || cp == 0x7f) {
            out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
        } else if (isGoPrintable(cp)) {
            out.appendCodePoint(cp);
        } else if (cp < 0x10000) {
            // A lone surrogate cannot be encoded in UTF-8; Go would write the replacement character instead.
            int c = Character.isSurrogate((char) cp) ? 0xfffd : cp;
            out.append("\\u");
            appendHex(out, c, 4);
        } else {
            out.append("\\U");
            appendHex(out, cp, 8);
        }
    }

    /** Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isGoPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }

    private static void appendHex(StringBuilder out, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(value >> shift) & 0xf]);
        }
    }
}
