package dev.omescale.scaler.model;

import java.util.List;

/** Annotation keys read when resolving the effective scaling spec. */
public final class AnnotationNames {
    // OME's own (ome-compat section 7).
    public static final String AUTOSCALER_CLASS = "ome.io/autoscalerClass";
    public static final String METRICS = "ome.io/metrics";
    public static final String TARGET_UTILIZATION_PERCENTAGE = "ome.io/targetUtilizationPercentage";
    public static final String DEPLOYMENT_MODE = "ome.io/deploymentMode";
    public static final String KEDA_SERVER_ADDRESS = "autoscaling.keda.sh/prometheus.serverAddress";
    public static final String KEDA_QUERY = "autoscaling.keda.sh/prometheus.query";
    public static final String KEDA_THRESHOLD = "autoscaling.keda.sh/threshold";
    public static final String KEDA_OPERATOR = "autoscaling.keda.sh/operator";

    // omescale's own; all share one prefix so that typos can be reported.
    public static final String OMESCALE_PREFIX = "omescale.dev/";
    public static final String SLO_TTFT_P95 = OMESCALE_PREFIX + "slo-ttft-p95";
    public static final String SLO_ITL_P95 = OMESCALE_PREFIX + "slo-itl-p95";
    public static final String POLICY = OMESCALE_PREFIX + "policy";
    public static final String SCALE_TO_ZERO = OMESCALE_PREFIX + "scale-to-zero";
    public static final String DECODER_RATIO = OMESCALE_PREFIX + "decoder-ratio";
    public static final String BEHAVIOR = OMESCALE_PREFIX + "behavior";
    public static final String MULTINODE_LEVER = OMESCALE_PREFIX + "multinode-lever";

    /** Every omescale annotation this version understands. */
    public static final List<String> OMESCALE_KNOWN = List.of(
            SLO_TTFT_P95, SLO_ITL_P95, POLICY, SCALE_TO_ZERO, DECODER_RATIO, BEHAVIOR, MULTINODE_LEVER);

    private AnnotationNames() {
    }
}
