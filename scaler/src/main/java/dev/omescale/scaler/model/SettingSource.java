package dev.omescale.scaler.model;

/** Where an effective setting came from, so that explanations can point at the line to edit. */
public enum SettingSource {
    /** A component annotation (ISVC metadata, runtime config or {@code spec.<c>.annotations}). */
    ANNOTATION,
    /** A field of the component spec ({@code spec.<c>.scaleTarget}, ...), possibly from the runtime. */
    SPEC,
    /** {@code spec.<c>.kedaConfig}: ignored by OME, honoured by omescale as an override. */
    COMPONENT_KEDA_CONFIG,
    /** The top-level {@code spec.kedaConfig}, the only KEDA configuration OME reads. */
    KEDA_CONFIG,
    /** OME's (or omescale's documented) default. */
    DEFAULT
}
