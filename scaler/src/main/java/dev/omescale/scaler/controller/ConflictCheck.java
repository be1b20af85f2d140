package dev.omescale.scaler.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Another autoscaler targeting the workload omescale would write: with class external OME removes its own HPA and
 * ScaledObject, so whatever remains belongs to someone else, and two writers would fight. omescale then writes
 * nothing and says who else is there.
 */
final class ConflictCheck {
    private ConflictCheck() {
    }

    /** One line per foreign autoscaler of {@code workload}; empty when there is none. */
    static List<String> foreignAutoscalers(ClusterWatch watch, String namespace, Workload workload) {
        List<String> found = new ArrayList<>();
        for (HorizontalPodAutoscaler h : watch.hpasTargeting(namespace, workload.name())) {
            String kind = h.getSpec().getScaleTargetRef().getKind();
            if (kind == null || kind.equals(workload.kind().word())) {
                found.add("HorizontalPodAutoscaler " + namespace + "/" + h.getMetadata().getName() + " also scales "
                        + workload.describe(namespace));
            }
        }
        for (GenericKubernetesResource so : watch.scaledObjectsTargeting(namespace, workload.name())) {
            String kind = targetKind(so);
            if (kind.equals(workload.kind().word())) {
                found.add("ScaledObject " + namespace + "/" + so.getMetadata().getName() + " also scales "
                        + workload.describe(namespace));
            }
        }
        return found;
    }

    /** KEDA's scaleTargetRef kind, Deployment when absent. */
    private static String targetKind(GenericKubernetesResource so) {
        Object spec = so.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> s && s.get("scaleTargetRef") instanceof Map<?, ?> ref
                && ref.get("kind") instanceof String k) {
            return k;
        }
        return "Deployment";
    }
}
