package dev.omescale.scaler.decision;

import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of an explanation, built field by field so that the order is the record's declaration order and
 * stays stable across Jackson versions. Durations are seconds ({@code signalAgeSeconds} is null when no signal
 * ever arrived), instants ISO-8601, enums by name.
 */
final class ExplanationJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExplanationJson() {
    }

    static String write(Explanation x) {
        return JSON.writeValueAsString(tree(x));
    }

    static ObjectNode tree(Explanation x) {
        ObjectNode o = NODES.objectNode();
        o.put("component", x.component());
        o.put("time", x.time().toString());
        o.put("signalAgeSeconds", Texts.seconds(x.signalAge()));
        ArrayNode inputs = o.putArray("inputs");
        for (Explanation.Input in : x.inputs()) {
            ObjectNode i = inputs.addObject();
            i.put("policy", in.policy());
            i.put("name", in.name());
            i.put("value", in.value());
            i.put("target", in.target());
            i.put("ageSeconds", Texts.seconds(in.age()));
        }
        ArrayNode proposals = o.putArray("proposals");
        for (Explanation.PolicyProposal p : x.proposals()) {
            ObjectNode n = proposals.addObject();
            n.put("policy", p.policy());
            n.put("replicas", p.replicas());
            n.put("reason", p.reason());
            n.put("missingData", p.missingData());
        }
        ObjectNode c = o.putObject("combined");
        c.put("replicas", x.combined().replicas());
        c.put("policy", x.combined().policy());
        c.put("rule", x.combined().rule().name());
        c.put("note", x.combined().note());
        ArrayNode conditions = o.putArray("conditions");
        for (Explanation.Condition k : x.conditions()) {
            ObjectNode n = conditions.addObject();
            n.put("type", k.type());
            n.put("status", k.status());
            n.put("reason", k.reason());
            n.put("message", k.message());
        }
        if (x.stabilization() == null) {
            o.putNull("stabilization");
        } else {
            ObjectNode s = o.putObject("stabilization");
            s.put("desired", x.stabilization().desired());
            s.put("recommendation", x.stabilization().recommendation());
            s.put("reason", x.stabilization().reason());
            s.put("message", x.stabilization().message());
        }
        if (x.limits() == null) {
            o.putNull("limits");
        } else {
            ObjectNode l = o.putObject("limits");
            l.put("recommendation", x.limits().recommendation());
            l.put("replicas", x.limits().replicas());
            l.put("allowed", x.limits().allowed());
            l.put("reason", x.limits().reason());
            l.put("message", x.limits().message());
        }
        if (x.clamp() == null) {
            o.putNull("clamp");
        } else {
            ObjectNode k = o.putObject("clamp");
            k.put("min", x.clamp().min());
            k.put("max", x.clamp().max());
            k.put("before", x.clamp().before());
            k.put("after", x.clamp().after());
            k.put("note", x.clamp().note());
        }
        if (x.coordination() == null) {
            o.putNull("coordination");
        } else {
            Explanation.Coordination r = x.coordination();
            ObjectNode k = o.putObject("coordination");
            k.put("ratio", r.ratio().toString());
            k.put("engineBefore", r.engineBefore());
            k.put("engineAfter", r.engineAfter());
            k.put("decoderBefore", r.decoderBefore());
            k.put("decoderAfter", r.decoderAfter());
            k.put("satisfied", r.satisfied());
            k.put("note", r.note());
        }
        if (x.scaleToZero() == null) {
            o.putNull("scaleToZero");
        } else {
            Explanation.ScaleToZero z = x.scaleToZero();
            ObjectNode k = o.putObject("scaleToZero");
            k.put("idleAfterSeconds", Texts.seconds(z.idleAfter()));
            k.put("activity", z.activity().name());
            k.put("evidence", z.evidence());
            k.put("idleSince", instant(z.idleSince()));
            k.put("note", z.note());
        }
        o.put("currentReplicas", x.currentReplicas());
        o.put("finalReplicas", x.finalReplicas());
        o.put("outcome", x.outcome().name());
        o.put("computedOutcome", x.computedOutcome().name());
        o.put("lever", x.lever() == null ? null : x.lever().name());
        o.put("leverNote", x.leverNote());
        ArrayNode problems = o.putArray("problems");
        x.problems().forEach(problems::add);
        o.put("line", x.toLine());
        return o;
    }

    private static String instant(Instant t) {
        return t == null ? null : t.toString();
    }
}
