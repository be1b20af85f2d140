package dev.omescale.adapter.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads Kubernetes label selector text ({@code labels.Parse} in apimachinery): comma-separated requirements of the
 * forms {@code key}, {@code !key}, {@code key=v}, {@code key==v}, {@code key!=v}, {@code key in (a,b)},
 * {@code key notin (a,b)}, {@code key>n} and {@code key<n}. Keys are qualified names, values are label values.
 * Written by hand so every error can say where it is and what was expected.
 */
public final class LabelSelectorParser {
    private static final String NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern LABEL_NAME = Pattern.compile(NAME);
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String EXAMPLES = "e.g. app=qwen3-8b-engine, component in (engine,decoder), !canary";

    private enum Kind { IDENTIFIER, IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, NOT, GREATER, LESS, OPEN, CLOSE, COMMA, END }

    private record Token(Kind kind, String text, int position) {
        String describe() {
            return kind == Kind.END ? "the end" : "'" + text + "'";
        }
    }

    private final String input;
    private final List<Token> tokens;
    private int next;

    private LabelSelectorParser(String input) {
        this.input = input;
        this.tokens = lex(input);
    }

    /** Parses {@code text}; null or blank text is the empty selector, which matches everything. */
    public static LabelSelector parse(String text) throws SelectorSyntaxException {
        if (text == null || text.isBlank()) {
            return LabelSelector.EVERYTHING;
        }
        return new LabelSelectorParser(text).selector();
    }

