package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One replica proposal per metric, as Kubernetes ≥ 1.33 computes it (spec section 5). Every method is a pure
 * function of its arguments and this calculator's controller settings; all values are int64 milli-units and all
 * ratios float64 divisions of them, in the HPA's order of operations.
 *
 * <p>Flow A (Resource and Pods metrics) works over grouped pods; flow B (Value targets) multiplies the ratio by the
 * Running and Ready pods; flow C (Object/External AverageValue) ignores pods and divides by the target.
 */
public record ReplicaCalculator(HpaControllerConfig config) {

    public static final ReplicaCalculator DEFAULT = new ReplicaCalculator(HpaControllerConfig.DEFAULT);

    static final String NO_PODS = "no pods returned by selector while calculating replica count";
    static final String NO_POD_METRICS = "did not receive metrics for targeted pods (pods might be unready)";
    static final String NO_EXTERNAL_METRICS = "no metrics returned from external metrics API";
    static final String NO_MATCHED_METRICS = "no metrics returned matched known pods";

    public ReplicaCalculator {
        Objects.requireNonNull(config, "HPA controller config");
    }

    /**
     * Resource or ContainerResource metric with an Utilization target.
     *
     * @param source            {@link MetricSourceType#RESOURCE} or {@link MetricSourceType#CONTAINER_RESOURCE}
     * @param resource          the resource name; {@code "cpu"} turns on the readiness rules
     * @param specReplicas      {@code scale.spec.replicas}
     * @param targetUtilization target percent of the request, &gt; 0
     * @param pods              the pods the scale target's selector matches, each with its request for
     *                          {@code resource}
     * @param samples           the resource metrics API's samples, in the order it listed them
     */
    public MetricResult resourceUtilization(MetricSourceType source, String resource, int specReplicas,
            int targetUtilization, List<PodInfo> pods, List<PodSample> samples, Tolerances tolerances, Instant now) {
        requireResourceSource(source);
        requirePositive("utilization target of resource " + resource, targetUtilization);
        String prefix = "failed to get " + resource + " utilization: ";
        if (pods.isEmpty()) {
            return new MetricError(source.failureReason(), prefix + NO_PODS);
        }
        PodGroups groups = group(pods, samples, "cpu".equals(resource), now);
        if (groups.ready().isEmpty() && groups.unlisted().isEmpty()) {
            return new MetricError(source.failureReason(), prefix + NO_POD_METRICS);
        }
        Map<String, Long> requests = new LinkedHashMap<>();
        for (PodInfo pod : pods) {
            if (pod.requestMilli() == PodInfo.NO_REQUEST) {
                return new MetricError(source.failureReason(), prefix + "missing request for " + resource
                        + " in Pod " + pod.name() + "; set resources.requests." + resource
                        + " on its containers (or a pod-level request)");
            }
            requests.put(pod.name(), pod.requestMilli());
        }
        Usage usage = new UtilizationUsage(targetUtilization, requests);
        Usage.Ratio first = usage.ratio(values(groups));
        if (first == null) {
            return new MetricError(source.failureReason(), prefix + NO_MATCHED_METRICS);
        }
        int replicas = flowA(specReplicas, groups, usage, first, tolerances);
        return new ReplicaProposal(replicas, first.current(), first.average(), samples.get(0).timestamp());
    }

    /** Resource or ContainerResource metric with an AverageValue target (milli-units per pod). */
    public MetricResult resourceAverageValue(MetricSourceType source, String resource, int specReplicas,
            long targetMilli, List<PodInfo> pods, List<PodSample> samples, Tolerances tolerances, Instant now) {
        requireResourceSource(source);
        return averageValue(source, "failed to get " + resource + " usage: ", "cpu".equals(resource), specReplicas,
                targetMilli, pods, samples, tolerances, now);
    }

    /** Pods metric with an AverageValue target; readiness is not checked for these. */
    public MetricResult podsAverageValue(int specReplicas, long targetMilli, List<PodInfo> pods,
            List<PodSample> samples, Tolerances tolerances, Instant now) {
        return averageValue(MetricSourceType.PODS, "", false, specReplicas, targetMilli, pods, samples, tolerances,
                now);
    }

    /**
     * Object metric with a Value target (flow B).
     *
     * @param pods the selected pods; only their count of Running and Ready ones is used
     */
    public MetricResult objectValue(int specReplicas, long targetMilli, MetricValue value, List<PodInfo> pods,
            Tolerances tolerances) {
        requirePositive("Value target of the Object metric", targetMilli);
        return flowB(MetricSourceType.OBJECT, specReplicas, value.valueMilli(), targetMilli, pods, tolerances,
                value.timestamp());
    }

