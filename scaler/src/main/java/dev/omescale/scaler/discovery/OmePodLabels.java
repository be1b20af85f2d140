package dev.omescale.scaler.discovery;

import java.util.List;

/** The labels OME puts on component pods (ome-compat section 5) and the ones discovery reads beside them. */
public final class OmePodLabels {
    /** Value: the InferenceService's name (not {@code <isvc>-engine}). */
    public static final String INFERENCE_SERVICE = "ome.io/inferenceservice";
    /** Value: {@code engine}, {@code decoder} or {@code router}. */
    public static final String COMPONENT = "component";
    /** The components whose pods serve telemetry; {@code predictor} and {@code external-service} do not. */
    public static final List<String> COMPONENTS = List.of("engine", "decoder", "router");
    /**
     * LeaderWorkerSet's index of a pod within its group; OME strips the scrape annotations from workers (index
     * other than 0), so only the leader of a MultiNode group is scraped.
     */
    public static final String LWS_WORKER_INDEX = "leaderworkerset.sigs.k8s.io/worker-index";

    public static final String PROMETHEUS_SCRAPE = "prometheus.io/scrape";
    public static final String PROMETHEUS_PORT = "prometheus.io/port";
    public static final String PROMETHEUS_PATH = "prometheus.io/path";
    public static final String PROMETHEUS_SCHEME = "prometheus.io/scheme";

    private OmePodLabels() {
    }
}
