package dev.omescale.scaler.discovery;

import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodPhase;
import dev.omescale.scaler.hpa.Quantities;
import dev.omescale.scaler.hpa.ReadyCondition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pod's request for a resource the way the HPA's replica calculator adds it up, and the pod as the HPA sees it
 * ({@link PodInfo}). Pure functions of the pod object.
 */
public final class PodRequests {

    /**
     * A pod's request for one resource.
     *
     * @param milli   the request in milli-units, or {@link PodInfo#NO_REQUEST}
     * @param missing when there is none, the HPA's own error text naming the container
     *                ({@code missing request for cpu in container ome-container of Pod p}); null otherwise
     */
    public record Request(long milli, String missing) {
    }

    private PodRequests() {
    }

    /**
     * The pod-level request ({@code spec.resources.requests}) when it names the resource; otherwise the sum over
     * regular containers and restartable init containers (sidecars), each of which must request it, or the HPA
     * refuses utilization for the whole target. A container with a limit and no request counts its limit: the
     * API server's defaulting copies limits into missing requests, so every stored pod already has it that way.
     */
    public static Request request(Pod pod, String resource) {
        String name = pod.getMetadata().getName();
        if (pod.getSpec() == null) {
            return new Request(PodInfo.NO_REQUEST, "missing request for " + resource + " in Pod " + name
                    + " (it has no spec)");
        }
        Quantity podLevel = quantity(pod.getSpec().getResources(), resource);
        if (podLevel != null) {
            return new Request(milli(podLevel, pod, resource), null);
        }
        List<Container> containers = new ArrayList<>(nullToEmpty(pod.getSpec().getContainers()));
        for (Container c : nullToEmpty(pod.getSpec().getInitContainers())) {
            if ("Always".equals(c.getRestartPolicy())) {
                containers.add(c);
            }
        }
        long sum = 0;
        for (Container c : containers) {
            Quantity q = quantity(c.getResources(), resource);
            if (q == null) {
                return new Request(PodInfo.NO_REQUEST, "missing request for " + resource + " in container "
                        + c.getName() + " of Pod " + name);
            }
            sum = Math.addExact(sum, milli(q, pod, resource));
        }
        return new Request(sum, null);
    }

    /** The pod as the HPA groups it, with its request for {@code resource}. */
    public static PodInfo podInfo(Pod pod, String resource) {
        String name = pod.getMetadata().getName();
        PodPhase phase = phase(pod);
        boolean deleted = pod.getMetadata().getDeletionTimestamp() != null;
        ReadyCondition ready = ReadyCondition.ABSENT;
        Instant readySince = null;
        Instant started = null;
        if (pod.getStatus() != null) {
            started = instant(pod.getStatus().getStartTime());
            for (PodCondition c : nullToEmpty(pod.getStatus().getConditions())) {
                if ("Ready".equals(c.getType())) {
                    ready = switch (c.getStatus() == null ? "" : c.getStatus()) {
                        case "True" -> ReadyCondition.TRUE;
                        case "False" -> ReadyCondition.FALSE;
                        default -> ReadyCondition.UNKNOWN;
                    };
                    readySince = instant(c.getLastTransitionTime());
                }
            }
        }
        return new PodInfo(name, phase, deleted, ready, started, readySince, request(pod, resource).milli());
    }

    private static PodPhase phase(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (phase == null) {
            return PodPhase.PENDING; // the API server sets Pending on creation; a pod without a phase has not run
        }
        try {
            return PodPhase.valueOf(phase.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return PodPhase.UNKNOWN;
        }
    }

    private static Quantity quantity(ResourceRequirements r, String resource) {
        if (r == null) {
            return null;
        }
        Map<String, Quantity> requests = r.getRequests();
        if (requests != null && requests.get(resource) != null) {
            return requests.get(resource);
        }
        Map<String, Quantity> limits = r.getLimits();
        return limits == null ? null : limits.get(resource);
    }

    private static long milli(Quantity q, Pod pod, String resource) {
        try {
            return Quantities.milli(q.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Pod " + pod.getMetadata().getNamespace() + "/"
                    + pod.getMetadata().getName() + " has an unreadable " + resource + " request: " + e.getMessage(), e);
        }
    }

    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null; // the API server only writes RFC 3339; anything else reads like an absent time
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
