package dev.omescale.adapter.api;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The discovery documents the aggregator and kubectl read: {@code /apis} (APIGroupList), {@code /apis/{group}}
 * (APIGroup) and {@code /apis/{group}/{version}} (APIResourceList, one entry per resource and metric).
 */
public final class Discovery {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<String> customMetrics;
    private final List<String> externalMetrics;

    public Discovery(List<String> customMetrics, List<String> externalMetrics) {
        this.customMetrics = List.copyOf(customMetrics);
        this.externalMetrics = List.copyOf(externalMetrics);
    }

    public ObjectNode groupList() {
        ObjectNode list = JSON.objectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        groups.add(groupBody(ApiVersion.CUSTOM_GROUP));
        groups.add(groupBody(ApiVersion.EXTERNAL_GROUP));
        return list;
    }

    /** The APIGroup document of {@code group}. */
    public ObjectNode group(String group) {
        ObjectNode node = groupBody(group);
        ObjectNode doc = JSON.objectNode();
        doc.put("kind", "APIGroup");
        doc.put("apiVersion", "v1");
        doc.setAll(node);
        return doc;
    }

    // v1beta2 first: the preferred version, as its APIService's higher versionPriority makes it.
    private static ObjectNode groupBody(String group) {
        List<ApiVersion> versions = group.equals(ApiVersion.CUSTOM_GROUP)
                ? List.of(ApiVersion.CUSTOM_V1BETA2, ApiVersion.CUSTOM_V1BETA1)
                : List.of(ApiVersion.EXTERNAL_V1BETA1);
        ObjectNode node = JSON.objectNode();
        node.put("name", group);
        ArrayNode array = node.putArray("versions");
        for (ApiVersion v : versions) {
            array.add(versionEntry(v));
        }
        node.set("preferredVersion", versionEntry(versions.get(0)));
        return node;
    }

    private static ObjectNode versionEntry(ApiVersion v) {
        ObjectNode entry = JSON.objectNode();
        entry.put("groupVersion", v.groupVersion());
        entry.put("version", v.version());
        return entry;
    }

    /** The APIResourceList of {@code version}. */
    public ObjectNode resources(ApiVersion version) {
        ObjectNode list = JSON.objectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", version.groupVersion());
        ArrayNode resources = list.putArray("resources");
        if (version == ApiVersion.EXTERNAL_V1BETA1) {
            for (String metric : externalMetrics) {
                resources.add(resource(metric, true, version.listKind()));
            }
            return list;
        }
        for (String resource : MetricsResolver.OBJECT_RESOURCES) {
            for (String metric : customMetrics) {
                resources.add(resource(resource + "/" + metric, true, version.listKind()));
            }
        }
        // Namespace metrics describe the (cluster-scoped) Namespace itself.
        for (String metric : customMetrics) {
            resources.add(resource(MetricsResolver.NAMESPACES + "/" + metric, false, version.listKind()));
        }
        return list;
    }

    private static ObjectNode resource(String name, boolean namespaced, String kind) {
        ObjectNode r = JSON.objectNode();
        r.put("name", name);
        r.put("singularName", "");
        r.put("namespaced", namespaced);
        r.put("kind", kind);
        r.putArray("verbs").add("get");
        return r;
    }
}
