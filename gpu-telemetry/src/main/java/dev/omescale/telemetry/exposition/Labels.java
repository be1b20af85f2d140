package dev.omescale.telemetry.exposition;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable label set, kept sorted by name so that equal sets compare equal whatever order the
 * exposition wrote them in. Names and values alternate in one array to keep a sample to two objects.
 */
public final class Labels {
    public static final Labels EMPTY = new Labels(new String[0]);

    private final String[] pairs;
    private final int hash;

    private Labels(String[] sortedPairs) {
        this.pairs = sortedPairs;
        this.hash = Arrays.hashCode(sortedPairs);
    }

    /**
     * Takes ownership of {@code namesAndValues} (name0, value0, name1, value1, ...), sorting it in place.
     * Duplicate names are the caller's to reject.
     */
    public static Labels ofPairsOwned(String[] namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got " + namesAndValues.length + " strings");
        }
        if (namesAndValues.length == 0) {
            return EMPTY;
        }
        // Insertion sort on pairs: label sets are small and usually already sorted.
        for (int i = 2; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            String value = namesAndValues[i + 1];
            int j = i - 2;
            while (j >= 0 && namesAndValues[j].compareTo(name) > 0) {
                namesAndValues[j + 2] = namesAndValues[j];
                namesAndValues[j + 3] = namesAndValues[j + 1];
                j -= 2;
            }
            namesAndValues[j + 2] = name;
            namesAndValues[j + 3] = value;
        }
        return new Labels(namesAndValues);
    }

    /** Convenience for tests and configuration: {@code Labels.of("pod", "a", "namespace", "b")}. */
    public static Labels of(String... namesAndValues) {
        return ofPairsOwned(namesAndValues.clone());
    }

    public static Labels fromMap(Map<String, String> map) {
        String[] pairs = new String[map.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return ofPairsOwned(pairs);
    }

    public int size() {
        return pairs.length / 2;
    }

    public String name(int i) {
        return pairs[2 * i];
    }

    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of label {@code name}, or null when the set has no such label. */
    public String get(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    /** This set without label {@code name} (e.g. {@code le}, to group histogram buckets). */
    public Labels without(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                String[] rest = new String[pairs.length - 2];
                System.arraycopy(pairs, 0, rest, 0, i);
                System.arraycopy(pairs, i + 2, rest, i, pairs.length - i - 2);
                return rest.length == 0 ? EMPTY : new Labels(rest);
            }
        }
        return this;
    }

    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && other.hash == hash && Arrays.equals(other.pairs, pairs);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** PromQL-style {@code {a="x",b="y"}}, with values escaped. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(pairs[i]).append("=\"");
            String v = pairs[i + 1];
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                switch (c) {
                    case '\\': sb.append("\\\\"); break;
                    case '"': sb.append("\\\""); break;
                    case '\n': sb.append("\\n"); break;
                    default: sb.append(c);
                }
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }
}
