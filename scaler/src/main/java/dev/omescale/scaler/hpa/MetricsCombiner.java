package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.List;

/** Weighs the per-metric results of one HPA the way the controller does: the highest valid proposal wins. */
public final class MetricsCombiner {

    static final String UNABLE_PREFIX = "the HPA was unable to compute the replica count: ";
    static final String ABLE_PREFIX = "the HPA was able to successfully calculate a replica count from ";

    private MetricsCombiner() {
    }

    /**
     * Combines {@code results} (in the HPA's metric order).
     *
     * @param specReplicas {@code scale.spec.replicas}; with some metrics invalid, a proposal below it does not scale
     * @param metricNames  names for the condition message, one per result (e.g. "cpu resource utilization
     *                     (percentage of request)"), or null to name them by index
     */
    public static CombinedMetrics combine(List<MetricResult> results, int specReplicas, List<String> metricNames) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("an HPA with no metrics has nothing to combine; Kubernetes defaults"
                    + " an empty metrics list to cpu Utilization 80, so resolve the spec first");
        }
        if (metricNames != null && metricNames.size() != results.size()) {
            throw new IllegalArgumentException(metricNames.size() + " metric names for " + results.size()
                    + " results; give one name per metric or none");
        }
        int replicas = 0;
        int index = -1;
        Instant timestamp = null;
        int invalid = 0;
        MetricError firstError = null;
        for (int i = 0; i < results.size(); i++) {
            MetricResult result = results.get(i);
            if (result instanceof MetricError error) {
                if (invalid == 0) {
                    firstError = error;
                }
                invalid++;
            } else if (result instanceof ReplicaProposal proposal) {
                // the controller's test is "replicas == 0 || proposal > replicas": a 0 is replaced by any later
                // valid proposal, which matters only for which metric gets named
                if (replicas == 0 || proposal.replicas() > replicas) {
                    replicas = proposal.replicas();
                    index = i;
                    timestamp = proposal.timestamp();
                }
            }
        }
        String error = firstError == null ? null
                : "invalid metrics (" + invalid + " invalid out of " + results.size() + "), first error is: "
                        + firstError.message();
        if (invalid >= results.size() || (invalid > 0 && replicas < specReplicas)) {
            return new CombinedMetrics.Invalid(
                    HpaCondition.scalingActive(false, firstError.reason(), UNABLE_PREFIX + firstError.message()),
                    error);
        }
        String name = metricNames == null ? "metric " + index : metricNames.get(index);
        return new CombinedMetrics.Valid(replicas, index, timestamp,
                HpaCondition.scalingActive(true, ConditionReason.VALID_METRIC_FOUND, ABLE_PREFIX + name), error);
    }

    /** {@link #combine(List, int, List)} with metrics named by index. */
    public static CombinedMetrics combine(List<MetricResult> results, int specReplicas) {
        return combine(results, specReplicas, null);
    }
}
