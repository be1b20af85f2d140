package dev.omescale.scaler.controller;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every API permission the controller uses. {@code ControllerRbacAuditTest} runs a controller through every code path
 * that talks to the API server and checks that its requests need exactly these permissions (nothing missing, nothing
 * unused); the app's manifest test checks that {@code deploy/}'s ClusterRole and Role grant exactly these, so neither
 * the README nor the manifests can drift from the code.
 */
public final class ControllerRbac {
    private ControllerRbac() {
    }

    /** When the controller needs a rule. */
    public enum Use {
        /** Always, metrics-only mode included: reading the cluster. */
        READ,
        /** Only when it writes replicas ({@code --write-replicas on}, the default). */
        WRITE,
        /** Only with leader election: the Lease, in its own namespace (a Role, not the ClusterRole). */
        LEADER_ELECTION
    }

    /** One rule: API group ({@code ""} for core), resource (with {@code /subresource}), verbs, when it is used. */
    public record Rule(String group, String resource, List<String> verbs, Use use, String why) {
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
            new Rule("ome.io", "inferenceservices", List.of("list", "watch"), Use.READ,
                    "the InferenceServices to scale"),
            new Rule("ome.io", "inferenceservices", List.of("get", "patch"), Use.WRITE,
                    "only the opt-in MultiNode lever: spec.<component>.minReplicas (read, then merge-patched)"),
            new Rule("ome.io", "inferencereplicas", List.of("list", "watch"), Use.READ,
                    "OME's newer per-component API"),
            new Rule("ome.io", "inferencereplicas/scale", List.of("get", "update"), Use.WRITE,
                    "scaling an InferenceReplica"),
            new Rule("apps", "deployments", List.of("list", "watch"), Use.READ, "RawDeployment workloads"),
            new Rule("apps", "deployments/scale", List.of("get", "update"), Use.WRITE,
                    "scaling a RawDeployment component"),
            new Rule("leaderworkerset.x-k8s.io", "leaderworkersets", List.of("list", "watch"), Use.READ,
                    "MultiNode workloads (read only)"),
            new Rule("", "pods", List.of("list", "watch"), Use.READ, "ready and starting pods of each component, "
                    + "their metrics endpoints, and the DCGM exporter pods (in --dcgm-namespace)"),
            new Rule("metrics.k8s.io", "pods", List.of("list"), Use.READ,
                    "cpu and memory usage of components that scale on cpu or memory (metrics-server)"),
            new Rule("autoscaling", "horizontalpodautoscalers", List.of("list", "watch"), Use.READ,
                    "foreign HPAs (conflicts)"),
            new Rule("keda.sh", "scaledobjects", List.of("list", "watch"), Use.READ,
                    "foreign ScaledObjects (conflicts)"),
            new Rule("apiextensions.k8s.io", "customresourcedefinitions", List.of("get"), Use.READ,
                    "which optional CRDs (LWS, InferenceReplica, KEDA) are installed"),
            new Rule("", "events", List.of("create"), Use.WRITE,
                    "an Event (core v1) on the InferenceService per change and per refusal"),
            new Rule("coordination.k8s.io", "leases", List.of("get", "create", "patch"),
                    Use.LEADER_ELECTION,
                    "leader election (fabric8's LeaseLock: get, create, and a merge patch carrying the "
                            + "resourceVersion to renew or release; the Lease's namespace only: a Role)"));

    /** Verbs that change the cluster: none of them in metrics-only mode. */
    public static final List<String> WRITE_VERBS = List.of("create", "update", "patch", "delete", "deletecollection");

    /** What metrics-only mode ({@code --write-replicas off}, no leader election) uses: the read rules. */
    public static final List<Rule> METRICS_ONLY_RULES = RULES.stream().filter(r -> r.use() == Use.READ).toList();

    /** Whether some rule allows the request. */
    public static boolean allowed(String verb, String groupOrCore, String resource) {
        return RULES.stream().anyMatch(r -> r.allows(verb, groupOrCore, resource));
    }

    /** {@code verb group/resource} for every verb of {@code rules}, {@code core} for the core group. */
    public static SortedSet<String> permissions(List<Rule> rules) {
        SortedSet<String> out = new TreeSet<>();
        for (Rule r : rules) {
            for (String verb : r.verbs()) {
                out.add(verb + " " + (r.group().isEmpty() ? "core" : r.group()) + "/" + r.resource());
            }
        }
        return out;
    }
}
