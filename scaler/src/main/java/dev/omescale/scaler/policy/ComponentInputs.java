package dev.omescale.scaler.policy;

import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodSample;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a policy may look at for one component at one tick. Immutable, and free of Kubernetes and scraping
 * types, so the controller, the KEDA scaler, the metrics adapter and the simulator all feed it the same way.
 *
 * @param namespace        the InferenceService's namespace
 * @param inferenceService the InferenceService's name
 * @param spec             the component's effective scaling spec
 * @param currentReplicas  the scale target's {@code spec.replicas}
 * @param readyReplicas    pods Running and Ready
 * @param startingReplicas pods created but not Ready yet: capacity on its way, counted as supply by policies that
 *                         reason about capacity
 * @param signals          the component's signals over the window, or null when telemetry has none
 * @param podSignals       per-pod signals (HPA Pods metrics read these); empty when unknown
 * @param pods             the component's pods with phase, readiness and requests, for HPA pod grouping
 * @param resourceUsage    per resource ({@code cpu}, {@code memory}) the pods' usage samples, as metrics.k8s.io
 *                         serves them; empty when no such source is wired
 * @param promql           the value of the component's PromQL query at this tick, or null when none is configured
 * @param now              the tick's instant; policies never read a clock
 * @param maxSignalAge     signals older than this are missing data
 */
public record ComponentInputs(
        String namespace,
        String inferenceService,
        EffectiveComponentSpec spec,
        int currentReplicas,
        int readyReplicas,
        int startingReplicas,
        ComponentSignals signals,
        List<PodSignals> podSignals,
        List<PodInfo> pods,
        Map<String, List<PodSample>> resourceUsage,
        QueryValue promql,
        Instant now,
        Duration maxSignalAge) {

    /** The age of signals that never arrived: longer than any limit, yet still printable. */
    public static final Duration NEVER = Duration.ofDays(36_500);

    public ComponentInputs {
        podSignals = List.copyOf(podSignals);
        pods = List.copyOf(pods);
        resourceUsage = Map.copyOf(resourceUsage);
    }

    /**
     * The component signal if present and fresh, else null. Callers treat null as missing data: hold, never
     * scale down on it.
     */
    public Double freshSignal(String name) {
        ComponentSignals fresh = freshSignals();
        return fresh == null ? null : fresh.get(name);
    }

    /**
     * The component signals if present and fresh, else null: {@link #freshSignal}'s test made once, for a policy that
     * reads many signals of every component at every tick.
     */
    public ComponentSignals freshSignals() {
        // In whole milliseconds, without a Duration per call: policies ask this for every signal of every tick.
        if (signals == null || signals.dataTimeMillis() <= 0) {
            return null;
        }
        long ageMillis = Math.max(0, now.toEpochMilli() - signals.dataTimeMillis());
        return ageMillis > maxSignalAge.toMillis() ? null : signals;
    }

    /** Age of the component's signals at {@code now}; the maximum duration when there are none. */
    public Duration signalAge() {
        if (signals == null || signals.dataTimeMillis() <= 0) {
            return NEVER;
        }
        return Duration.ofMillis(Math.max(0, now.toEpochMilli() - signals.dataTimeMillis()));
    }
}
