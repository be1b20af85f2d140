package dev.omescale.scaler.model;

/**
 * minReplicas and maxReplicas the way OME ends up with them: the webhook writes min 1 and max 3 (router 2) into the
 * ISVC when absent (max also when 0), so a runtime's min/max never apply; the HPA then floors min at 1 and lifts max
 * to min.
 */
final class ReplicaBounds {
    static final int DEFAULT_MIN = 1;
    static final int DEFAULT_MAX = 3;
    static final int DEFAULT_ROUTER_MAX = 2;

    private ReplicaBounds() {
    }

    static int defaultMax(ComponentKind kind) {
        return kind == ComponentKind.ROUTER ? DEFAULT_ROUTER_MAX : DEFAULT_MAX;
    }

    /** {@code spec.<c>.minReplicas} after the webhook: 1 when absent (or negative, which is reported). */
    static int specMin(InferenceService isvc, ComponentKind kind, ComponentSpec component, RuntimeDefaults runtime,
                       ComponentSpec runtimeConfig, Problems problems) {
        Integer written = component.minReplicas();
        String field = "spec." + kind.word() + ".minReplicas";
        if (written == null) {
            if (runtimeConfig != null && runtimeConfig.minReplicas() != null
                    && runtimeConfig.minReplicas() != DEFAULT_MIN) {
                problems.warning(runtime.objectId(), "spec." + kind.runtimeConfigField() + ".minReplicas",
                        String.valueOf(runtimeConfig.minReplicas()), "never applies: OME's webhook writes minReplicas: "
                                + DEFAULT_MIN + " into " + isvc.key() + " " + field + " when it is absent, and the "
                                + "ISVC wins the merge; set " + field + " instead");
            }
            return DEFAULT_MIN;
        }
        if (written < 0) {
            problems.error(isvc.key(), field, String.valueOf(written), "must be 0 or more; using " + DEFAULT_MIN);
            return DEFAULT_MIN;
        }
        return written;
    }

    /** {@code spec.<c>.maxReplicas} after the webhook: 3 (router 2) when absent or 0. */
    static int specMax(InferenceService isvc, ComponentKind kind, ComponentSpec component, RuntimeDefaults runtime,
                       ComponentSpec runtimeConfig, Problems problems) {
        Integer written = component.maxReplicas();
        String field = "spec." + kind.word() + ".maxReplicas";
        int fallback = defaultMax(kind);
        if (written == null || written == 0) {
            if (runtimeConfig != null && runtimeConfig.maxReplicas() != null && runtimeConfig.maxReplicas() != 0
                    && runtimeConfig.maxReplicas() != fallback) {
                problems.warning(runtime.objectId(), "spec." + kind.runtimeConfigField() + ".maxReplicas",
                        String.valueOf(runtimeConfig.maxReplicas()), "never applies: OME's webhook writes maxReplicas: "
                                + fallback + " into " + isvc.key() + " " + field + " when it is absent or 0, and the "
                                + "ISVC wins the merge; set " + field + " instead");
            }
            return fallback;
        }
        if (written < 0) {
            problems.error(isvc.key(), field, String.valueOf(written), "must be 0 or more (0 means the default, "
                    + fallback + "); using " + fallback);
            return fallback;
        }
        return written;
    }

    /** OME's floor: only a Serverless component (Knative) goes to 0; HPA, KEDA and LWS keep at least 1. */
    static int effectiveMin(InferenceService isvc, ComponentKind kind, int specMin, DeploymentMode mode,
                            Problems problems) {
        if (specMin > 0 || mode == DeploymentMode.SERVERLESS) {
            return specMin;
        }
        String why = kind == ComponentKind.DECODER ? "a decoder is never Serverless"
                : "this " + kind.word() + " is " + mode.word() + ", not Serverless";
        problems.warning(isvc.key(), "spec." + kind.word() + ".minReplicas", "0", "does not scale to zero: " + why
                + ", and OME keeps at least 1 replica; using 1 (for idle scale-down set "
                + AnnotationNames.SCALE_TO_ZERO + " with minReplicas: 1)");
        return 1;
    }

    /** OME's HPA uses {@code max(max, min)}. */
    static int effectiveMax(InferenceService isvc, ComponentKind kind, ComponentSpec component, int specMax,
                            int min, Problems problems) {
        if (specMax >= min) {
            return specMax;
        }
        String field = "spec." + kind.word() + ".maxReplicas";
        Integer written = component.maxReplicas();
        if (written == null || written == 0) {
            problems.error(isvc.key(), field, written == null ? null : "0", "defaults to " + specMax
                    + ", below minReplicas " + min + "; OME's HPA uses " + min + " as the maximum, so the component "
                    + "cannot scale; set maxReplicas to at least " + min);
        } else {
            problems.error(isvc.key(), field, String.valueOf(written), "is below minReplicas " + min + "; OME's HPA "
                    + "uses " + min + " as the maximum, so the component cannot scale; raise maxReplicas to at least "
                    + min + " or lower minReplicas");
        }
        return min;
    }
}
