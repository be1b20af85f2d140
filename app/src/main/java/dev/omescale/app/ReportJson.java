package dev.omescale.app;

import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of `omescale inspect`, exactly {@code {"pods":[...],"components":[...]}}. A signal without data
 * is null, never 0: a zero would read as "no load" to anything that acts on it.
 */
final class ReportJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ReportJson() {
    }

    static String write(TelemetryReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode pods = root.putArray("pods");
        for (PodSignals p : report.pods()) {
            ObjectNode node = pods.addObject();
            node.put("namespace", p.namespace());
            node.put("pod", p.pod());
            node.put("inferenceService", p.inferenceService());
            node.put("component", p.component());
            putSignals(node, p.signals());
        }
        ArrayNode components = root.putArray("components");
        for (ComponentSignals c : report.components()) {
            ObjectNode node = components.addObject();
            node.put("namespace", c.namespace());
            node.put("inferenceService", c.inferenceService());
            node.put("component", c.component());
            putSignals(node, c.signals());
        }
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void putSignals(ObjectNode node, Map<String, Double> signals) {
        ObjectNode s = node.putObject("signals");
        for (Map.Entry<String, Double> e : signals.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                s.putNull(e.getKey());
            } else {
                s.put(e.getKey(), e.getValue());
            }
        }
    }
}
