package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.AnnotationNames;
import dev.omescale.scaler.model.AutoscalerClass;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.OmescaleSettings;
import dev.omescale.scaler.model.ScalingLever;

/**
 * Whether omescale writes a component's replicas (ome-compat section 11), and if not, who owns them and how to hand
 * them to omescale. The decision is computed either way: the metrics adapter and the KEDA scaler serve it.
 */
final class LeverCheck {
    private LeverCheck() {
    }

    /** Why omescale does not write the replicas, or null when it does. */
    static String note(EffectiveComponentSpec spec) {
        if (spec.lever() != ScalingLever.NONE) {
            return null;
        }
        String obj = spec.objectName();
        String external = "set " + AnnotationNames.AUTOSCALER_CLASS + ": external to let omescale scale it";
        return switch (spec.deploymentMode()) {
            case RAW_DEPLOYMENT -> spec.autoscalerClass() == AutoscalerClass.KEDA
                    ? "class keda: KEDA's ScaledObject scaledobject-" + obj + " owns the replicas and can read this "
                            + "decision from omescale's KEDA scaler; " + external
                    : "class " + spec.autoscalerClass().word() + ": OME's HPA " + obj + " owns the replicas and can "
                            + "read this decision as desired_replicas from omescale's metrics adapter; " + external;
            case SERVERLESS -> "Serverless: Knative owns the replicas of " + obj + "; omescale never scales it (set "
                    + "minReplicas: 1 to make it a Deployment)";
            case MULTI_NODE -> "MultiNode: OME resets lws-" + obj + " to minReplicas on every reconcile; set "
                    + AnnotationNames.MULTINODE_LEVER + ": " + OmescaleSettings.LEVER_MIN_REPLICAS + " to let omescale "
                    + "patch spec." + spec.kind().word() + ".minReplicas";
            case MULTI_NODE_RAY_VLLM -> "MultiNodeRayVLLM: " + obj + " runs on RayClusters, which omescale cannot "
                    + "scale";
            case VIRTUAL_DEPLOYMENT -> "VirtualDeployment: " + obj + " has no workload to scale";
        };
    }
}
