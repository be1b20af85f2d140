package dev.omescale.keda;

import java.net.URI;

/**
 * PromQL passthrough: the trigger KEDA's Prometheus scaler would evaluate, evaluated by omescale instead.
 *
 * @param serverAddress       the Prometheus root as written, or null for the configured Prometheus
 * @param query               the PromQL; it must return one series
 * @param threshold           the per-replica target
 * @param activationThreshold active when the value is strictly above this (on the raw value, as KEDA)
 */
public record QueryTrigger(URI serverAddress, String query, double threshold, double activationThreshold)
        implements Trigger {

    public static final String METRIC_NAME = "omescale-promql";

    @Override
    public String metricName() {
        return METRIC_NAME;
    }
}
