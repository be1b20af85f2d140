package dev.omescale.scaler.promql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the series selectors of a PromQL query ({@code metric{matchers}}, {@code {matchers}} or a bare metric name),
 * as written and without their range. Not a PromQL parser: it skips strings, comments, ranges, numbers, function and
 * aggregation names, keywords and the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring},
 * {@code group_left} and {@code group_right}, which is all a diagnosis of an empty result needs.
 */
final class SeriesSelectors {
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "and", "or", "unless", "atan2", "inf", "nan",
            // aggregations, which may carry "by (...)" before their parenthesis: "sum by (pod) (x)"
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private SeriesSelectors() {
    }

    static List<String> of(String query) {
        Set<String> found = new LinkedHashSet<>();
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(query, i);
            } else if (c == '#') {
                while (i < n && query.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '[') {
                i = skipPast(query, i, ']');
            } else if (c == '{') {
                int end = matchers(query, i);
                found.add(query.substring(i, end));
                i = end;
            } else if (identifierStart(c)) {
                int start = i;
                while (i < n && identifierPart(query.charAt(i))) {
                    i++;
                }
                String word = query.substring(start, i);
                int next = skipSpace(query, i);
                char following = next < n ? query.charAt(next) : 0;
                if (following == '(') {
                    if (LABEL_LISTS.contains(word.toLowerCase(Locale.ROOT))) {
                        i = skipPast(query, next, ')');
                    }
                    // otherwise a function or aggregation: its arguments are scanned next
                } else if (KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
                    // an operator or modifier keyword, not a metric
                } else if (following == '{') {
                    int end = matchers(query, next);
                    found.add(word + query.substring(next, end));
                    i = end;
                } else {
                    found.add(word);
                }
            } else if (Character.isDigit(c) || c == '.') {
                // numbers and durations (0.5, 5m, 1e3, 0x1f)
                while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '.'
                        || query.charAt(i) == '_')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return new ArrayList<>(found);
    }

    private static boolean identifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    private static boolean identifierPart(char c) {
        return identifierStart(c) || c >= '0' && c <= '9';
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index after the string literal that starts at {@code i}. */
    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            i += quote != '`' && s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, s.length());
    }

    /** The index after the first {@code close} at or after {@code i}, skipping string literals. */
    private static int skipPast(String s, int i, char close) {
        i++;
        while (i < s.length() && s.charAt(i) != close) {
            char c = s.charAt(i);
            i = c == '"' || c == '\'' || c == '`' ? skipString(s, i) : i + 1;
        }
        return Math.min(i + 1, s.length());
    }

    /** The index after the matcher block {@code {...}} that starts at {@code i}. */
    private static int matchers(String s, int i) {
        return skipPast(s, i, '}');
    }
}
