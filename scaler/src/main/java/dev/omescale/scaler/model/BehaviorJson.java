package dev.omescale.scaler.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.omescale.scaler.hpa.HpaBehavior;
import dev.omescale.scaler.hpa.HpaScalingPolicy;
import dev.omescale.scaler.hpa.HpaScalingRules;
import dev.omescale.scaler.hpa.SelectPolicy;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an HPA {@code behavior} object written as JSON (the value of {@code omescale.dev/behavior}), with the
 * Kubernetes API's field names, spellings and validation bounds.
 */
public final class BehaviorJson {
    public static final int MAX_STABILIZATION_WINDOW_SECONDS = 3600;
    public static final int MAX_PERIOD_SECONDS = 1800;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> BEHAVIOR_FIELDS = Set.of("scaleUp", "scaleDown");
    private static final Set<String> RULES_FIELDS =
            Set.of("stabilizationWindowSeconds", "selectPolicy", "policies", "tolerance");
    private static final Set<String> POLICY_FIELDS = Set.of("type", "value", "periodSeconds");
    // A Kubernetes Quantity: a decimal with an optional SI or binary suffix, or an exponent.
    private static final Pattern QUANTITY =
            Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+))(?:([eE][+-]?\\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?");

    private BehaviorJson() {
    }

    /**
     * Parses {@code json}, e.g. {@code {"scaleDown":{"stabilizationWindowSeconds":600}}}.
     *
     * @throws IllegalArgumentException naming the field path, what is wrong and the fix
     */
    public static HpaBehavior parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new IllegalArgumentException("not valid JSON" + where + " (" + firstLine(e.getOriginalMessage())
                    + "); write an HPA behavior object like {\"scaleDown\":{\"stabilizationWindowSeconds\":300}}");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object with scaleUp and/or scaleDown, e.g. "
                    + "{\"scaleDown\":{\"stabilizationWindowSeconds\":300}}");
        }
        checkFields(root, "", BEHAVIOR_FIELDS);
        return new HpaBehavior(rules(root.get("scaleUp"), "scaleUp"), rules(root.get("scaleDown"), "scaleDown"));
    }

    private static HpaScalingRules rules(JsonNode node, String path) {
        if (JsonFields.absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + " must be an object with stabilizationWindowSeconds, "
                    + "selectPolicy, policies and/or tolerance");
        }
        checkFields(node, path + ".", RULES_FIELDS);
        Integer window = intIn(node.get("stabilizationWindowSeconds"), path + ".stabilizationWindowSeconds",
                0, MAX_STABILIZATION_WINDOW_SECONDS);
        return new HpaScalingRules(window, selectPolicy(node.get("selectPolicy"), path + ".selectPolicy"),
                policies(node.get("policies"), path + ".policies"), tolerance(node.get("tolerance"), path + ".tolerance"));
    }

    private static SelectPolicy selectPolicy(JsonNode node, String path) {
        if (JsonFields.absent(node)) {
            return null;
        }
        String word = node.isString() ? node.stringValue() : JsonFields.text(node);
        return switch (word) {
            case "Max" -> SelectPolicy.MAX;
            case "Min" -> SelectPolicy.MIN;
            case "Disabled" -> SelectPolicy.DISABLED;
            default -> throw new IllegalArgumentException(path + " is " + quote(word)
                    + ", not a select policy; use Max, Min or Disabled");
        };
    }

    private static List<HpaScalingPolicy> policies(JsonNode node, String path) {
        if (JsonFields.absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(path + " must be a list like [{\"type\":\"Pods\",\"value\":4,"
                    + "\"periodSeconds\":60}]");
        }
        if (node.isEmpty()) {
            throw new IllegalArgumentException(path + " is empty; list at least one policy, or leave policies out "
                    + "to get the defaults");
        }
        List<HpaScalingPolicy> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode p = node.get(i);
            if (!p.isObject()) {
                throw new IllegalArgumentException(at + " must be an object with type, value and periodSeconds");
            }
            checkFields(p, at + ".", POLICY_FIELDS);
            if (JsonFields.absent(p.get("type")) || JsonFields.absent(p.get("value"))
                    || JsonFields.absent(p.get("periodSeconds"))) {
                throw new IllegalArgumentException(at + " needs all of type, value and periodSeconds");
            }
            String type = JsonFields.text(p.get("type"));
            HpaScalingPolicy.Type t = switch (type) {
                case "Pods" -> HpaScalingPolicy.Type.PODS;
                case "Percent" -> HpaScalingPolicy.Type.PERCENT;
                default -> throw new IllegalArgumentException(at + ".type is " + quote(type)
                        + ", not a policy type; use Pods or Percent");
            };
            int value = intIn(p.get("value"), at + ".value", 1, Integer.MAX_VALUE);
            int period = intIn(p.get("periodSeconds"), at + ".periodSeconds", 1, MAX_PERIOD_SECONDS);
            out.add(new HpaScalingPolicy(t, value, period));
        }
        return out;
    }

    /** A number, or a Quantity string such as "0.05" or "50m"; zero or more. */
    private static Double tolerance(JsonNode node, String path) {
        if (JsonFields.absent(node)) {
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isString()) {
            value = quantity(node.stringValue(), path);
        } else {
            throw new IllegalArgumentException(path + " must be a number or a quantity string like \"0.05\" or \"50m\"");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException(path + " is " + value.toPlainString()
                    + "; a tolerance is zero or more, e.g. 0.05");
        }
        return value.doubleValue();
    }

    private static BigDecimal quantity(String text, String path) {
        Matcher m = QUANTITY.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(path + " is " + quote(text)
                    + ", not a quantity; write a number like \"0.05\" or \"50m\"");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            return new BigDecimal(m.group(1) + m.group(2));
        }
        if (m.group(3) == null) {
            return number;
        }
        return switch (m.group(3)) {
            case "n" -> number.scaleByPowerOfTen(-9);
            case "u" -> number.scaleByPowerOfTen(-6);
            case "m" -> number.scaleByPowerOfTen(-3);
            case "k" -> number.scaleByPowerOfTen(3);
            case "M" -> number.scaleByPowerOfTen(6);
            case "G" -> number.scaleByPowerOfTen(9);
            case "T" -> number.scaleByPowerOfTen(12);
            case "P" -> number.scaleByPowerOfTen(15);
            case "E" -> number.scaleByPowerOfTen(18);
            default -> number.multiply(new BigDecimal(1L << (10 * ("KMGTPE".indexOf(m.group(3).charAt(0)) + 1))));
        };
    }

    private static Integer intIn(JsonNode node, String path, int min, int max) {
        if (JsonFields.absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new IllegalArgumentException(path + " is " + JsonFields.text(node) + ", not a whole number; use "
                    + range(min, max));
        }
        int v = node.intValue();
        if (v < min || v > max) {
            throw new IllegalArgumentException(path + " is " + v + ", out of range; use " + range(min, max));
        }
        return v;
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? min + " or more" : min + ".." + max;
    }

    private static void checkFields(JsonNode node, String prefix, Set<String> known) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!known.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown field " + prefix + e.getKey() + "; use "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    // Jackson's message names the reader's internals ("start marker at [Source: ...]"); keep only what is wrong.
    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        int marker = line.indexOf(" (start marker at");
        return marker < 0 ? line : line.substring(0, marker);
    }
}
