package dev.omescale.scaler.view;

import dev.omescale.scaler.model.ComponentKind;

/** One InferenceService component: the unit everything is served and decided for. */
public record ComponentKey(String namespace, String inferenceService, ComponentKind component) {
    @Override
    public String toString() {
        return namespace + "/" + inferenceService + " " + component.word();
    }
}
