package dev.omescale.scaler.model;

import java.util.Optional;

/** The three scalable parts of an InferenceService, in the order OME reconciles them. */
public enum ComponentKind {
    ENGINE("engine"),
    DECODER("decoder"),
    ROUTER("router");

    private final String word;

    ComponentKind(String word) {
        this.word = word;
    }

    /** The word OME uses: the spec field, the {@code component} label value and the object name suffix. */
    public String word() {
        return word;
    }

    /** The kind whose {@link #word()} is {@code word}, if any. */
    public static Optional<ComponentKind> fromWord(String word) {
        for (ComponentKind k : values()) {
            if (k.word.equals(word)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The field of a (Cluster)ServingRuntime spec that holds this component's defaults, e.g. {@code engineConfig}. */
    public String runtimeConfigField() {
        return word + "Config";
    }

    /** OME's object name for this component of {@code isvcName}: Deployment, HPA, PDB and Knative Service. */
    public String objectName(String isvcName) {
        return isvcName + "-" + word;
    }
}
