package dev.omescale.scaler.controller;

import dev.omescale.scaler.model.AnnotationNames;
import dev.omescale.scaler.model.AutoscalerClass;
import dev.omescale.scaler.model.DeploymentMode;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.OmescaleSettings;
import dev.omescale.scaler.model.ScalingLever;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;

/**
 * Which object holds a component's replicas and whether omescale may write them (ome-compat sections 6 and 11):
 * RawDeployment with class external → the Deployment's /scale; an InferenceReplica (OME's newer API) when its CRD
 * and object exist → its /scale; MultiNode → only the opt-in minReplicas lever; Serverless → Knative's.
 */
final class WorkloadResolver {
    private final ClusterWatch watch;

    WorkloadResolver(ClusterWatch watch) {
        this.watch = watch;
    }

    Workload resolve(String namespace, EffectiveComponentSpec spec) {
        String c = spec.objectName();
        GenericKubernetesResource replica = watch.inferenceReplica(namespace, c);
        if (replica != null) {
            Integer replicas = specReplicas(replica, 1);
            if (spec.autoscalerClass() == AutoscalerClass.EXTERNAL
                    || spec.deploymentMode() == DeploymentMode.MULTI_NODE) {
                return new Workload(Workload.Kind.INFERENCE_REPLICA, c, replicas, Workload.Write.SCALE_SUBRESOURCE,
                        "InferenceReplica " + c + " is installed: omescale scales it through /scale");
            }
            return new Workload(Workload.Kind.INFERENCE_REPLICA, c, replicas, Workload.Write.NONE,
                    classNote(spec, "InferenceReplica " + c));
        }
        return switch (spec.deploymentMode()) {
            case RAW_DEPLOYMENT -> deployment(namespace, spec, c);
            case MULTI_NODE -> multiNode(namespace, spec, c);
            case SERVERLESS -> new Workload(Workload.Kind.KNATIVE_SERVICE, c, null, Workload.Write.NONE,
                    "Serverless: Knative owns the replicas of " + c + "; omescale never scales it");
            case MULTI_NODE_RAY_VLLM -> new Workload(Workload.Kind.NONE, c, null, Workload.Write.NONE,
                    "MultiNodeRayVLLM: " + c + " runs on RayClusters, which omescale cannot scale");
            case VIRTUAL_DEPLOYMENT -> new Workload(Workload.Kind.NONE, c, null, Workload.Write.NONE,
                    "VirtualDeployment: " + c + " has no workload to scale");
        };
    }

    private Workload deployment(String namespace, EffectiveComponentSpec spec, String c) {
        Deployment d = watch.deployment(namespace, c);
        // an unset spec.replicas means 1 to Kubernetes, which is what OME creates
        Integer replicas = d == null ? null : d.getSpec() == null || d.getSpec().getReplicas() == null ? 1
                : d.getSpec().getReplicas();
        if (spec.lever() != ScalingLever.DEPLOYMENT_SCALE) {
            return new Workload(Workload.Kind.DEPLOYMENT, c, replicas, Workload.Write.NONE,
                    classNote(spec, "Deployment " + c));
        }
        String note = d == null ? "Deployment " + namespace + "/" + c + " does not exist yet; omescale scales it "
                + "through /scale once OME creates it" : "class external: omescale scales Deployment " + c
                + " through /scale";
        return new Workload(Workload.Kind.DEPLOYMENT, c, replicas, Workload.Write.SCALE_SUBRESOURCE, note);
    }

    private Workload multiNode(String namespace, EffectiveComponentSpec spec, String c) {
        String lws = lwsName(c);
        GenericKubernetesResource set = watch.leaderWorkerSet(namespace, lws);
        Integer replicas = set == null ? null : specReplicas(set, 1);
        String missing = set == null ? (watch.hasLeaderWorkerSets() ? "; LeaderWorkerSet " + lws + " does not exist "
                + "yet" : "; the LeaderWorkerSet CRD is not installed") : "";
        if (spec.lever() == ScalingLever.ISVC_MIN_REPLICAS) {
            return new Workload(Workload.Kind.LEADER_WORKER_SET, lws, replicas, Workload.Write.ISVC_MIN_REPLICAS,
                    "MultiNode with " + AnnotationNames.MULTINODE_LEVER + ": omescale patches spec."
                            + spec.kind().word() + ".minReplicas, which OME copies to " + lws + missing);
        }
        return new Workload(Workload.Kind.LEADER_WORKER_SET, lws, replicas, Workload.Write.NONE,
                "MultiNode: not scalable: OME resets " + lws + " to minReplicas on every reconcile, so writing its "
                        + "replicas would fight OME; set " + AnnotationNames.MULTINODE_LEVER + ": "
                        + OmescaleSettings.LEVER_MIN_REPLICAS + " on the InferenceService to let omescale patch spec."
                        + spec.kind().word() + ".minReplicas" + missing);
    }

    private static String classNote(EffectiveComponentSpec spec, String what) {
        return switch (spec.autoscalerClass()) {
            case HPA -> "class hpa: OME's HPA " + spec.objectName() + " owns the replicas of " + what + "; omescale "
                    + "never writes them and only serves metrics; set " + AnnotationNames.AUTOSCALER_CLASS
                    + ": external to let omescale scale it";
            case KEDA -> "class keda: ScaledObject scaledobject-" + spec.objectName() + " owns the replicas of " + what
                    + "; omescale never writes them and only serves its KEDA scaler; set "
                    + AnnotationNames.AUTOSCALER_CLASS + ": external to let omescale scale it";
            case EXTERNAL -> what + ": omescale scales it";
        };
    }

    /** OME's LWS name: {@code lws-<c>}, keeping only the last 50 characters of a longer {@code <c>}. */
    static String lwsName(String objectName) {
        String c = objectName.length() > 50 ? objectName.substring(objectName.length() - 50) : objectName;
        return "lws-" + c;
    }

    static Integer specReplicas(GenericKubernetesResource r, int absent) {
        Object spec = r.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> m && m.get("replicas") instanceof Number n) {
            return n.intValue();
        }
        return absent;
    }
}
