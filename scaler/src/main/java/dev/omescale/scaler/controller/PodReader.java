package dev.omescale.scaler.controller;

import dev.omescale.scaler.discovery.PodRequests;
import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodPhase;
import dev.omescale.scaler.hpa.ReadyCondition;
import dev.omescale.scaler.model.ScaleMetric;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Pods as the HPA arithmetic reads them: phase, deletion, readiness, start and the request of the scaled resource. */
final class PodReader {
    private PodReader() {
    }

    static List<PodInfo> read(List<Pod> pods, ScaleMetric metric) {
        List<PodInfo> out = new ArrayList<>(pods.size());
        for (Pod p : pods) {
            out.add(read(p, metric));
        }
        return out;
    }

    static PodInfo read(Pod p, ScaleMetric metric) {
        ReadyCondition ready = ReadyCondition.ABSENT;
        Instant readySince = null;
        if (p.getStatus() != null && p.getStatus().getConditions() != null) {
            for (PodCondition c : p.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    ready = switch (String.valueOf(c.getStatus())) {
                        case "True" -> ReadyCondition.TRUE;
                        case "False" -> ReadyCondition.FALSE;
                        default -> ReadyCondition.UNKNOWN;
                    };
                    readySince = instant(c.getLastTransitionTime());
                }
            }
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return new PodInfo(p.getMetadata().getName(), phase(phase), p.getMetadata().getDeletionTimestamp() != null,
                ready, p.getStatus() == null ? null : instant(p.getStatus().getStartTime()), readySince,
                request(p, metric));
    }

    private static PodPhase phase(String phase) {
        if (phase == null) {
            return PodPhase.PENDING;
        }
        try {
            return PodPhase.valueOf(phase.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return PodPhase.UNKNOWN;
        }
    }

    private static Instant instant(String time) {
        if (time == null || time.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The pod's request for cpu or memory in milli-units as the HPA adds it up (pod-level request, else every
     * container and sidecar), the same arithmetic the usage reader uses; NO_REQUEST when it has none.
     */
    private static long request(Pod p, ScaleMetric metric) {
        if (metric == null || !metric.isUtilization()) {
            return PodInfo.NO_REQUEST;
        }
        return PodRequests.request(p, metric.word()).milli();
    }
}
