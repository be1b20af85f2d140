package dev.omescale.scaler.model;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** Typed reads of optional fields from a JSON/YAML tree that report, rather than throw, on wrong types. */
final class JsonFields {
    private final String object;
    private final Problems problems;

    JsonFields(String object, Problems problems) {
        this.object = object;
        this.problems = problems;
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** An int field, or null when absent or not a whole number (reported). */
    Integer integer(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        problems.error(object, path, text(node), "must be a whole number, e.g. " + name + ": 1");
        return null;
    }

    /** A long field, or null when absent or not a whole number (reported). */
    Long longValue(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        problems.error(object, path, text(node), "must be a whole number");
        return null;
    }

    /** A boolean field, or null when absent or not a boolean (reported). */
    Boolean bool(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        problems.error(object, path, text(node), "must be true or false, without quotes");
        return null;
    }

    /**
     * A string field, or null when absent. A number or boolean written where the CRD wants a string is used as its
     * text, but reported: the API server rejects it.
     */
    String string(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isValueNode()) {
            problems.error(object, path, text(node), "must be a string; quote it: \"" + text(node) + "\"");
            return text(node);
        }
        problems.error(object, path, null, "must be a string, not " + kind(node));
        return null;
    }

    /** A map of strings (annotations, labels); wrong entries are reported and, if scalar, kept as text. */
    Map<String, String> stringMap(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (absent(node)) {
            return out;
        }
        if (!node.isObject()) {
            problems.error(object, path, null, "must be a map of strings, not " + kind(node));
            return out;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String entryPath = path + "[\"" + e.getKey() + "\"]";
            JsonNode v = e.getValue();
            if (v.isString()) {
                out.put(e.getKey(), v.stringValue());
            } else if (v.isValueNode() && !v.isNull()) {
                problems.error(object, entryPath, text(v), "values must be strings; quote it: \"" + text(v) + "\"");
                out.put(e.getKey(), text(v));
            } else {
                problems.error(object, entryPath, null, "must be a string, not " + kind(v));
            }
        }
        return out;
    }

    /** An object field, or null when absent or not an object (reported). */
    JsonNode objectNode(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (absent(node)) {
            return null;
        }
        if (node.isObject()) {
            return node;
        }
        problems.error(object, path, node.isValueNode() ? text(node) : null, "must be an object, not " + kind(node));
        return null;
    }

    static String text(JsonNode node) {
        return node.isValueNode() ? node.asString() : node.toString();
    }

    static String kind(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNull()) {
            return "null";
        }
        return "a string";
    }
}
