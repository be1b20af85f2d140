package dev.omescale.scaler.model;

import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The scaling-relevant fields of one component as written: {@code spec.engine|decoder|router} of an ISVC, or
 * {@code engineConfig|decoderConfig|routerConfig} of a runtime. Nothing is defaulted here; nulls mean "not set".
 *
 * @param minReplicas  null when absent (OME's webhook then writes 1)
 * @param maxReplicas  null when absent; OME's webhook turns absent or 0 into 3 (engine, decoder) or 2 (router)
 * @param scaleMetric  null when absent or not one of the CRD's enum values (the reader reports that)
 * @param scaleTarget  null when absent
 * @param kedaConfig   null when absent; OME never reads it
 * @param hasLeader    whether {@code leader} is set (makes the component MultiNode)
 * @param hasWorker    whether {@code worker} is set (makes the component MultiNode)
 * @param workerSize   {@code worker.size}, or null
 * @param raw          the component's node as written, unknown fields included
 */
public record ComponentSpec(
        Integer minReplicas,
        Integer maxReplicas,
        ScaleMetric scaleMetric,
        Integer scaleTarget,
        Map<String, String> annotations,
        Map<String, String> labels,
        KedaConfig kedaConfig,
        boolean hasLeader,
        boolean hasWorker,
        Integer workerSize,
        JsonNode raw) {

    public ComponentSpec {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        raw = raw == null ? null : raw.deepCopy();
    }

    /** A copy of the node as written; changing it changes nothing here. */
    @Override
    public JsonNode raw() {
        return raw == null ? null : raw.deepCopy();
    }

    public Optional<KedaConfig> keda() {
        return Optional.ofNullable(kedaConfig);
    }

    /** OME's per-component rule: a leader or a worker section makes the component a LeaderWorkerSet. */
    public boolean isMultiNode() {
        return hasLeader || hasWorker;
    }
}
