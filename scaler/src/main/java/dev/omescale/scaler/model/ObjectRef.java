package dev.omescale.scaler.model;

/** {@code spec.model} or {@code spec.runtime}: a reference by name, with OME's CRD defaults for kind and group. */
public record ObjectRef(String name, String kind, String apiGroup) {
}