    /** External metric with a Value target (flow B); the items are summed, capped at MaxInt64. */
    public MetricResult externalValue(int specReplicas, long targetMilli, List<MetricValue> items,
            List<PodInfo> pods, Tolerances tolerances) {
        requirePositive("Value target of the External metric", targetMilli);
        if (items.isEmpty()) {
            return new MetricError(MetricSourceType.EXTERNAL.failureReason(), NO_EXTERNAL_METRICS);
        }
        long usage = 0;
        for (MetricValue item : items) {
            long v = item.valueMilli();
            if (v > 0 && usage > Long.MAX_VALUE - v) {
                usage = Long.MAX_VALUE;
                break;
            }
            usage += v;
        }
        return flowB(MetricSourceType.EXTERNAL, specReplicas, usage, targetMilli, pods, tolerances,
                items.get(0).timestamp());
    }

    /** Object metric with an AverageValue target (flow C); {@code statusReplicas} = {@code scale.status.replicas}. */
    public MetricResult objectAverageValue(int statusReplicas, long targetMilli, MetricValue value,
            Tolerances tolerances) {
        requirePositive("AverageValue target of the Object metric", targetMilli);
        long usage = value.valueMilli();
        int replicas = flowC(statusReplicas, usage, targetMilli, tolerances);
        long current = (long) Math.ceil((double) usage / (double) statusReplicas);
        return new ReplicaProposal(replicas, current, value.timestamp());
    }

    /**
     * External metric with an AverageValue target (flow C), what KEDA configures. The items are summed; a sum
     * that goes negative is read as an overflow and becomes MaxInt64, as in the HPA (so a negative item does too).
     */
    public MetricResult externalAverageValue(int statusReplicas, long targetMilli, List<MetricValue> items,
            Tolerances tolerances) {
        requirePositive("AverageValue target of the External metric", targetMilli);
        if (items.isEmpty()) {
            return new MetricError(MetricSourceType.EXTERNAL.failureReason(), NO_EXTERNAL_METRICS);
        }
        long usage = 0;
        for (MetricValue item : items) {
            usage += item.valueMilli();
            if (usage < 0) {
                usage = Long.MAX_VALUE;
                break;
            }
        }
        int replicas = flowC(statusReplicas, usage, targetMilli, tolerances);
        long current = (double) usage >= (double) Long.MAX_VALUE
                ? Long.MAX_VALUE
                : (long) Math.ceil((double) usage / (double) statusReplicas);
        return new ReplicaProposal(replicas, current, items.get(0).timestamp());
    }

    private MetricResult averageValue(MetricSourceType source, String prefix, boolean cpu, int specReplicas,
            long targetMilli, List<PodInfo> pods, List<PodSample> samples, Tolerances tolerances, Instant now) {
        requirePositive("AverageValue target of the " + source + " metric", targetMilli);
        if (pods.isEmpty()) {
            return new MetricError(source.failureReason(), prefix + NO_PODS);
        }
        PodGroups groups = group(pods, samples, cpu, now);
        if (groups.ready().isEmpty() && groups.unlisted().isEmpty()) {
            return new MetricError(source.failureReason(), prefix + NO_POD_METRICS);
        }
        Usage usage = new AverageUsage(targetMilli);
        Usage.Ratio first = usage.ratio(values(groups));
        int replicas = flowA(specReplicas, groups, usage, first, tolerances);
        return new ReplicaProposal(replicas, first.current(), samples.get(0).timestamp());
    }

    private PodGroups group(List<PodInfo> pods, List<PodSample> samples, boolean cpu, Instant now) {
        return PodGrouping.group(pods, samples, cpu, now, config.cpuInitializationPeriod(),
                config.initialReadinessDelay());
    }

