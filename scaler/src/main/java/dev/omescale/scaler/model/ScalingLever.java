package dev.omescale.scaler.model;

/** How omescale may change a component's replicas without fighting OME (ome-compat section 11). */
public enum ScalingLever {
    /** Raw mode with {@code ome.io/autoscalerClass: external}: scale {@code Deployment <c>} through /scale. */
    DEPLOYMENT_SCALE,
    /** MultiNode with {@code omescale.dev/multinode-lever: minReplicas}: patch {@code spec.<c>.minReplicas}. */
    ISVC_MIN_REPLICAS,
    /** Someone else owns the replicas (OME's HPA or ScaledObject, Knative, OME's LWS reconcile) or nothing scales. */
    NONE
}
