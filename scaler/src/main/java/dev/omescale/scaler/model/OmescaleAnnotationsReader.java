package dev.omescale.scaler.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.omescale.scaler.hpa.HpaBehavior;
import dev.omescale.telemetry.config.Durations;

/**
 * Reads the {@code omescale.dev/*} annotations of a component. A bad value is reported and left null, so the
 * setting keeps its default; the raw strings are kept either way.
 */
final class OmescaleAnnotationsReader {
    private static final Pattern BARE_NUMBER = Pattern.compile("\\s*\\d+(\\.\\d*)?\\s*");

    private final Problems problems;

    OmescaleAnnotationsReader(Problems problems) {
        this.problems = problems;
    }

    /** The settings parsed so far; the policy list is decided by the resolver, which knows the class and query. */
    record Parsed(Duration sloTtftP95, Duration sloItlP95, List<PolicyKind> explicitPolicies, Duration scaleToZeroIdle,
                  DecoderRatio decoderRatio, HpaBehavior behavior, boolean multinodeLever, Map<String, String> raw) {
    }

    Parsed read(ComponentAnnotations annotations) {
        Map<String, ComponentAnnotations.Entry> ours = annotations.withPrefix(AnnotationNames.OMESCALE_PREFIX);
        Map<String, String> raw = new LinkedHashMap<>();
        ours.forEach((k, e) -> {
            raw.put(k, e.value());
            if (!AnnotationNames.OMESCALE_KNOWN.contains(k)) {
                problems.warning(e.object(), e.field(), e.value(), "unknown omescale annotation, ignored; known: "
                        + String.join(", ", AnnotationNames.OMESCALE_KNOWN));
            }
        });
        return new Parsed(
                latency(ours.get(AnnotationNames.SLO_TTFT_P95)),
                latency(ours.get(AnnotationNames.SLO_ITL_P95)),
                policies(ours.get(AnnotationNames.POLICY)),
                idle(ours.get(AnnotationNames.SCALE_TO_ZERO)),
                ratio(ours.get(AnnotationNames.DECODER_RATIO)),
                behavior(ours.get(AnnotationNames.BEHAVIOR)),
                lever(ours.get(AnnotationNames.MULTINODE_LEVER)),
                raw);
    }

    private Duration latency(ComponentAnnotations.Entry e) {
        return positiveDuration(e, "write it like 2s or 500ms");
    }

    private Duration idle(ComponentAnnotations.Entry e) {
        return positiveDuration(e, "write the idle time like 15m or 1h");
    }

    private Duration positiveDuration(ComponentAnnotations.Entry e, String howTo) {
        if (e == null) {
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(e.value());
        } catch (IllegalArgumentException ex) {
            String what = BARE_NUMBER.matcher(e.value()).matches() ? "a number without a unit" : "not a duration";
            problems.error(e.object(), e.field(), e.value(), what + "; " + howTo);
            return null;
        }
        if (d.isZero()) {
            problems.error(e.object(), e.field(), e.value(), "must be more than 0; " + howTo);
            return null;
        }
        return d;
    }

    private List<PolicyKind> policies(ComponentAnnotations.Entry e) {
        if (e == null) {
            return null;
        }
        List<PolicyKind> out = new ArrayList<>();
        for (String word : e.value().split(",", -1)) {
            String w = word.trim();
            PolicyKind p = PolicyKind.fromWord(w).orElse(null);
            if (p == null) {
                problems.error(e.object(), e.field(), e.value(), (w.isEmpty() ? "an empty policy name"
                        : "\"" + w + "\" is not a policy") + "; use slo, hpa, threshold or kpa, or several "
                        + "separated by commas like slo,threshold");
                return null;
            }
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private DecoderRatio ratio(ComponentAnnotations.Entry e) {
        if (e == null) {
            return null;
        }
        try {
            return DecoderRatio.parse(e.value());
        } catch (IllegalArgumentException ex) {
            problems.error(e.object(), e.field(), e.value(), ex.getMessage());
            return null;
        }
    }

    private HpaBehavior behavior(ComponentAnnotations.Entry e) {
        if (e == null) {
            return null;
        }
        try {
            return BehaviorJson.parse(e.value());
        } catch (IllegalArgumentException ex) {
            problems.error(e.object(), e.field(), e.value(), ex.getMessage());
            return null;
        }
    }

    private boolean lever(ComponentAnnotations.Entry e) {
        if (e == null) {
            return false;
        }
        if (OmescaleSettings.LEVER_MIN_REPLICAS.equals(e.value().trim())) {
            return true;
        }
        problems.error(e.object(), e.field(), e.value(), "not a lever; the only one is minReplicas (omescale patches "
                + "spec.<component>.minReplicas, which OME copies into the LeaderWorkerSet)");
        return false;
    }
}
