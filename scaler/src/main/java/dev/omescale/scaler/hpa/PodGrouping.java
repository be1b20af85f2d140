package dev.omescale.scaler.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sorts the selected pods into ready, unready, missing and ignored, in the HPA's order of rules. */
public final class PodGrouping {

    /** Go's zero {@code time.Time}, what an unset {@code lastTransitionTime} reads as. */
    static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private PodGrouping() {
    }

    /**
     * Classifies {@code pods}. Samples for pods outside the list come back as {@link PodGroups#unlisted()}; when a
     * pod has several samples the last one counts (the metrics client keeps them in a map).
     *
     * @param cpu                     whether the metric is the cpu resource; only cpu checks readiness
     * @param now                     the reconcile time
     * @param cpuInitializationPeriod the controller's {@code --horizontal-pod-autoscaler-cpu-initialization-period}
     * @param initialReadinessDelay   the controller's {@code --horizontal-pod-autoscaler-initial-readiness-delay}
     */
    public static PodGroups group(List<PodInfo> pods, List<PodSample> samples, boolean cpu, Instant now,
            Duration cpuInitializationPeriod, Duration initialReadinessDelay) {
        Map<String, PodSample> byPod = new LinkedHashMap<>();
        for (PodSample sample : samples) {
            byPod.put(sample.pod(), sample);
        }
        List<PodSample> ready = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (PodInfo pod : pods) {
            listed.add(pod.name());
            if (pod.deleted() || pod.phase() == PodPhase.FAILED) {
                ignored.add(pod.name());
                continue;
            }
            if (pod.phase() == PodPhase.PENDING) {
                unready.add(pod.name());
                continue;
            }
            PodSample sample = byPod.get(pod.name());
            if (sample == null) {
                missing.add(pod.name());
                continue;
            }
            if (cpu && cpuUnready(pod, sample, now, cpuInitializationPeriod, initialReadinessDelay)) {
                unready.add(pod.name());
                continue;
            }
            ready.add(sample);
        }
        List<PodSample> unlisted = new ArrayList<>();
        for (PodSample sample : byPod.values()) {
            if (!listed.contains(sample.pod())) {
                unlisted.add(sample);
            }
        }
        return new PodGroups(ready, unready, missing, ignored, unlisted);
    }

    // cpu spikes while a pod starts; these rules keep start-up samples from driving a scale-up
    private static boolean cpuUnready(PodInfo pod, PodSample sample, Instant now, Duration initPeriod,
            Duration readinessDelay) {
        if (pod.ready() == ReadyCondition.ABSENT || pod.startTime() == null) {
            return true;
        }
        Instant transition = pod.readyTransitionTime() == null ? GO_ZERO_TIME : pod.readyTransitionTime();
        boolean readyFalse = pod.ready() == ReadyCondition.FALSE;
        if (pod.startTime().plus(initPeriod).isAfter(now)) {
            // still initializing: need Ready and one full sample window since the last transition
            return readyFalse || sample.timestamp().isBefore(transition.plus(sample.window()));
        }
        // initialized: ignore only a pod that never became ready
        return readyFalse && pod.startTime().plus(readinessDelay).isAfter(transition);
    }
}
