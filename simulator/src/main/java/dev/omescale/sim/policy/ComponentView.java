package dev.omescale.sim.policy;

import dev.omescale.sim.fleet.ReplicaSample;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import java.util.List;

/**
 * What a cluster shows an autoscaler about one component at one tick: the scale target's counts and the telemetry of
 * the last scrape. Nothing here is the simulator's ground truth; policies see what they would see in Kubernetes.
 *
 * @param current  spec.replicas
 * @param ready    pods Running and Ready
 * @param signals  the component's signals over the telemetry window, null before the first scrape
 * @param pods     per-pod signals of the ready pods
 * @param latest   the newest raw scrape of each ready pod (instant gauges, what a PromQL instant query reads)
 * @param podStates for each pod not draining: name, creation, readiness and CPU cores in use over the metrics
 *                 window, in creation order; HPA resource metrics read these
 */
public record ComponentView(int current, int ready, ComponentSignals signals, List<PodSignals> pods,
                            List<ReplicaSample> latest, List<PodState> podStates) {
    public ComponentView {
        pods = List.copyOf(pods);
        latest = List.copyOf(latest);
        podStates = List.copyOf(podStates);
    }

    public int starting() {
        return current - ready;
    }

    public Double signal(String name) {
        return signals == null ? null : signals.get(name);
    }

    /**
     * One pod as the Kubernetes API and metrics-server show it.
     *
     * @param readyAt  NaN while not ready
     * @param cpuCores CPU in use averaged over metrics-server's window, NaN when not known yet
     */
    public record PodState(String name, double createdAt, double readyAt, double cpuCores) {
    }
}
