package dev.omescale.adapter.api;

import dev.omescale.adapter.selector.LabelSelector;
import dev.omescale.adapter.selector.Requirement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of each served version. Built as trees by hand rather than bound from annotated classes, because the
 * versions differ in small ways (where the metric name and selector sit, {@code window} vs {@code windowSeconds})
 * that are clearest written out.
 */
public final class WireFormat {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WireFormat() {
    }

    /** A {@code MetricValueList} or {@code ExternalMetricValueList} in {@code version}'s format. */
    public static ObjectNode list(ApiVersion version, List<MetricSample> samples) {
        ObjectNode list = JSON.objectNode();
        list.put("kind", version.listKind());
        list.put("apiVersion", version.groupVersion());
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (MetricSample s : samples) {
            items.add(switch (version) {
                case CUSTOM_V1BETA1 -> customV1beta1(s);
                case CUSTOM_V1BETA2 -> customV1beta2(s);
                case EXTERNAL_V1BETA1 -> external(s);
            });
        }
        return list;
    }

    private static ObjectNode customV1beta1(MetricSample s) {
        ObjectNode item = JSON.objectNode();
        item.set("describedObject", describedObject(s.object()));
        item.put("metricName", s.metric());
        item.put("timestamp", timestamp(s.timestamp()));
        if (s.windowSeconds() != null) {
            item.put("window", s.windowSeconds());
        }
        item.put("value", Quantities.format(s.value()));
        item.set("selector", selector(s.metricSelector()));
        return item;
    }

    private static ObjectNode customV1beta2(MetricSample s) {
        ObjectNode item = JSON.objectNode();
        item.set("describedObject", describedObject(s.object()));
        ObjectNode metric = item.putObject("metric");
        metric.put("name", s.metric());
        metric.set("selector", selector(s.metricSelector()));
        item.put("timestamp", timestamp(s.timestamp()));
        if (s.windowSeconds() != null) {
            item.put("windowSeconds", s.windowSeconds());
        }
        item.put("value", Quantities.format(s.value()));
        return item;
    }

    private static ObjectNode external(MetricSample s) {
        ObjectNode item = JSON.objectNode();
        item.put("metricName", s.metric());
        ObjectNode labels = item.putObject("metricLabels");
        s.metricLabels().forEach(labels::put);
        item.put("timestamp", timestamp(s.timestamp()));
        if (s.windowSeconds() != null) {
            item.put("window", s.windowSeconds());
        }
        item.put("value", Quantities.format(s.value()));
        return item;
    }

    private static ObjectNode describedObject(DescribedObject o) {
        ObjectNode ref = JSON.objectNode();
        ref.put("kind", o.kind());
        if (o.namespace() != null) {
            ref.put("namespace", o.namespace());
        }
        ref.put("name", o.name());
        ref.put("apiVersion", o.apiVersion());
        return ref;
    }

    private static JsonNode selector(LabelSelector selector) {
        if (selector.isEmpty()) {
            return JSON.nullNode();
        }
        ObjectNode node = JSON.objectNode();
        Map<String, String> matchLabels = selector.matchLabels();
        if (!matchLabels.isEmpty()) {
            ObjectNode labels = node.putObject("matchLabels");
            matchLabels.forEach(labels::put);
        }
        List<Requirement> expressions = selector.matchExpressions();
        if (!expressions.isEmpty()) {
            ArrayNode array = node.putArray("matchExpressions");
            for (Requirement r : expressions) {
                ObjectNode expression = array.addObject();
                expression.put("key", r.key());
                expression.put("operator", r.operator().labelSelectorOperator());
                if (!r.values().isEmpty()) {
                    ArrayNode values = expression.putArray("values");
                    r.values().forEach(values::add);
                }
            }
        }
        return node;
    }

    /** RFC 3339 in UTC with whole seconds, as {@code metav1.Time} writes it. */
    public static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A Kubernetes {@code Status} failure. */
    public static ObjectNode status(int code, String reason, String message) {
        ObjectNode status = JSON.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return status;
    }
}
