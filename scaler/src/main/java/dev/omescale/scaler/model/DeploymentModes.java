package dev.omescale.scaler.model;

import java.util.Optional;

/** OME's deployment mode rules (ome-compat section 4), evaluated on the merged component specs. */
final class DeploymentModes {
    private DeploymentModes() {
    }

    /** The ISVC-level mode: a valid {@code ome.io/deploymentMode} on the ISVC metadata, else the default. */
    static DeploymentMode serviceMode(InferenceService isvc, Problems problems) {
        String value = isvc.annotations().get(AnnotationNames.DEPLOYMENT_MODE);
        if (value == null) {
            return DeploymentMode.DEFAULT;
        }
        String field = "metadata.annotations[\"" + AnnotationNames.DEPLOYMENT_MODE + "\"]";
        return parse(value).orElseGet(() -> {
            report(isvc.key(), field, value, problems);
            return DeploymentMode.DEFAULT;
        });
    }

    /** The engine's mode: its own annotation, then leader/worker, then minReplicas 0, then RawDeployment. */
    static DeploymentMode engine(ComponentAnnotations specAnnotations, ComponentSpec merged, int specMin,
                                 Problems problems) {
        Optional<ComponentAnnotations.Entry> annotation = specAnnotations.get(AnnotationNames.DEPLOYMENT_MODE);
        if (annotation.isPresent()) {
            ComponentAnnotations.Entry e = annotation.get();
            Optional<DeploymentMode> mode = parse(e.value());
            if (mode.isPresent()) {
                return mode.get();
            }
            report(e.object(), e.field(), e.value(), problems);
        }
        if (merged.isMultiNode()) {
            return DeploymentMode.MULTI_NODE;
        }
        return specMin == 0 ? DeploymentMode.SERVERLESS : DeploymentMode.RAW_DEPLOYMENT;
    }

    /** Decoders are never Serverless. */
    static DeploymentMode decoder(ComponentSpec merged) {
        return merged.isMultiNode() ? DeploymentMode.MULTI_NODE : DeploymentMode.RAW_DEPLOYMENT;
    }

    /** Routers have no leader/worker and no mode annotation of their own. */
    static DeploymentMode router(int specMin) {
        return specMin == 0 ? DeploymentMode.SERVERLESS : DeploymentMode.RAW_DEPLOYMENT;
    }

    private static Optional<DeploymentMode> parse(String value) {
        return DeploymentMode.fromWord(value);
    }

    private static void report(String object, String field, String value, Problems problems) {
        if (DeploymentMode.PD_DISAGGREGATED.equals(value)) {
            problems.warning(object, field, value, "OME's webhook writes this for engine + decoder, but OME does not "
                    + "accept it as a mode and uses the default, " + DeploymentMode.DEFAULT.word());
        } else {
            problems.error(object, field, value, "not a deployment mode; use " + DeploymentMode.choices()
                    + " (OME ignores other values and uses its rules and default)");
        }
    }
}
