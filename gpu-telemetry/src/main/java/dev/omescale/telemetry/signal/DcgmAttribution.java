package dev.omescale.telemetry.signal;

import dev.omescale.telemetry.exposition.Labels;

/**
 * Which pod a DCGM series belongs to. dcgm-exporter names the pod in one of three label pairs, depending on
 * how it was scraped: {@code exported_pod}/{@code exported_namespace} when a Prometheus scrape renamed them
 * (and {@code pod} then names the exporter itself, so the exported pair must win), {@code pod}/{@code namespace}
 * when read directly, {@code pod_name}/{@code pod_namespace} with {@code --use-old-namespace}. GPUs that no pod
 * holds carry none of them.
 */
public final class DcgmAttribution {
    private static final String[][] POD_LABELS = {
        {"exported_pod", "exported_namespace"},
        {"pod", "namespace"},
        {"pod_name", "pod_namespace"},
    };

    private DcgmAttribution() {
    }

    /** The pod holding this GPU series, or null when the GPU is not allocated to a pod. */
    public static PodRef podOf(Labels labels) {
        for (String[] pair : POD_LABELS) {
            String pod = labels.get(pair[0]);
            if (pod != null && !pod.isEmpty()) {
                String namespace = labels.get(pair[1]);
                return new PodRef(namespace == null || namespace.isEmpty() ? "default" : namespace, pod);
            }
        }
        return null;
    }

    /** The node name: {@code Hostname} in released exporters, {@code hostname} since dcgm-exporter PR #655. */
    public static String nodeOf(Labels labels) {
        String node = labels.get("Hostname");
        if (node == null) {
            node = labels.get("hostname");
        }
        return node == null ? "" : node;
    }

    /** The GPU's identity on its node: UUID (either case), then index, plus the MIG instance when present. */
    public static String gpuOf(Labels labels) {
        String uuid = labels.get("UUID");
        if (uuid == null) {
            uuid = labels.get("uuid");
        }
        String id = uuid != null ? uuid : "gpu" + labels.get("gpu");
        String mig = labels.get("GPU_I_ID");
        return mig == null ? id : id + "/mig" + mig;
    }
}
