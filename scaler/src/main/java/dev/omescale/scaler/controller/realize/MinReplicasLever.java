package dev.omescale.scaler.controller.realize;

import dev.omescale.scaler.controller.OmeResources;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.ComponentSpec;
import dev.omescale.scaler.model.InferenceService;
import dev.omescale.scaler.model.InferenceServiceReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import tools.jackson.databind.JsonNode;

/**
 * The MultiNode lever: a JSON merge patch of {@code spec.<component>.minReplicas} on the InferenceService, the only
 * field OME copies onto the LeaderWorkerSet's replicas. The patch carries the read {@code resourceVersion}; on 409
 * it reads again and retries. Nothing else of the InferenceService is touched.
 */
final class MinReplicasLever {
    private final KubernetesClient client;
    private final int attempts;

    MinReplicasLever(KubernetesClient client, int attempts) {
        this.client = client;
        this.attempts = attempts;
    }

    Realized write(String namespace, String name, ComponentKind kind, int desired, WriteRecorder recorder) {
        String what = "InferenceService " + namespace + "/" + name + " spec." + kind.word() + ".minReplicas";
        var resource = client.genericKubernetesResources(OmeResources.INFERENCE_SERVICE).inNamespace(namespace)
                .withName(name);
        for (int attempt = 1; attempt <= attempts; attempt++) {
            InferenceService isvc;
            try {
                GenericKubernetesResource current = resource.get();
                if (current == null) {
                    return new Realized(Realized.Result.NO_WORKLOAD, "InferenceService " + namespace + "/" + name
                            + " no longer exists");
                }
                isvc = InferenceServiceReader.fromTree(client.getKubernetesSerialization().convertValue(current,
                        JsonNode.class));
            } catch (KubernetesClientException e) {
                return new Realized(Realized.Result.FAILED, "reading " + what + " failed: " + e.getMessage());
            }
            ComponentSpec component = isvc.component(kind).orElse(null);
            if (component == null) {
                return new Realized(Realized.Result.NO_WORKLOAD, "spec." + kind.word() + " of InferenceService "
                        + namespace + "/" + name + " is gone");
            }
            int current = component.minReplicas() == null ? 1 : component.minReplicas();
            if (current == desired) {
                recorder.unchanged();
                return new Realized(Realized.Result.UNCHANGED, what + " is already " + desired);
            }
            String patch = isvc.minReplicasMergePatch(kind, desired).toString();
            long sent = System.nanoTime();
            try {
                resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                recorder.applied(sent);
                return new Realized(Realized.Result.WROTE, what + " patched from " + current + " to " + desired
                        + " (OME sets the LeaderWorkerSet's replicas from it)"
                        + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
            } catch (KubernetesClientException e) {
                recorder.failed(sent, e);
                if (e.getCode() != 409) {
                    return new Realized(Realized.Result.FAILED, "patching " + what + " failed: " + e.getMessage());
                }
            }
        }
        return new Realized(Realized.Result.FAILED, "patching " + what + " conflicted (409) " + attempts
                + " times; retrying later");
    }
}
