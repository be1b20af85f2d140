/**
 * What the cluster tells the telemetry and the policies about pods: in-cluster discovery of scrape targets and the
 * pods' cpu and memory usage.
 *
 * <p>Flow: {@link dev.omescale.scaler.discovery.TargetDiscovery} watches OME component pods and DCGM exporter pods
 * through fabric8 informers, turns each pod into a target with {@link dev.omescale.scaler.discovery.PodTargetRules}
 * and publishes immutable {@link dev.omescale.scaler.discovery.DiscoveredTargets}, which
 * {@code TelemetryPipeline.replaceTargets} takes. {@link dev.omescale.scaler.discovery.ResourceUsageReader} reads
 * metrics.k8s.io PodMetrics for one component and, with {@link dev.omescale.scaler.discovery.PodRequests}, gives a
 * {@link dev.omescale.scaler.discovery.ComponentResourceUsage} in the shapes {@code ComponentInputs} takes.
 */
package dev.omescale.scaler.discovery;
