package dev.omescale.scaler.controller;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The API resources the controller reads and writes, besides core and apps ones. */
public final class OmeResources {
    private OmeResources() {
    }

    /** The pod (and component object) label OME sets to the InferenceService name. */
    public static final String ISVC_LABEL = "ome.io/inferenceservice";
    /** The label OME sets to engine, decoder or router. */
    public static final String COMPONENT_LABEL = "component";

    public static final ResourceDefinitionContext INFERENCE_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("ome.io").withVersion("v1beta1").withKind("InferenceService").withPlural("inferenceservices")
            .withNamespaced(true).build();
    public static final ResourceDefinitionContext LEADER_WORKER_SET = new ResourceDefinitionContext.Builder()
            .withGroup("leaderworkerset.x-k8s.io").withVersion("v1").withKind("LeaderWorkerSet")
            .withPlural("leaderworkersets").withNamespaced(true).build();
    public static final ResourceDefinitionContext INFERENCE_REPLICA = new ResourceDefinitionContext.Builder()
            .withGroup("ome.io").withVersion("v1beta1").withKind("InferenceReplica").withPlural("inferencereplicas")
            .withNamespaced(true).build();
    public static final ResourceDefinitionContext SCALED_OBJECT = new ResourceDefinitionContext.Builder()
            .withGroup("keda.sh").withVersion("v1alpha1").withKind("ScaledObject").withPlural("scaledobjects")
            .withNamespaced(true).build();

    /** The CRD name ({@code <plural>.<group>}) whose presence turns on the informer for {@code context}. */
    public static String crdName(ResourceDefinitionContext context) {
        return context.getPlural() + "." + context.getGroup();
    }
}
