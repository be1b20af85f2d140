package dev.omescale.scaler.controller;

import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodPhase;
import dev.omescale.scaler.hpa.ReadyCondition;
import dev.omescale.scaler.model.ScaleMetric;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /** Sum of the containers' requests for cpu or memory in milli-units; NO_REQUEST when a container has none. */
    private static long request(Pod p, ScaleMetric metric) {
        if (metric == null || !metric.isUtilization() || p.getSpec() == null || p.getSpec().getContainers() == null) {
            return PodInfo.NO_REQUEST;
        }
        String resource = metric.word();
        BigDecimal sum = BigDecimal.ZERO;
        for (Container c : p.getSpec().getContainers()) {
            Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
            Quantity q = requests == null ? null : requests.get(resource);
            if (q == null) {
                return PodInfo.NO_REQUEST;
            }
            sum = sum.add(q.getNumericalAmount());
        }
        return sum.movePointRight(3).longValue();
    }
}
