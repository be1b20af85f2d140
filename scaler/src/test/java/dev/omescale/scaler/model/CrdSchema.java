package dev.omescale.scaler.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A small structural check of an object against a CRD version's openAPIV3Schema: known fields (properties,
 * additionalProperties or x-kubernetes-preserve-unknown-fields), JSON types, enums and required fields. Enough to
 * tell whether OME's API server would accept the scaling-relevant shape of a sample; not a full validator (no
 * formats, patterns, CEL or min/max).
 */
final class CrdSchema {
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private final JsonNode schema;

    private CrdSchema(JsonNode schema) {
        this.schema = schema;
    }

    static CrdSchema load(String crdYaml, String version) {
        JsonNode crd = YAML.readTree(crdYaml);
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (version.equals(v.path("name").asString(""))) {
                return new CrdSchema(v.path("schema").path("openAPIV3Schema"));
            }
        }
        throw new IllegalArgumentException("the CRD has no version " + version);
    }

    /** The schema node at a path of property names, e.g. {@code spec, engine, scaleMetric}. */
    JsonNode at(String... names) {
        JsonNode node = schema;
        for (String name : names) {
            node = node.path("properties").path(name);
        }
        return node;
    }

    /** Every violation, as {@code path: what is wrong}; empty when the object fits the schema. */
    List<String> violations(JsonNode object) {
        List<String> out = new ArrayList<>();
        check(object, schema, "", out);
        return out;
    }

    private static void check(JsonNode node, JsonNode schema, String path, List<String> out) {
        if (node.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                out.add(path + ": null is not allowed");
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!node.isIntegralNumber() && !node.isString()) {
                out.add(path + ": must be an integer or a string");
            }
            return;
        }
        String type = schema.path("type").asString("");
        switch (type) {
            case "object" -> checkObject(node, schema, path, out);
            case "array" -> {
                if (!node.isArray()) {
                    out.add(path + ": must be a list");
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), schema.path("items"), path + "[" + i + "]", out);
                }
            }
            case "string" -> require(node.isString(), path, "must be a string", out);
            case "integer" -> require(node.isIntegralNumber(), path, "must be an integer", out);
            case "number" -> require(node.isNumber(), path, "must be a number", out);
            case "boolean" -> require(node.isBoolean(), path, "must be a boolean", out);
            default -> {
                // untyped with preserve-unknown-fields: anything goes
            }
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && node.isValueNode()) {
            boolean found = false;
            List<String> words = new ArrayList<>();
            for (JsonNode a : allowed) {
                words.add(a.asString());
                found |= a.equals(node);
            }
            if (!found) {
                out.add(path + ": " + node + " is not one of " + words);
            }
        }
    }

    private static void checkObject(JsonNode node, JsonNode schema, String path, List<String> out) {
        if (!node.isObject()) {
            out.add(path + ": must be an object");
            return;
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        // The API server validates metadata itself; the CRD only says "object".
        boolean opaque = path.equals("metadata") && properties == null;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (properties != null && properties.has(e.getKey())) {
                check(e.getValue(), properties.get(e.getKey()), child, out);
            } else if (additional != null && additional.isObject()) {
                check(e.getValue(), additional, child, out);
            } else if (!preserve && !opaque) {
                out.add(child + ": unknown field");
            }
        }
        for (JsonNode r : schema.path("required")) {
            if (!node.has(r.asString())) {
                out.add((path.isEmpty() ? "" : path + ".") + r.asString() + ": required");
            }
        }
    }

    private static void require(boolean ok, String path, String message, List<String> out) {
        if (!ok) {
            out.add(path + ": " + message);
        }
    }
}
