package dev.omescale.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line options of the load tools; unknown or malformed options end the run. */
final class Args {
    private final Map<String, String> values;
    private final String usage;

    private Args(Map<String, String> values, String usage) {
        this.values = values;
        this.usage = usage;
    }

    /** Parses {@code args}, which may only use the option names in {@code known}. */
    static Args parse(String[] args, Set<String> known, String usage) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'; usage: "
                        + usage);
            }
            String name = args[i].substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; usage: " + usage);
            }
            values.put(name, args[i + 1]);
        }
        return new Args(values, usage);
    }

    String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int intValue(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'; usage: "
                    + usage);
        }
    }
}
