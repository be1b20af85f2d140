package dev.omescale.scaler.discovery;

import java.util.Objects;

/** One InferenceService component, as its pods' labels name it. */
public record ComponentPodKey(String namespace, String inferenceService, String component) {

    public ComponentPodKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(inferenceService, "inferenceService");
        Objects.requireNonNull(component, "component");
    }

    @Override
    public String toString() {
        return namespace + "/" + inferenceService + " " + component;
    }
}
