package dev.omescale.adapter.api;

import dev.omescale.adapter.selector.LabelSelector;
import dev.omescale.adapter.selector.Requirement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of each served version, written out by hand rather than bound from annotated classes, because the
 * versions differ in small ways (where the metric name and selector sit, {@code window} vs {@code windowSeconds})
 * that are clearest written out.
 */
public final class WireFormat {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WireFormat() {
    }

    /**
     * A {@code MetricValueList} or {@code ExternalMetricValueList} in {@code version}'s format, as UTF-8 JSON.
     * Written with a streaming generator, not built as a tree: a 100-pod answer is a few hundred nodes, and the
     * tree cost more than everything else the adapter does for a request.
     */
    public static byte[] list(ObjectMapper mapper, ApiVersion version, List<MetricSample> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 220 * samples.size());
        try (JsonGenerator g = mapper.createGenerator(out)) {
            write(g, version, samples);
        }
        return out.toByteArray();
    }

    /** Writes the list to {@code g}. */
    public static void write(JsonGenerator g, ApiVersion version, List<MetricSample> samples) {
        g.writeStartObject();
        g.writeStringProperty("kind", version.listKind());
        g.writeStringProperty("apiVersion", version.groupVersion());
        g.writeObjectPropertyStart("metadata");
        g.writeEndObject();
        g.writeArrayPropertyStart("items");
        Timestamps timestamps = new Timestamps();
        for (MetricSample s : samples) {
            switch (version) {
                case CUSTOM_V1BETA1 -> customV1beta1(g, s, timestamps);
                case CUSTOM_V1BETA2 -> customV1beta2(g, s, timestamps);
                case EXTERNAL_V1BETA1 -> external(g, s, timestamps);
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void customV1beta1(JsonGenerator g, MetricSample s, Timestamps timestamps) {
        g.writeStartObject();
        describedObject(g, s.object());
        g.writeStringProperty("metricName", s.metric());
        g.writeStringProperty("timestamp", timestamps.format(s.timestamp()));
        if (s.windowSeconds() != null) {
            g.writeNumberProperty("window", s.windowSeconds().longValue());
        }
        g.writeStringProperty("value", Quantities.format(s.value()));
        g.writeName("selector");
        selector(g, s.metricSelector());
        g.writeEndObject();
    }

    private static void customV1beta2(JsonGenerator g, MetricSample s, Timestamps timestamps) {
        g.writeStartObject();
        describedObject(g, s.object());
        g.writeObjectPropertyStart("metric");
        g.writeStringProperty("name", s.metric());
        g.writeName("selector");
        selector(g, s.metricSelector());
        g.writeEndObject();
        g.writeStringProperty("timestamp", timestamps.format(s.timestamp()));
        if (s.windowSeconds() != null) {
            g.writeNumberProperty("windowSeconds", s.windowSeconds().longValue());
        }
        g.writeStringProperty("value", Quantities.format(s.value()));
        g.writeEndObject();
    }

    private static void external(JsonGenerator g, MetricSample s, Timestamps timestamps) {
        g.writeStartObject();
        g.writeStringProperty("metricName", s.metric());
        g.writeObjectPropertyStart("metricLabels");
        for (Map.Entry<String, String> e : s.metricLabels().entrySet()) {
            g.writeStringProperty(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeStringProperty("timestamp", timestamps.format(s.timestamp()));
        if (s.windowSeconds() != null) {
            g.writeNumberProperty("window", s.windowSeconds().longValue());
        }
        g.writeStringProperty("value", Quantities.format(s.value()));
        g.writeEndObject();
    }

    private static void describedObject(JsonGenerator g, DescribedObject o) {
        g.writeObjectPropertyStart("describedObject");
        g.writeStringProperty("kind", o.kind());
        if (o.namespace() != null) {
            g.writeStringProperty("namespace", o.namespace());
        }
        g.writeStringProperty("name", o.name());
        g.writeStringProperty("apiVersion", o.apiVersion());
        g.writeEndObject();
    }

    private static void selector(JsonGenerator g, LabelSelector selector) {
        if (selector.isEmpty()) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        Map<String, String> matchLabels = selector.matchLabels();
        if (!matchLabels.isEmpty()) {
            g.writeObjectPropertyStart("matchLabels");
            for (Map.Entry<String, String> e : matchLabels.entrySet()) {
                g.writeStringProperty(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        List<Requirement> expressions = selector.matchExpressions();
        if (!expressions.isEmpty()) {
            g.writeArrayPropertyStart("matchExpressions");
            for (Requirement r : expressions) {
                g.writeStartObject();
                g.writeStringProperty("key", r.key());
                g.writeStringProperty("operator", r.operator().labelSelectorOperator());
                if (!r.values().isEmpty()) {
                    g.writeArrayPropertyStart("values");
                    for (String v : r.values()) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** Pods scraped in one round share a timestamp; format each second once per answer. */
    private static final class Timestamps {
        private long second = Long.MIN_VALUE;
        private String text;

        String format(Instant t) {
            if (t.getEpochSecond() != second) {
                second = t.getEpochSecond();
                text = timestamp(t);
            }
            return text;
        }
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