    private LabelSelector selector() throws SelectorSyntaxException {
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            requirements.add(requirement());
            Token t = take();
            if (t.kind == Kind.END) {
                return new LabelSelector(requirements);
            }
            if (t.kind != Kind.COMMA) {
                throw error(t, "expected ',' or the end after a requirement, found " + t.describe());
            }
            Token after = peek();
            if (after.kind != Kind.IDENTIFIER && after.kind != Kind.NOT) {
                throw error(after, "expected a requirement after ',', found " + after.describe());
            }
        }
    }

    private Requirement requirement() throws SelectorSyntaxException {
        Token first = take();
        if (first.kind == Kind.NOT) {
            Token key = take();
            if (key.kind != Kind.IDENTIFIER) {
                throw error(key, "expected a label key after '!', found " + key.describe());
            }
            return new Requirement(key(key), Operator.DOES_NOT_EXIST, List.of());
        }
        if (first.kind != Kind.IDENTIFIER) {
            throw error(first, "expected a label key or '!', found " + first.describe());
        }
        String key = key(first);
        Token op = peek();
        if (op.kind == Kind.END || op.kind == Kind.COMMA) {
            return new Requirement(key, Operator.EXISTS, List.of());
        }
        take();
        return switch (op.kind) {
            case EQUALS, DOUBLE_EQUALS -> new Requirement(key, Operator.EQUALS, List.of(exactValue()));
            case NOT_EQUALS -> new Requirement(key, Operator.NOT_EQUALS, List.of(exactValue()));
            case IN -> new Requirement(key, Operator.IN, valueSet(op));
            case NOT_IN -> new Requirement(key, Operator.NOT_IN, valueSet(op));
            case GREATER -> new Requirement(key, Operator.GREATER_THAN, List.of(integer()));
            case LESS -> new Requirement(key, Operator.LESS_THAN, List.of(integer()));
            default -> throw error(op, "expected an operator (=, ==, !=, in, notin, >, <), ',' or the end after key '"
                    + key + "', found " + op.describe());
        };
    }

    // "key=" with nothing after it means the empty value, as in Kubernetes.
    private String exactValue() throws SelectorSyntaxException {
        Token t = peek();
        if (t.kind == Kind.END || t.kind == Kind.COMMA) {
            return "";
        }
        take();
        if (t.kind != Kind.IDENTIFIER) {
            throw error(t, "expected a value, found " + t.describe());
        }
        return value(t);
    }

    private String integer() throws SelectorSyntaxException {
        Token t = take();
        if (t.kind != Kind.IDENTIFIER) {
            throw error(t, "expected an integer after '>' or '<', found " + t.describe());
        }
        try {
            Long.parseLong(t.text);
        } catch (NumberFormatException e) {
            throw error(t, "'" + t.text + "' is not an integer: '>' and '<' compare whole numbers");
        }
        return t.text;
    }

    // "(a,b)", "(a,)", "(,a)" and "()" as Kubernetes reads them: an empty entry is the empty value.
    private List<String> valueSet(Token op) throws SelectorSyntaxException {
        Token open = take();
        if (open.kind != Kind.OPEN) {
            throw error(open, "expected '(' after '" + op.text + "', found " + open.describe());
        }
        List<String> values = new ArrayList<>();
        boolean expectValue = true;
        while (true) {
            Token t = take();
            switch (t.kind) {
                case IDENTIFIER -> {
                    if (!expectValue) {
                        throw error(t, "expected ',' or ')' between values, found " + t.describe());
                    }
                    values.add(value(t));
                    expectValue = false;
                }
                case COMMA -> {
                    if (expectValue) {
                        values.add("");
                    }
                    expectValue = true;
                }
                case CLOSE -> {
                    if (expectValue) {
                        values.add("");
                    }
                    return values;
                }
                default -> throw error(t, "expected a value, ',' or ')' in the value set, found " + t.describe());
            }
        }
    }

    private String key(Token t) throws SelectorSyntaxException {
        String key = t.text;
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                throw error(t, "key prefix '" + prefix + "' must be a lowercase DNS subdomain of at most 253"
                        + " characters, such as ome.io/inferenceservice");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            throw error(t, "key '" + key + "' is not a label key: the name part needs 1 to 63 letters, digits, '-', '_'"
                    + " or '.', starting and ending with a letter or digit");
        }
        return key;
    }

    private String value(Token t) throws SelectorSyntaxException {
        String v = t.text;
        if (v.length() > 63 || !LABEL_NAME.matcher(v).matches()) {
            throw error(t, "value '" + v + "' is not a label value: at most 63 letters, digits, '-', '_' or '.',"
                    + " starting and ending with a letter or digit");
        }
        return v;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind != Kind.END) {
            next++;
        }
        return t;
    }

    private SelectorSyntaxException error(Token t, String problem) {
        return new SelectorSyntaxException(input, t.position, problem + "; " + EXAMPLES);
    }

    private static boolean special(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '<' || c == '>';
    }

    private static List<Token> lex(String input) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (special(c)) {
                Token t = symbol(input, i);
                tokens.add(t);
                i += t.text.length();
            } else {
                int start = i;
                while (i < input.length() && !Character.isWhitespace(input.charAt(i)) && !special(input.charAt(i))) {
                    i++;
                }
                String word = input.substring(start, i);
                Kind kind = switch (word) {
                    case "in" -> Kind.IN;
                    case "notin" -> Kind.NOT_IN;
                    default -> Kind.IDENTIFIER;
                };
                tokens.add(new Token(kind, word, start));
            }
        }
        tokens.add(new Token(Kind.END, "", input.length()));
        return tokens;
    }

    // Two-character symbols first, like Kubernetes' longest match: "!=" before "!", "==" before "=".
    private static Token symbol(String input, int i) {
        String two = i + 1 < input.length() ? input.substring(i, i + 2) : "";
        switch (two) {
            case "!=": return new Token(Kind.NOT_EQUALS, two, i);
            case "==": return new Token(Kind.DOUBLE_EQUALS, two, i);
            default: break;
        }
        return switch (input.charAt(i)) {
            case '=' -> new Token(Kind.EQUALS, "=", i);
            case '!' -> new Token(Kind.NOT, "!", i);
            case '(' -> new Token(Kind.OPEN, "(", i);
            case ')' -> new Token(Kind.CLOSE, ")", i);
            case ',' -> new Token(Kind.COMMA, ",", i);
            case '<' -> new Token(Kind.LESS, "<", i);
            default -> new Token(Kind.GREATER, ">", i);
        };
    }
}
