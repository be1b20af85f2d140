package dev.omescale.scaler.controller.realize;

import dev.omescale.scaler.controller.OmeResources;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * Writes replicas through a workload's {@code /scale} subresource: read the Scale, write only when the replicas
 * differ, and send the read {@code resourceVersion} along so that the API server refuses (409) a write based on a
 * stale read; on 409 read again and retry, up to {@code attempts} times.
 */
final class ScaleWriter {
    private final KubernetesClient client;
    private final int attempts;

    ScaleWriter(KubernetesClient client, int attempts) {
        this.client = client;
        this.attempts = attempts;
    }

    /**
     * @param expected the replicas the decision started from; if the Scale shows another count, someone else wrote
     *                 meanwhile and this write is skipped
     */
    Realized write(String namespace, String kind, String name, int expected, int desired, WriteRecorder recorder) {
        Resource<?> resource = "Deployment".equals(kind)
                ? client.apps().deployments().inNamespace(namespace).withName(name)
                : client.genericKubernetesResources(OmeResources.INFERENCE_REPLICA).inNamespace(namespace)
                        .withName(name);
        String what = kind + " " + namespace + "/" + name;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Scale scale;
            try {
                scale = resource.scale();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return new Realized(Realized.Result.NO_WORKLOAD, what + " no longer exists");
                }
                return new Realized(Realized.Result.FAILED, "reading the scale of " + what + " failed: "
                        + e.getMessage());
            }
            if (scale == null || scale.getSpec() == null) {
                return new Realized(Realized.Result.NO_WORKLOAD, what + " no longer exists");
            }
            int current = scale.getSpec().getReplicas() == null ? 0 : scale.getSpec().getReplicas();
            if (current == desired) {
                recorder.unchanged();
                return new Realized(Realized.Result.UNCHANGED, what + " already has " + desired + " replicas");
            }
            if (current != expected) {
                recorder.changedElsewhere();
                return new Realized(Realized.Result.CHANGED_MEANWHILE, what + " changed from " + expected + " to "
                        + current + " replicas after the decision; deciding again");
            }
            scale.getSpec().setReplicas(desired);
            long sent = System.nanoTime();
            try {
                resource.scale(scale);
                recorder.applied(sent);
                return new Realized(Realized.Result.WROTE, what + " scaled from " + current + " to " + desired
                        + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
            } catch (KubernetesClientException e) {
                recorder.failed(sent, e);
                if (e.getCode() != 409) {
                    return new Realized(Realized.Result.FAILED, "writing the scale of " + what + " failed: "
                            + e.getMessage());
                }
            }
        }
        return new Realized(Realized.Result.FAILED, "writing the scale of " + what + " conflicted (409) "
                + attempts + " times; retrying later");
    }
}
