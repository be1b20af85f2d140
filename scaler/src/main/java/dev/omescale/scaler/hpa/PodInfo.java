package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.Objects;

/**
 * What the HPA reads from one pod matched by the scale target's selector.
 *
 * @param name                name, the key that samples refer to
 * @param phase               {@code status.phase}
 * @param deleted             {@code metadata.deletionTimestamp} is set
 * @param ready               the Ready condition's status, {@link ReadyCondition#ABSENT} without one
 * @param startTime           {@code status.startTime}, or null when not started
 * @param readyTransitionTime the Ready condition's {@code lastTransitionTime}, or null (read as Go's zero time)
 * @param requestMilli        the pod's request for the metric's resource in milli-units (containers plus
 *                            restartable init containers, or the pod-level request), or {@link #NO_REQUEST};
 *                            only Resource Utilization metrics read it
 */
public record PodInfo(
        String name,
        PodPhase phase,
        boolean deleted,
        ReadyCondition ready,
        Instant startTime,
        Instant readyTransitionTime,
        long requestMilli) {

    /** Marks a pod without a request for the metric's resource. */
    public static final long NO_REQUEST = -1;

    public PodInfo {
        Objects.requireNonNull(name, "pod name");
        Objects.requireNonNull(phase, "pod phase of " + name);
        Objects.requireNonNull(ready, "Ready condition of " + name + " (use ABSENT when the pod has none)");
        if (requestMilli < NO_REQUEST) {
            throw new IllegalArgumentException("pod " + name + " has request " + requestMilli
                    + "m; use a milli-value ≥ 0, or PodInfo.NO_REQUEST when the pod has none");
        }
    }

    /** A Running pod whose Ready condition is True, the pods that Value metrics multiply by. */
    public boolean runningAndReady() {
        return phase == PodPhase.RUNNING && ready == ReadyCondition.TRUE;
    }
}
