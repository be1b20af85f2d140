package dev.omescale.scaler.controller.realize;

import dev.omescale.scaler.observe.ConflictKind;
import dev.omescale.scaler.observe.ControllerMetrics;
import dev.omescale.scaler.observe.WriteResult;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/** Counts one component's write attempts and conflicts as the writers meet them. */
record WriteRecorder(ControllerMetrics metrics, String namespace, String inferenceService, String component) {

    /** The object already had the replicas: nothing was sent. */
    void unchanged() {
        metrics.recordWrite(namespace, inferenceService, component, WriteResult.UNCHANGED);
    }

    /** A write the API server accepted, {@code startNanos} from {@link System#nanoTime()} before it was sent. */
    void applied(long startNanos) {
        metrics.recordWrite(namespace, inferenceService, component, WriteResult.APPLIED, since(startNanos));
    }

    /** A write the API server refused or that failed on the way. */
    void failed(long startNanos, KubernetesClientException e) {
        WriteResult result = switch (e.getCode()) {
            case 409 -> WriteResult.CONFLICT;
            case 401, 403 -> WriteResult.FORBIDDEN;
            case 404 -> WriteResult.NOT_FOUND;
            default -> WriteResult.ERROR;
        };
        metrics.recordWrite(namespace, inferenceService, component, result, since(startNanos));
        if (result == WriteResult.CONFLICT) {
            metrics.recordConflict(namespace, inferenceService, component, ConflictKind.STALE_RESOURCE_VERSION);
        }
    }

    /** The replicas changed between the decision and the write: someone else writes them. */
    void changedElsewhere() {
        metrics.recordConflict(namespace, inferenceService, component, ConflictKind.REPLICAS_CHANGED_ELSEWHERE);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
