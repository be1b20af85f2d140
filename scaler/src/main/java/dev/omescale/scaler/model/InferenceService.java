package dev.omescale.scaler.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@code ome.io/v1beta1 InferenceService} as read: the fields that matter for scaling, typed, plus the whole
 * original tree so that nothing unknown is ever dropped when omescale writes the object back.
 *
 * @param generation      {@code metadata.generation}, or null
 * @param resourceVersion {@code metadata.resourceVersion}, or null
 * @param engine          {@code spec.engine}, or null when absent (decoder, router likewise)
 * @param kedaConfig      the top-level {@code spec.kedaConfig}, or null
 * @param model           {@code spec.model}, or null
 * @param runtime         {@code spec.runtime}, or null (OME then selects a runtime itself)
 * @param problems        what the reader found wrong in typed fields (e.g. a scaleMetric outside the CRD enum)
 */
public record InferenceService(
        String namespace,
        String name,
        Map<String, String> annotations,
        Map<String, String> labels,
        Long generation,
        String resourceVersion,
        ComponentSpec engine,
        ComponentSpec decoder,
        ComponentSpec router,
        KedaConfig kedaConfig,
        ObjectRef model,
        ObjectRef runtime,
        List<SpecProblem> problems,
        JsonNode raw) {

    public InferenceService {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        problems = problems == null ? List.of() : List.copyOf(problems);
        raw = raw.deepCopy();
    }

    /** The tree as read, unknown fields included; a fresh copy on every call. */
    @Override
    public JsonNode raw() {
        return raw.deepCopy();
    }

    /** {@code namespace/name} (just the name when no namespace is set), the way problems and logs name it. */
    public String key() {
        return namespace == null ? name : namespace + "/" + name;
    }

    public Optional<ComponentSpec> component(ComponentKind kind) {
        return Optional.ofNullable(switch (kind) {
            case ENGINE -> engine;
            case DECODER -> decoder;
            case ROUTER -> router;
        });
    }

    /** The components present in the spec, in engine, decoder, router order. */
    public List<ComponentKind> presentComponents() {
        List<ComponentKind> present = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            if (component(kind).isPresent()) {
                present.add(kind);
            }
        }
        return List.copyOf(present);
    }

    /** OME's object name for a component, e.g. {@code llama-chat-engine}. */
    public String objectName(ComponentKind kind) {
        return kind.objectName(name);
    }

    /**
     * The same ISVC with {@code spec.<component>.minReplicas} set to {@code minReplicas}; the tree differs from this
     * one in that field only. This is the MultiNode lever: OME resets LWS replicas to minReplicas on each reconcile.
     *
     * @throws IllegalArgumentException when the component is absent (setting it would create the component)
     */
    public InferenceService withComponentMinReplicas(ComponentKind kind, int minReplicas) {
        requirePresent(kind, minReplicas);
        JsonNode copy = raw.deepCopy();
        ((ObjectNode) copy.get("spec").get(kind.word())).put("minReplicas", minReplicas);
        return InferenceServiceReader.fromTree(copy);
    }

    /**
     * A JSON merge patch (RFC 7386) that sets {@code spec.<component>.minReplicas}; it carries
     * {@code metadata.resourceVersion} when known, so the API server rejects it if the ISVC changed meanwhile.
     */
    public ObjectNode minReplicasMergePatch(ComponentKind kind, int minReplicas) {
        requirePresent(kind, minReplicas);
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        if (resourceVersion != null) {
            patch.putObject("metadata").put("resourceVersion", resourceVersion);
        }
        patch.putObject("spec").putObject(kind.word()).put("minReplicas", minReplicas);
        return patch;
    }

    private void requirePresent(ComponentKind kind, int minReplicas) {
        if (component(kind).isEmpty()) {
            throw new IllegalArgumentException(key() + ": spec." + kind.word() + " is absent; cannot set its minReplicas to "
                    + minReplicas + " without creating the component");
        }
        if (minReplicas < 0) {
            throw new IllegalArgumentException(key() + ": spec." + kind.word() + ".minReplicas cannot be " + minReplicas
                    + "; use 0 or more");
        }
    }
}
