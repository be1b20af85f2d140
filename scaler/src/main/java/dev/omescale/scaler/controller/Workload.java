package dev.omescale.scaler.controller;

/**
 * What holds a component's replicas in the cluster, and whether omescale may write them.
 *
 * @param kind     the workload's kind
 * @param name     its name ({@code <isvc>-<component>}, {@code lws-<isvc>-<component>})
 * @param replicas its {@code spec.replicas} as cached, or null when it does not exist (yet)
 * @param write    how omescale changes the replicas, NONE when it does not
 * @param note     why omescale does not write, or how it does; never null
 */
public record Workload(Kind kind, String name, Integer replicas, Write write, String note) {

    public enum Kind {
        DEPLOYMENT("Deployment"),
        LEADER_WORKER_SET("LeaderWorkerSet"),
        INFERENCE_REPLICA("InferenceReplica"),
        KNATIVE_SERVICE("Knative Service"),
        NONE("none");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public enum Write {
        /** PUT on the workload's /scale subresource. */
        SCALE_SUBRESOURCE,
        /** JSON merge patch of {@code spec.<component>.minReplicas} on the InferenceService (MultiNode lever). */
        ISVC_MIN_REPLICAS,
        /** omescale never writes this component's replicas. */
        NONE
    }

    public boolean exists() {
        return replicas != null;
    }

    /** e.g. {@code Deployment default/llama-engine}. */
    public String describe(String namespace) {
        return kind.word() + " " + namespace + "/" + name;
    }
}
