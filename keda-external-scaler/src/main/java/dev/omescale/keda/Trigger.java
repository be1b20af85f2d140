package dev.omescale.keda;

/** What one KEDA trigger asks for, parsed from its {@code scalerMetadata} by {@link TriggerMetadataParser}. */
public sealed interface Trigger permits SignalTrigger, QueryTrigger {

    /** The HPA metric name this trigger reports under (KEDA prefixes {@code s<index>-}). */
    String metricName();
}
