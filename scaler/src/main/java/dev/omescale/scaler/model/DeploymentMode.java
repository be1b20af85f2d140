package dev.omescale.scaler.model;

import java.util.Optional;

/**
 * OME's deployment modes that its validity check accepts. {@code PDDisaggregated} is not among them: OME's webhook
 * writes it when engine and decoder exist, and the controller then treats it as invalid and uses the default.
 */
public enum DeploymentMode {
    RAW_DEPLOYMENT("RawDeployment"),
    SERVERLESS("Serverless"),
    MULTI_NODE("MultiNode"),
    MULTI_NODE_RAY_VLLM("MultiNodeRayVLLM"),
    VIRTUAL_DEPLOYMENT("VirtualDeployment");

    /** The value OME's webhook writes for engine + decoder, which the controller does not accept as a mode. */
    public static final String PD_DISAGGREGATED = "PDDisaggregated";

    /** {@code deploy.defaultDeploymentMode} as shipped in OME's {@code inferenceservice-config} ConfigMap. */
    public static final DeploymentMode DEFAULT = RAW_DEPLOYMENT;

    private final String word;

    DeploymentMode(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<DeploymentMode> fromWord(String word) {
        for (DeploymentMode m : values()) {
            if (m.word.equals(word)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The accepted words, for error messages. */
    static String choices() {
        return "RawDeployment, Serverless, MultiNode, MultiNodeRayVLLM or VirtualDeployment";
    }
}
