package dev.omescale.sim.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads profile files: {@code profiles: {name: {field: value, ...}, ...}}, every field required. */
public final class ModelProfiles {
    /** The profile {@code omescale simulate} uses unless told otherwise. */
    public static final String DEFAULT = "llama-3.1-8b-h100";
    private static final String RESOURCE = "/dev/omescale/sim/profiles.yaml";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ModelProfiles() {
    }

    /** The profiles shipped with omescale, by name, in file order. */
    public static Map<String, ModelProfile> shipped() {
        try (InputStream in = ModelProfiles.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped profile file " + RESOURCE + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelProfile shipped(String name) {
        Map<String, ModelProfile> all = shipped();
        ModelProfile p = all.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no shipped profile named '" + name + "'; shipped: "
                    + String.join(", ", all.keySet()) + "; or give a profile file");
        }
        return p;
    }

    public static Map<String, ModelProfile> read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read profile file " + file + ": " + e.getMessage()
                    + "; check the path", e);
        }
    }

    static Map<String, ModelProfile> parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("profile file " + source + " is not valid YAML: "
                    + e.getOriginalMessage() + "; fix the syntax", e);
        }
        JsonNode profiles = root == null ? null : root.get("profiles");
        if (profiles == null || !profiles.isObject() || profiles.isEmpty()) {
            throw new IllegalArgumentException("profile file " + source
                    + " has no 'profiles:' map; write profiles: {my-model: {gpusPerReplica: 1, ...}}");
        }
        Map<String, ModelProfile> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : profiles.properties()) {
            out.put(e.getKey(), profile(e.getKey(), e.getValue(), source));
        }
        return out;
    }

    private static ModelProfile profile(String name, JsonNode n, String source) {
        Fields f = new Fields(name, n, source);
        ModelProfile p = new ModelProfile(name, f.text("description"), (int) f.num("gpusPerReplica"),
                f.num("stepSeconds"), f.num("prefillSecondsPerToken"), f.num("decodeSecondsPerSequence"),
                f.num("attentionSecondsPerKvToken"), (int) f.num("maxBatchedTokens"), (int) f.num("maxSequences"),
                (long) f.num("kvCacheTokens"), (int) f.num("maxModelTokens"), f.num("kvTransferSecondsPerToken"),
                f.num("kvTransferLatencySeconds"), f.num("cpuRequestCores"), f.num("cpuIdleCores"),
                f.num("cpuBusyCores"), f.num("cpuCoreSecondsPerRequest"));
        if (!f.missing.isEmpty()) {
            throw new IllegalArgumentException("profile " + name + " in " + source + " lacks " + f.missing
                    + "; every field of the shipped profiles is required (see profiles.yaml)");
        }
        return p;
    }

    /** Collects missing fields so one error names them all. */
    private static final class Fields {
        private final String name;
        private final JsonNode node;
        private final String source;
        final List<String> missing = new ArrayList<>();

        Fields(String name, JsonNode node, String source) {
            this.name = name;
            this.node = node;
            this.source = source;
        }

        double num(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                missing.add(field);
                return 1;
            }
            if (!v.isNumber()) {
                throw new IllegalArgumentException("profile " + name + " in " + source + ": " + field + " = '"
                        + v.asString() + "' is not a number; write a plain number like 0.006");
            }
            return v.asDouble();
        }

        String text(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                missing.add(field);
                return "";
            }
            return v.asString();
        }
    }
}
