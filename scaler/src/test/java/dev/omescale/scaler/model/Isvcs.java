package dev.omescale.scaler.model;

/** Small InferenceServices for tests: {@code default/llama-chat} with the given metadata annotations and spec. */
final class Isvcs {
    private Isvcs() {
    }

    /**
     * @param annotations YAML lines for metadata.annotations, each indented by 4 spaces, or ""
     * @param spec        YAML lines under spec, each indented by 2 spaces
     */
    static InferenceService isvc(String annotations, String spec) {
        String meta = annotations.isEmpty() ? "" : "  annotations:\n" + annotations;
        return InferenceServiceReader.read("""
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata:
                  name: llama-chat
                  namespace: default
                """ + meta + "spec:\n  model: {name: llama}\n" + spec);
    }

    static ResolvedService resolve(String annotations, String spec) {
        return EffectiveSpecResolver.resolve(isvc(annotations, spec));
    }

    static EffectiveComponentSpec engine(String annotations, String spec) {
        return resolve(annotations, spec).component(ComponentKind.ENGINE).orElseThrow();
    }
}
