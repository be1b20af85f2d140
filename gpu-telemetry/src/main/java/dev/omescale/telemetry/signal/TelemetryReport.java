package dev.omescale.telemetry.signal;

import dev.omescale.telemetry.store.TargetStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The signals of every pod and component at one instant, with the health of the targets behind them. */
public record TelemetryReport(
        long evaluatedAtMillis,
        Duration window,
        List<PodSignals> pods,
        List<ComponentSignals> components,
        List<TargetStatus> targets,
        List<GpuWithoutPod> gpusWithoutPod) {

    public TelemetryReport {
        pods = List.copyOf(pods);
        components = List.copyOf(components);
        targets = List.copyOf(targets);
        gpusWithoutPod = List.copyOf(gpusWithoutPod);
    }

    public Optional<ComponentSignals> component(String namespace, String inferenceService, String component) {
        return components.stream()
                .filter(c -> c.namespace().equals(namespace) && c.inferenceService().equals(inferenceService)
                        && c.component().equals(component))
                .findFirst();
    }

    public Optional<PodSignals> pod(String namespace, String pod) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && p.pod().equals(pod)).findFirst();
    }
}
