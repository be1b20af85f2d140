package dev.omescale.scaler.controller.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.Map;

/** Edits of an InferenceService read from OME's samples, before the test creates it. */
public final class Isvcs {
    /** The PromQL trigger the threshold policy reads: load in flight, 10 per replica. */
    public static final Map<String, String> EXTERNAL_THRESHOLD = Map.of(
            "ome.io/autoscalerClass", "external",
            "autoscaling.keda.sh/prometheus.query", "sum(vllm:num_requests_running{namespace=\"x\"})",
            "autoscaling.keda.sh/threshold", "10",
            "autoscaling.keda.sh/operator", "GreaterThanOrEqual",
            // no stabilization and no rate limits, so each test step shows in one tick
            "omescale.dev/behavior", "{\"scaleUp\":{\"stabilizationWindowSeconds\":0,\"policies\":[{\"type\":"
                    + "\"Pods\",\"value\":100,\"periodSeconds\":1}]},\"scaleDown\":{\"stabilizationWindowSeconds\":0,"
                    + "\"policies\":[{\"type\":\"Pods\",\"value\":100,\"periodSeconds\":1}]}}");

    private Isvcs() {
    }

    public static GenericKubernetesResource annotate(GenericKubernetesResource isvc,
            Map<String, String> annotations) {
        Map<String, String> a = isvc.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(isvc.getMetadata().getAnnotations());
        a.putAll(annotations);
        isvc.getMetadata().setAnnotations(a);
        return isvc;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> component(GenericKubernetesResource isvc, String component) {
        Map<String, Object> spec = (Map<String, Object>) isvc.getAdditionalProperties().get("spec");
        return (Map<String, Object>) spec.get(component);
    }

    public static GenericKubernetesResource bounds(GenericKubernetesResource isvc, String component, int min,
            int max) {
        Map<String, Object> c = component(isvc, component);
        c.put("minReplicas", min);
        c.put("maxReplicas", max);
        return isvc;
    }

    @SuppressWarnings("unchecked")
    public static GenericKubernetesResource componentAnnotations(GenericKubernetesResource isvc, String component,
            Map<String, String> annotations) {
        Map<String, Object> c = component(isvc, component);
        Map<String, String> a = c.get("annotations") == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>((Map<String, String>) c.get("annotations"));
        a.putAll(annotations);
        c.put("annotations", a);
        return isvc;
    }
}