    // the HPA's sample map after dropping ignored and unready pods: ready pods plus samples of unlisted pods
    private static Map<String, Long> values(PodGroups groups) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (PodSample s : groups.ready()) {
            values.put(s.pod(), s.valueMilli());
        }
        for (PodSample s : groups.unlisted()) {
            values.put(s.pod(), s.valueMilli());
        }
        return values;
    }

    private int flowA(int specReplicas, PodGroups groups, Usage usage, Usage.Ratio first, Tolerances tolerances) {
        double r = first.ratio();
        boolean scaleUpWithUnready = !groups.unready().isEmpty() && r > 1.0;
        if (!scaleUpWithUnready && groups.missing().isEmpty()) {
            if (within(tolerances, r)) {
                return specReplicas;
            }
            return (int) Math.ceil(r * (double) groups.ready().size());
        }
        Map<String, Long> values = values(groups);
        // missing pods: assume they sit at the target on a scale-down and idle on a scale-up, so they damp the move
        if (r < 1.0) {
            for (String pod : groups.missing()) {
                values.put(pod, usage.fallbackOnScaleDown(pod));
            }
        } else if (r > 1.0) {
            for (String pod : groups.missing()) {
                values.put(pod, 0L);
            }
        }
        if (scaleUpWithUnready) {
            for (String pod : groups.unready()) {
                values.put(pod, 0L);
            }
        }
        // the enlarged set keeps every sample that matched a request before, so it matches again
        double r2 = Objects.requireNonNull(usage.ratio(values), "ratio over the enlarged sample set").ratio();
        if (within(tolerances, r2) || (r < 1.0 && r2 > 1.0) || (r > 1.0 && r2 < 1.0)) {
            return specReplicas;
        }
        int n = (int) Math.ceil(r2 * (double) values.size());
        if ((r2 < 1.0 && n > specReplicas) || (r2 > 1.0 && n < specReplicas)) {
            return specReplicas;
        }
        return n;
    }

    private MetricResult flowB(MetricSourceType source, int specReplicas, long usage, long targetMilli,
            List<PodInfo> pods, Tolerances tolerances, Instant timestamp) {
        double r = (double) usage / (double) targetMilli;
        int replicas;
        if (specReplicas != 0) {
            if (within(tolerances, r)) {
                return new ReplicaProposal(specReplicas, usage, timestamp);
            }
            if (pods.isEmpty()) {
                return new MetricError(source.failureReason(), "unable to calculate ready pods: " + NO_PODS);
            }
            long ready = pods.stream().filter(PodInfo::runningAndReady).count();
            double proposal = r * (double) ready;
            replicas = proposal > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.ceil(proposal);
        } else {
            // only reachable with HPAScaleToZero: scale from zero straight to ceil(r)
            replicas = (int) Math.ceil(r);
        }
        return new ReplicaProposal(replicas, usage, timestamp);
    }

    private int flowC(int statusReplicas, long usage, long targetMilli, Tolerances tolerances) {
        double r = (double) usage / ((double) targetMilli * (double) statusReplicas);
        if (within(tolerances, r)) {
            return statusReplicas;
        }
        double proposal = Math.ceil((double) usage / (double) targetMilli);
        return proposal > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) proposal;
    }

    private boolean within(Tolerances tolerances, double ratio) {
        return tolerances.within(ratio, config.toleranceForm());
    }

    private static void requireResourceSource(MetricSourceType source) {
        if (source != MetricSourceType.RESOURCE && source != MetricSourceType.CONTAINER_RESOURCE) {
            throw new IllegalArgumentException("resource metrics come from RESOURCE or CONTAINER_RESOURCE sources,"
                    + " not " + source + "; use podsAverageValue, objectValue or the external methods instead");
        }
    }

    private static void requirePositive(String what, long target) {
        if (target <= 0) {
            throw new IllegalArgumentException(what + " is " + target
                    + "; Kubernetes only accepts targets > 0, so resolve the spec before computing");
        }
    }

    /** How a flow-A metric turns per-pod values into a usage ratio. */
    private interface Usage {

        /** The ratio, the value reported as current, and the raw average; null when no sample matched a pod. */
        Ratio ratio(Map<String, Long> values);

        long fallbackOnScaleDown(String pod);

        record Ratio(double ratio, long current, long average) {
        }
    }

    /** Utilization: int32((Σusage × 100) / Σrequests) over samples of pods with a request. */
    private record UtilizationUsage(int targetUtilization, Map<String, Long> requests) implements Usage {

        @Override
        public Ratio ratio(Map<String, Long> values) {
            long usageTotal = 0;
            long requestTotal = 0;
            int entries = 0;
            for (Map.Entry<String, Long> e : values.entrySet()) {
                Long request = requests.get(e.getKey());
                if (request == null) {
                    continue; // a sample for a pod outside the list has no request and does not count here
                }
                usageTotal += e.getValue();
                requestTotal += request;
                entries++;
            }
            if (requestTotal == 0) {
                return null;
            }
            int utilization = (int) ((usageTotal * 100) / requestTotal);
            return new Ratio((double) utilization / (double) targetUtilization, utilization, usageTotal / entries);
        }

        @Override
        public long fallbackOnScaleDown(String pod) {
            // targets above 100 % would otherwise read a missing pod as under-used
            return requests.get(pod) * (long) Math.max(100, targetUtilization) / 100;
        }
    }

    /** AverageValue: Σ / n in int64 division. */
    private record AverageUsage(long targetMilli) implements Usage {

        @Override
        public Ratio ratio(Map<String, Long> values) {
            long total = 0;
            for (long v : values.values()) {
                total += v;
            }
            long average = total / values.size();
            return new Ratio((double) average / (double) targetMilli, average, average);
        }

        @Override
        public long fallbackOnScaleDown(String pod) {
            return targetMilli;
        }
    }
}
