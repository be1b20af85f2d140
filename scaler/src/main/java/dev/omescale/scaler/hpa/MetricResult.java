package dev.omescale.scaler.hpa;

/**
 * What one metric contributes to a reconcile: a replica proposal, or an error that the multi-metric rule
 * (section 6 step 4) must weigh. A value rather than an exception, so that the combiner can reason over all of them.
 */
public sealed interface MetricResult permits ReplicaProposal, MetricError {
}
