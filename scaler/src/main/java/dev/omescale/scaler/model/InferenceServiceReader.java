package dev.omescale.scaler.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads {@code ome.io/v1beta1 InferenceService} objects from YAML (one or more documents, as in OME's samples) or
 * JSON (as the API server returns them). Structural errors (not an InferenceService, no name) throw; wrong values in
 * scaling fields become {@link SpecProblem}s on the result, so one bad field never hides the rest.
 */
public final class InferenceServiceReader {
    static final String API_VERSION = "ome.io/v1beta1";
    static final String KIND = "InferenceService";

    /** The fields of {@code spec} in OME's CRD (v1beta1); anything else is stale or a typo. */
    static final Set<String> SPEC_FIELDS = Set.of(
            "acceleratorSelector", "decoder", "engine", "kedaConfig", "model", "predictor", "router", "runtime");

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private InferenceServiceReader() {
    }

    /**
     * The one InferenceService in {@code yamlOrJson}; other documents (a Namespace, as in OME's samples) are skipped.
     *
     * @throws IllegalArgumentException when the text does not parse, holds no InferenceService, or holds several
     */
    public static InferenceService read(String yamlOrJson) {
        List<InferenceService> all = readAll(yamlOrJson);
        if (all.size() != 1) {
            throw new IllegalArgumentException("found " + all.size() + " InferenceService documents ("
                    + all.stream().map(InferenceService::key).toList() + "); pass exactly one, or use readAll");
        }
        return all.get(0);
    }

    /** Every InferenceService document in {@code yamlOrJson}, in order. */
    public static List<InferenceService> readAll(String yamlOrJson) {
        List<InferenceService> out = new ArrayList<>();
        List<String> otherKinds = new ArrayList<>();
        for (JsonNode doc : documents(yamlOrJson)) {
            if (KIND.equals(doc.path("kind").asString(""))) {
                out.add(fromTree(doc));
            } else {
                otherKinds.add(doc.path("kind").asString("(no kind)"));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no InferenceService document found (kinds seen: " + otherKinds
                    + "); expected apiVersion: " + API_VERSION + ", kind: " + KIND);
        }
        return List.copyOf(out);
    }

    /** The non-empty documents of a YAML stream, or the single JSON value. */
    static List<JsonNode> documents(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty input; expected an InferenceService in YAML or JSON");
        }
        List<JsonNode> docs = new ArrayList<>();
        try {
            if (text.stripLeading().startsWith("{")) {
                docs.add(JSON.readTree(text));
            } else {
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
                    while (it.hasNextValue()) {
                        JsonNode doc = it.nextValue();
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            docs.add(doc);
                        }
                    }
                }
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid YAML or JSON: " + e.getOriginalMessage()
                    + location(e) + "; fix the syntax", e);
        }
        for (JsonNode doc : docs) {
            if (!doc.isObject()) {
                throw new IllegalArgumentException("a document is " + JsonFields.kind(doc)
                        + ", not an object; expected a Kubernetes object with apiVersion, kind and metadata");
            }
        }
        return docs;
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /**
     * Reads one InferenceService tree (e.g. from the Kubernetes API). The tree is copied; later changes to it do not
     * reach the result.
     *
     * @throws IllegalArgumentException when it is not an {@code ome.io/v1beta1 InferenceService} with a name
     */
    public static InferenceService fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("expected an InferenceService object, got "
                    + (tree == null ? "nothing" : JsonFields.kind(tree)));
        }
        String kind = tree.path("kind").asString("");
        String apiVersion = tree.path("apiVersion").asString("");
        String name = tree.path("metadata").path("name").asString("");
        if (!KIND.equals(kind) || !API_VERSION.equals(apiVersion)) {
            throw new IllegalArgumentException("'" + (name.isEmpty() ? "(unnamed)" : name) + "' is " + apiVersion
                    + " " + kind + ", not " + API_VERSION + " " + KIND);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the InferenceService has no metadata.name; every object needs one");
        }
        JsonNode metadata = tree.get("metadata");
        String namespace = JsonFields.absent(metadata.get("namespace")) ? null : metadata.get("namespace").asString();
        String key = namespace == null ? name : namespace + "/" + name;
        Problems problems = new Problems();
        JsonFields fields = new JsonFields(key, problems);
        Map<String, String> annotations = fields.stringMap(metadata, "annotations", "metadata.annotations");
        Map<String, String> labels = fields.stringMap(metadata, "labels", "metadata.labels");
        Long generation = fields.longValue(metadata, "generation", "metadata.generation");
        String resourceVersion = fields.string(metadata, "resourceVersion", "metadata.resourceVersion");

        JsonNode spec = fields.objectNode(tree, "spec", "spec");
        ComponentSpec engine = null;
        ComponentSpec decoder = null;
        ComponentSpec router = null;
        KedaConfig keda = null;
        ObjectRef model = null;
        ObjectRef runtime = null;
        if (spec == null) {
            problems.error(key, "spec", null, "is absent; an InferenceService needs spec.model and spec.engine");
        } else {
            ComponentSpecReader components = new ComponentSpecReader(key, problems);
            engine = components.read(spec, "engine", "spec.engine");
            decoder = components.read(spec, "decoder", "spec.decoder");
            router = components.read(spec, "router", "spec.router");
            keda = components.kedaConfig(spec, "kedaConfig", "spec.kedaConfig");
            model = reference(fields, spec, "model", "ClusterBaseModel");
            runtime = reference(fields, spec, "runtime", "ClusterServingRuntime");
            reportStaleSpecFields(key, spec, problems);
        }
        return new InferenceService(namespace, name, annotations, labels, generation, resourceVersion,
                engine, decoder, router, keda, model, runtime, problems.list(), tree);
    }

    private static ObjectRef reference(JsonFields fields, JsonNode spec, String name, String defaultKind) {
        JsonNode node = fields.objectNode(spec, name, "spec." + name);
        if (node == null) {
            return null;
        }
        String kind = fields.string(node, "kind", "spec." + name + ".kind");
        String group = fields.string(node, "apiGroup", "spec." + name + ".apiGroup");
        return new ObjectRef(fields.string(node, "name", "spec." + name + ".name"),
                kind == null ? defaultKind : kind, group == null ? "ome.io" : group);
    }

    // Old samples (e.g. OME's zai-org_glm-4-5v.yaml) put component fields at the spec root, where the CRD drops them.
    // Other unknown fields are left alone: a newer OME may have added them, and raw() keeps them.
    private static void reportStaleSpecFields(String key, JsonNode spec, Problems problems) {
        for (String field : spec.propertyNames()) {
            String fix = switch (field) {
                case "modelRef" -> "it is an old name; write spec.model.name instead";
                case "minReplicas", "maxReplicas", "scaleTarget", "scaleMetric" ->
                        "it belongs to a component; move it to spec.engine." + field;
                default -> null;
            };
            if (fix != null && !SPEC_FIELDS.contains(field)) {
                problems.error(key, "spec." + field, null, "is not an InferenceService field; " + fix);
            }
        }
    }
}
