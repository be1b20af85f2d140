package dev.omescale.scaler.controller;

import dev.omescale.scaler.decision.ComponentDecision;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.PolicyKind;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON behind {@code GET /explain/<namespace>/<isvc>}: one object per component, in engine, decoder order. */
public final class ExplainJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ExplainJson() {
    }

    public static String write(String namespace, String isvc, List<ComponentReport> reports) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("namespace", namespace);
        root.put("inferenceService", isvc);
        ArrayNode components = root.putArray("components");
        for (ComponentReport r : reports) {
            components.add(component(r));
        }
        return root.toString();
    }

    private static ObjectNode component(ComponentReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("component", r.key().component().word());
        o.put("evaluatedAt", r.evaluatedAt().toString());
        EffectiveComponentSpec s = r.spec();
        ObjectNode spec = o.putObject("spec");
        spec.put("deploymentMode", s.deploymentMode().word());
        spec.put("autoscalerClass", s.autoscalerClass().word());
        spec.put("lever", s.lever().name());
        spec.put("minReplicas", s.minReplicas());
        spec.put("maxReplicas", s.maxReplicas());
        spec.put("scaleMetric", s.scaleMetric() == null ? null : s.scaleMetric().word());
        spec.put("scaleTarget", s.scaleTarget() == null ? null : s.scaleTarget().value());
        ArrayNode policies = spec.putArray("policies");
        for (PolicyKind p : s.omescale().policies()) {
            policies.add(p.word());
        }
        if (r.usageProblem() != null) {
            // the decision says usage is missing; this says why, which only the controller's read knows
            o.put("usageProblem", r.usageProblem());
        }
        ObjectNode w = o.putObject("workload");
        w.put("kind", r.workload().kind().word());
        w.put("name", r.workload().name());
        if (r.workload().replicas() == null) {
            w.putNull("replicas");
        } else {
            w.put("replicas", r.workload().replicas());
        }
        // metrics-only mode overrides what the workload would allow: say so where omescale explain looks first
        boolean metricsOnly = r.realized() != null
                && r.realized().result() == dev.omescale.scaler.controller.realize.Realized.Result.METRICS_ONLY;
        w.put("omescaleWrites", !metricsOnly && r.workload().write() != Workload.Write.NONE);
        w.put("write", r.workload().write().name());
        w.put("note", metricsOnly ? "metrics-only mode (--write-replicas off): the controller writes nothing; "
                + "otherwise: " + r.workload().note() : r.workload().note());
        o.put("readyReplicas", r.readyReplicas());
        o.put("startingReplicas", r.startingReplicas());
        ObjectNode signals = o.putObject("signals");
        if (r.signals() != null) {
            for (Map.Entry<String, Double> e : r.signals().signals().entrySet()) {
                if (e.getValue() == null) {
                    signals.putNull(e.getKey());
                } else {
                    signals.put(e.getKey(), e.getValue());
                }
            }
        }
        ComponentDecision d = r.decision();
        if (d == null) {
            o.putNull("decision");
        } else {
            ObjectNode decision = o.putObject("decision");
            decision.put("currentReplicas", d.currentReplicas());
            decision.put("desiredReplicas", d.desiredReplicas());
            decision.put("outcome", d.outcome().word());
            decision.put("line", d.explanation().toLine());
            decision.set("explanation", MAPPER.readTree(d.explanation().toJson()));
        }
        if (r.realized() == null) {
            o.putNull("realized");
        } else {
            ObjectNode realized = o.putObject("realized");
            realized.put("result", r.realized().result().name());
            realized.put("note", r.realized().note());
        }
        return o;
    }
}
