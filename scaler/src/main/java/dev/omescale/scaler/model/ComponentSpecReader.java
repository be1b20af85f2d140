package dev.omescale.scaler.model;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/** Reads one component node (ISVC {@code spec.<c>} or runtime {@code <c>Config}) into a {@link ComponentSpec}. */
final class ComponentSpecReader {
    private final String object;
    private final Problems problems;
    private final JsonFields fields;

    ComponentSpecReader(String object, Problems problems) {
        this.object = object;
        this.problems = problems;
        this.fields = new JsonFields(object, problems);
    }

    /** The component at {@code parent.name}, or null when absent (or not an object, which is reported). */
    ComponentSpec read(JsonNode parent, String name, String path) {
        JsonNode node = fields.objectNode(parent, name, path);
        if (node == null) {
            return null;
        }
        Integer min = fields.integer(node, "minReplicas", path + ".minReplicas");
        Integer max = fields.integer(node, "maxReplicas", path + ".maxReplicas");
        Integer target = fields.integer(node, "scaleTarget", path + ".scaleTarget");
        ScaleMetric metric = scaleMetric(node, path + ".scaleMetric");
        Map<String, String> annotations = fields.stringMap(node, "annotations", path + ".annotations");
        Map<String, String> labels = fields.stringMap(node, "labels", path + ".labels");
        KedaConfig keda = kedaConfig(node, "kedaConfig", path + ".kedaConfig");
        boolean leader = !JsonFields.absent(node.get("leader"));
        JsonNode worker = node.get("worker");
        boolean hasWorker = !JsonFields.absent(worker);
        Integer workerSize = hasWorker && worker.isObject()
                ? fields.integer(worker, "size", path + ".worker.size") : null;
        return new ComponentSpec(min, max, metric, target, annotations, labels, keda, leader, hasWorker, workerSize,
                node);
    }

    private ScaleMetric scaleMetric(JsonNode node, String path) {
        String word = fields.string(node, "scaleMetric", path);
        if (word == null) {
            return null;
        }
        return ScaleMetric.fromWord(word).orElseGet(() -> {
            String hint = word.equals("tps")
                    ? " (tps is only OME's internal default KEDA metric name; the API server rejects it)" : "";
            problems.error(object, path, word, "not in the CRD enum; use cpu, memory, concurrency or rps" + hint);
            return null;
        });
    }

    /** A KedaConfig at {@code parent.name}, or null when absent. */
    KedaConfig kedaConfig(JsonNode parent, String name, String path) {
        JsonNode node = fields.objectNode(parent, name, path);
        if (node == null) {
            return null;
        }
        KedaConfig.AuthenticationRef auth = null;
        JsonNode authNode = fields.objectNode(node, "authenticationRef", path + ".authenticationRef");
        if (authNode != null) {
            auth = new KedaConfig.AuthenticationRef(
                    fields.string(authNode, "name", path + ".authenticationRef.name"),
                    fields.string(authNode, "kind", path + ".authenticationRef.kind"));
        }
        return new KedaConfig(
                fields.bool(node, "enableKeda", path + ".enableKeda"),
                fields.string(node, "promServerAddress", path + ".promServerAddress"),
                fields.string(node, "customPromQuery", path + ".customPromQuery"),
                fields.string(node, "scalingThreshold", path + ".scalingThreshold"),
                fields.string(node, "scalingOperator", path + ".scalingOperator"),
                auth,
                fields.string(node, "authModes", path + ".authModes"));
    }
}
