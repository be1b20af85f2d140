package dev.omescale.scaler.model;

/**
 * Everything that decides how one component scales, after OME's runtime merge, webhook defaults and annotation
 * precedence, plus omescale's own settings.
 *
 * @param kind              engine, decoder or router
 * @param objectName        {@code <isvc>-<component>}: the Deployment, HPA and Knative Service name
 * @param minReplicas       after the webhook default (1) and OME's floor of 1 outside Serverless
 * @param maxReplicas       after the webhook default (3, router 2) and OME's {@code max(min, max)}
 * @param scaleMetric       {@code spec.<c>.scaleMetric}, default cpu
 * @param scaleTarget       the per-pod target for scaleMetric
 * @param autoscalerClass   {@code ome.io/autoscalerClass} from the merged annotations, default hpa
 * @param deploymentMode    the per-component mode by OME's rules (ome-compat section 4)
 * @param metricsAnnotation {@code ome.io/metrics} of the ISVC (cpu or memory), or null; OME validates but never
 *                          uses it
 * @param keda              the Prometheus trigger settings
 * @param omescale          omescale's own settings
 * @param annotations       the merged component annotations, with origins
 * @param spec              {@code spec.<c>} as written in the ISVC
 */
public record EffectiveComponentSpec(
        ComponentKind kind,
        String objectName,
        int minReplicas,
        int maxReplicas,
        ScaleMetric scaleMetric,
        ScaleTarget scaleTarget,
        AutoscalerClass autoscalerClass,
        DeploymentMode deploymentMode,
        ScaleMetric metricsAnnotation,
        KedaTrigger keda,
        OmescaleSettings omescale,
        ComponentAnnotations annotations,
        ComponentSpec spec) {

    /**
     * How omescale may change this component's replicas without fighting OME: only Raw components with class
     * external (through the Deployment's /scale) and MultiNode components that opted into the minReplicas lever.
     */
    public ScalingLever lever() {
        return switch (deploymentMode) {
            case RAW_DEPLOYMENT -> autoscalerClass == AutoscalerClass.EXTERNAL
                    ? ScalingLever.DEPLOYMENT_SCALE : ScalingLever.NONE;
            case MULTI_NODE -> omescale.multinodeLever() ? ScalingLever.ISVC_MIN_REPLICAS : ScalingLever.NONE;
            default -> ScalingLever.NONE;
        };
    }

    /** Whether omescale may take this component below minReplicas: only with scale-to-zero on a Raw component. */
    public boolean scaleToZeroAllowed() {
        return omescale.scaleToZeroIdle() != null && deploymentMode == DeploymentMode.RAW_DEPLOYMENT;
    }
}
