package dev.omescale.scaler.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The per-component defaults of a {@code ServingRuntime} or {@code ClusterServingRuntime}: its {@code engineConfig},
 * {@code decoderConfig} and {@code routerConfig}. OME merges them under the ISVC's components, the ISVC winning.
 *
 * @param namespace null for a ClusterServingRuntime
 * @param configs   the configs present, by component
 * @param problems  wrong values found while reading
 */
public record RuntimeDefaults(
        String kind,
        String namespace,
        String name,
        Map<ComponentKind, ComponentSpec> configs,
        List<SpecProblem> problems) {

    public static final String SERVING_RUNTIME = "ServingRuntime";
    public static final String CLUSTER_SERVING_RUNTIME = "ClusterServingRuntime";

    public RuntimeDefaults {
        configs = configs.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(configs));
        problems = List.copyOf(problems);
    }

    public Optional<ComponentSpec> config(ComponentKind kind) {
        return Optional.ofNullable(configs.get(kind));
    }

    /** How problems name this runtime: {@code ClusterServingRuntime/name} or {@code ServingRuntime/ns/name}. */
    public String objectId() {
        return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }

    /**
     * Reads the one (Cluster)ServingRuntime in {@code yamlOrJson}.
     *
     * @throws IllegalArgumentException when the text holds no runtime, or several
     */
    public static RuntimeDefaults read(String yamlOrJson) {
        List<JsonNode> runtimes = InferenceServiceReader.documents(yamlOrJson).stream()
                .filter(d -> isRuntimeKind(d.path("kind").asString(""))).toList();
        if (runtimes.size() != 1) {
            throw new IllegalArgumentException("found " + runtimes.size() + " ServingRuntime or ClusterServingRuntime "
                    + "documents; pass exactly one");
        }
        return fromTree(runtimes.get(0));
    }

    /** Reads one runtime tree. */
    public static RuntimeDefaults fromTree(JsonNode tree) {
        String kind = tree.path("kind").asString("");
        String name = tree.path("metadata").path("name").asString("");
        if (!isRuntimeKind(kind) || !InferenceServiceReader.API_VERSION.equals(tree.path("apiVersion").asString(""))) {
            throw new IllegalArgumentException("'" + name + "' is " + tree.path("apiVersion").asString("") + " " + kind
                    + ", not " + InferenceServiceReader.API_VERSION + " ServingRuntime or ClusterServingRuntime");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the " + kind + " has no metadata.name; every object needs one");
        }
        JsonNode nsNode = tree.path("metadata").get("namespace");
        String namespace = kind.equals(SERVING_RUNTIME) && !JsonFields.absent(nsNode) ? nsNode.asString() : null;
        String id = namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
        Problems problems = new Problems();
        Map<ComponentKind, ComponentSpec> configs = new EnumMap<>(ComponentKind.class);
        JsonNode spec = tree.get("spec");
        if (spec != null && spec.isObject()) {
            ComponentSpecReader reader = new ComponentSpecReader(id, problems);
            for (ComponentKind c : ComponentKind.values()) {
                ComponentSpec config = reader.read(spec, c.runtimeConfigField(), "spec." + c.runtimeConfigField());
                if (config != null) {
                    configs.put(c, config);
                }
            }
        }
        return new RuntimeDefaults(kind, namespace, name, configs, problems.list());
    }

    private static boolean isRuntimeKind(String kind) {
        return kind.equals(SERVING_RUNTIME) || kind.equals(CLUSTER_SERVING_RUNTIME);
    }
}
