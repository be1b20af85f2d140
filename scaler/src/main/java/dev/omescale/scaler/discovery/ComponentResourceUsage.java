package dev.omescale.scaler.discovery;

import dev.omescale.scaler.hpa.HpaControllerConfig;
import dev.omescale.scaler.hpa.MetricError;
import dev.omescale.scaler.hpa.MetricResult;
import dev.omescale.scaler.hpa.MetricSourceType;
import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodSample;
import dev.omescale.scaler.hpa.ReplicaCalculator;
import dev.omescale.scaler.hpa.ReplicaProposal;
import dev.omescale.scaler.hpa.Tolerances;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reading of a component's cpu and memory: its pods as the HPA sees them (with their request for each
 * resource) and the usage samples metrics.k8s.io served. This is what {@code ComponentInputs} takes:
 * {@code pods(resource)} for {@code pods} and {@link #usage()} for {@code resourceUsage}.
 *
 * <p>Missing data stays missing: a resource whose metrics could not be read is absent from {@link #usage()}, and a
 * pod without a sample has none in its list, never a zero.
 *
 * @param component       the component read
 * @param pods            per resource ({@code cpu}, {@code memory}) every pod of the component with its request
 * @param usage           per resource the samples metrics.k8s.io returned; a resource is absent when the API could
 *                        not be read
 * @param missingRequests per resource the HPA's "missing request" texts, one per pod lacking a request; empty lists
 *                        when every pod has one
 * @param metricsProblem  why metrics.k8s.io could not be read, with the fix; null when it was read
 * @param readAt          when the reading was taken
 */
public record ComponentResourceUsage(
        ComponentPodKey component,
        Map<String, List<PodInfo>> pods,
        Map<String, List<PodSample>> usage,
        Map<String, List<String>> missingRequests,
        String metricsProblem,
        Instant readAt) {

    public ComponentResourceUsage {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(readAt, "readAt");
        pods = copy(pods);
        usage = copy(usage);
        missingRequests = copy(missingRequests);
    }

    /** The component's pods with their request for {@code resource}; empty for a resource not read. */
    public List<PodInfo> pods(String resource) {
        return pods.getOrDefault(resource, List.of());
    }

    /**
     * The utilization of {@code resource} the HPA would report now: {@code int((Σusage × 100) / Σrequests)} over
     * the pods it counts (for cpu, pods still starting are left out as the HPA leaves them out).
     */
    public ResourceUtilization utilization(String resource, HpaControllerConfig config) {
        List<PodInfo> podList = pods(resource);
        List<PodSample> samples = usage.get(resource);
        String prefix = "failed to get " + resource + " utilization of " + component + ": ";
        if (samples == null) {
            return missing(resource, samples, podList, prefix + (metricsProblem == null
                    ? "no " + resource + " usage was read" : metricsProblem), true);
        }
        List<String> noRequest = missingRequests.getOrDefault(resource, List.of());
        if (!noRequest.isEmpty()) {
            return missing(resource, samples, podList, prefix + String.join("; ", noRequest)
                    + ". The HPA computes no " + resource + " utilization while any pod of the target lacks the"
                    + " request, and omescale does the same: set resources.requests." + resource + " on every"
                    + " container of the " + component.component() + " (or a pod-level request), or choose another"
                    + " scaleMetric", false);
        }
        // target 100: the calculator's "current" is then the utilization itself, computed exactly as the HPA does
        MetricResult result = new ReplicaCalculator(config).resourceUtilization(MetricSourceType.RESOURCE, resource,
                Math.max(1, podList.size()), 100, podList, samples, Tolerances.DEFAULT, readAt);
        if (result instanceof ReplicaProposal p) {
            return new ResourceUtilization(resource, (int) p.current(), p.averageMilli(), ofKnownPods(samples,
                    podList), podList.size(), null, false);
        }
        String message = ((MetricError) result).message();
        String calculatorPrefix = "failed to get " + resource + " utilization: ";
        if (message.startsWith(calculatorPrefix)) {
            message = message.substring(calculatorPrefix.length());
        }
        return missing(resource, samples, podList, prefix + message, true);
    }

    private static ResourceUtilization missing(String resource, List<PodSample> samples, List<PodInfo> pods,
            String error, boolean missingData) {
        return new ResourceUtilization(resource, null, null, samples == null ? 0 : ofKnownPods(samples, pods),
                pods.size(), error, missingData);
    }

    /** Samples of pods in the list: metrics of pods the list does not have count for nothing, as in the HPA. */
    private static int ofKnownPods(List<PodSample> samples, List<PodInfo> pods) {
        java.util.Set<String> names = new java.util.HashSet<>();
        pods.forEach(p -> names.add(p.name()));
        return (int) samples.stream().filter(s -> names.contains(s.pod())).count();
    }

    private static <V> Map<String, List<V>> copy(Map<String, List<V>> map) {
        Map<String, List<V>> out = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
