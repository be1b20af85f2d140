package dev.omescale.scaler.controller;

import java.util.List;

/**
 * Every API permission the controller uses, as the README's ClusterRole lists them. Tests check each request the
 * controller makes against this list, so the README cannot drift from the code.
 */
public final class ControllerRbac {
    private ControllerRbac() {
    }

    /** One ClusterRole rule: API group ({@code ""} for core), resource (with {@code /subresource}), verbs. */
    public record Rule(String group, String resource, List<String> verbs, String why) {
        public Rule {
            verbs = List.copyOf(verbs);
        }

        /** Whether {@code verb} on {@code group/resource} is allowed; {@code core} stands for the core group. */
        public boolean allows(String verb, String groupOrCore, String res) {
            String g = "core".equals(groupOrCore) ? "" : groupOrCore;
            return group.equals(g) && resource.equals(res) && verbs.contains(verb);
        }
    }

    public static final List<Rule> RULES = List.of(
            new Rule("ome.io", "inferenceservices", List.of("get", "list", "watch"),
                    "the InferenceServices to scale"),
            new Rule("ome.io", "inferenceservices", List.of("patch"),
                    "only the opt-in MultiNode lever: spec.<component>.minReplicas"),
            new Rule("ome.io", "inferencereplicas", List.of("list", "watch"), "OME's newer per-component API"),
            new Rule("ome.io", "inferencereplicas/scale", List.of("get", "update"), "scaling an InferenceReplica"),
            new Rule("apps", "deployments", List.of("list", "watch"), "RawDeployment workloads"),
            new Rule("apps", "deployments/scale", List.of("get", "update"), "scaling a RawDeployment component"),
            new Rule("leaderworkerset.x-k8s.io", "leaderworkersets", List.of("list", "watch"),
                    "MultiNode workloads (read only)"),
            new Rule("", "pods", List.of("list", "watch"), "ready and starting pods of each component, their "
                    + "metrics endpoints, and the DCGM exporter pods (in --dcgm-namespace)"),
            new Rule("metrics.k8s.io", "pods", List.of("get", "list"),
                    "cpu and memory usage of components that scale on cpu or memory (metrics-server)"),
            new Rule("autoscaling", "horizontalpodautoscalers", List.of("list", "watch"),
                    "foreign HPAs (conflicts)"),
            new Rule("keda.sh", "scaledobjects", List.of("list", "watch"), "foreign ScaledObjects (conflicts)"),
            new Rule("", "events", List.of("create"), "an Event per change and per refusal"),
            new Rule("apiextensions.k8s.io", "customresourcedefinitions", List.of("get"),
                    "which optional CRDs (LWS, InferenceReplica, KEDA) are installed"),
            new Rule("coordination.k8s.io", "leases", List.of("get", "create", "update", "patch"),
                    "leader election (the Lease's namespace only; a Role suffices)"));

    /** Whether some rule allows the request. */
    public static boolean allowed(String verb, String groupOrCore, String resource) {
        return RULES.stream().anyMatch(r -> r.allows(verb, groupOrCore, resource));
    }
}
