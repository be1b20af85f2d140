package dev.omescale.keda;

/**
 * One trigger's answer at one instant.
 *
 * @param metricName       the HPA metric name (without KEDA's prefix)
 * @param metricValue      what GetMetrics returns: chosen so that the HPA's AverageValue rule
 *                         {@code ceil(metricValue / target)} gives the intended replicas
 * @param target           what GetMetricSpec returns
 * @param activationValue  what activation compares: the signal itself (component total or per-replica value),
 *                         the decision's replicas, or the query's raw value
 * @param activationTarget the trigger's activation threshold
 */
public record Reading(String metricName, double metricValue, double target, double activationValue,
        double activationTarget) {

    /** Strictly above, as KEDA compares. */
    public boolean active() {
        return activationValue > activationTarget;
    }

    /** The replicas KEDA's HPA computes from this reading (AverageValue): {@code ceil(metricValue / target)}. */
    public long hpaReplicas() {
        return (long) Math.ceil(metricValue / target);
    }
}
