package dev.omescale.scaler.model;

/**
 * OME's {@code KedaConfig}, as written; every field may be null (not set). OME reads only the top-level
 * {@code spec.kedaConfig}; the one under a component is in the CRD but never read by OME's controller.
 *
 * @param enableKeda        not read anywhere by OME; only {@code ome.io/autoscalerClass: keda} selects KEDA
 * @param scalingThreshold  a string in the CRD, parsed as a float by the webhook
 */
public record KedaConfig(
        Boolean enableKeda,
        String promServerAddress,
        String customPromQuery,
        String scalingThreshold,
        String scalingOperator,
        AuthenticationRef authenticationRef,
        String authModes) {

    /** A KEDA (Cluster)TriggerAuthentication reference; kind defaults to TriggerAuthentication. */
    public record AuthenticationRef(String name, String kind) {
    }

    public static final KedaConfig EMPTY = new KedaConfig(null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /** Field-wise overlay: each field of {@code over} that is set (non-null, non-empty) replaces this one's. */
    public KedaConfig overlaidBy(KedaConfig over) {
        if (over == null) {
            return this;
        }
        return new KedaConfig(
                over.enableKeda != null ? over.enableKeda : enableKeda,
                pick(over.promServerAddress, promServerAddress),
                pick(over.customPromQuery, customPromQuery),
                pick(over.scalingThreshold, scalingThreshold),
                pick(over.scalingOperator, scalingOperator),
                over.authenticationRef != null ? over.authenticationRef : authenticationRef,
                pick(over.authModes, authModes));
    }

    // OME treats "" like unset for every string of KedaConfig.
    private static String pick(String over, String base) {
        return over != null && !over.isEmpty() ? over : base;
    }
}
