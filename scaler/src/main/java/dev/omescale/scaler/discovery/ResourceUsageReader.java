package dev.omescale.scaler.discovery;

import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodSample;
import dev.omescale.scaler.hpa.Quantities;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a component's cpu and memory usage from {@code metrics.k8s.io/v1beta1} PodMetrics (metrics-server), by the
 * component's pod labels, the way the HPA's resource metrics client does: a pod's value is the sum over its
 * containers, and a pod with a container that lacks the resource, or with no containers, has no sample.
 */
public final class ResourceUsageReader {

    /** The resources metrics.k8s.io serves, and the ones {@code scaleMetric} can name. */
    public static final List<String> RESOURCES = List.of("cpu", "memory");
    /** metrics-server's default window; used when a PodMetrics has none. */
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final Clock clock;

    /**
     * @param client a client for metrics.k8s.io; see {@link #clientWithoutRetries}: with fabric8's default retries
     *               a read while metrics-server answers 5xx takes about 19 s before it reports the problem
     */
    public ResourceUsageReader(KubernetesClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "kubernetes client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A client like {@code base} that does not retry failed requests. fabric8 retries 5xx answers 10 times with
     * backoff from 100 ms up to 3.2 s; the HPA instead fails the metric for this cycle and reads again at the next,
     * which is what a tick wants too. The caller owns and closes the returned client.
     */
    public static KubernetesClient clientWithoutRetries(KubernetesClient base) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(base.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
    }

    /** Reads usage for {@code pods}, the component's pods (e.g. from {@link TargetDiscovery#componentPods}). */
    public ComponentResourceUsage read(ComponentPodKey component, List<Pod> pods) {
        PodMetricsList list = null;
        String problem = null;
        try {
            list = client.top().pods().inNamespace(component.namespace()).withLabels(labels(component)).metrics();
        } catch (KubernetesClientException e) {
            problem = explain(e, component.namespace());
        }
        return assemble(component, pods, list == null ? null : list.getItems(), problem);
    }

    /**
     * Reads many components with one PodMetrics list per namespace instead of one per component, for a tick over
     * a whole fleet. Each component gets the samples of its own pods (by name), which is what a per-component
     * label selector would have returned for those pods.
     *
     * @param components each component with its pods (e.g. from {@link TargetDiscovery#componentPods})
     */
    public Map<ComponentPodKey, ComponentResourceUsage> readAll(Map<ComponentPodKey, List<Pod>> components) {
        Map<String, NamespaceUsage> byNamespace = new LinkedHashMap<>();
        Map<ComponentPodKey, ComponentResourceUsage> out = new LinkedHashMap<>();
        components.forEach((key, pods) -> out.put(key, byNamespace.computeIfAbsent(key.namespace(),
                this::listNamespace).component(key, pods)));
        return out;
    }

    /**
     * Lists one namespace's PodMetrics now (one request), for assembling any number of its components' usage
     * from that one list; a failed listing is kept as the problem every component of the namespace reports.
     */
    public NamespaceUsage listNamespace(String namespace) {
        try {
            return new NamespaceUsage(client.top().pods().inNamespace(namespace).metrics().getItems(), null);
        } catch (KubernetesClientException e) {
            return new NamespaceUsage(null, explain(e, namespace));
        }
    }

    /** One namespace's PodMetrics as listed once, or why they could not be listed. Immutable. */
    public final class NamespaceUsage {
        private final List<PodMetrics> all;
        private final String problem;

        private NamespaceUsage(List<PodMetrics> all, String problem) {
            this.all = all == null ? null : List.copyOf(all);
            this.problem = problem;
        }

        /** Why the namespace's metrics could not be read, with the fix; null when they were. */
        public String problem() {
            return problem;
        }

        /**
         * The usage of one component of the namespace: the samples of its own pods (by name), which is what a
         * per-component label selector would have returned for those pods.
         */
        public ComponentResourceUsage component(ComponentPodKey key, List<Pod> pods) {
            List<PodMetrics> own = null;
            if (all != null) {
                java.util.Set<String> names = new java.util.HashSet<>();
                pods.forEach(p -> names.add(p.getMetadata().getName()));
                own = all.stream().filter(m -> names.contains(m.getMetadata().getName())).toList();
            }
            return assemble(key, pods, own, problem);
        }
    }

    private ComponentResourceUsage assemble(ComponentPodKey component, List<Pod> pods, List<PodMetrics> metrics,
            String problem) {
        Map<String, List<PodInfo>> infos = new LinkedHashMap<>();
        Map<String, List<String>> missing = new LinkedHashMap<>();
        Map<String, List<PodSample>> usage = new LinkedHashMap<>();
        for (String resource : RESOURCES) {
            List<PodInfo> list = new ArrayList<>();
            List<String> noRequest = new ArrayList<>();
            for (Pod pod : pods) {
                PodRequests.Request r = PodRequests.request(pod, resource);
                list.add(PodRequests.podInfo(pod, resource));
                if (r.missing() != null) {
                    noRequest.add(r.missing());
                }
            }
            infos.put(resource, list);
            missing.put(resource, noRequest);
            if (metrics != null) {
                usage.put(resource, samples(metrics, resource));
            }
        }
        return new ComponentResourceUsage(component, infos, usage, missing, problem, clock.instant());
    }

    /** Lists the component's pods from the API server, then reads as {@link #read(ComponentPodKey, List)}. */
    public ComponentResourceUsage read(ComponentPodKey component) {
        List<Pod> pods = client.pods().inNamespace(component.namespace()).withLabels(labels(component)).list()
                .getItems();
        return read(component, pods);
    }

    /** The component's pod labels in a fixed order, so the selector sent is the same on every call. */
    private static Map<String, String> labels(ComponentPodKey component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(OmePodLabels.INFERENCE_SERVICE, component.inferenceService());
        labels.put(OmePodLabels.COMPONENT, component.component());
        return labels;
    }

    private static List<PodSample> samples(List<PodMetrics> metrics, String resource) {
        List<PodSample> out = new ArrayList<>();
        for (PodMetrics m : metrics) {
            List<ContainerMetrics> containers = m.getContainers();
            if (containers == null || containers.isEmpty()) {
                continue; // the HPA treats a pod without container metrics as missing
            }
            long sum = 0;
            boolean complete = true;
            for (ContainerMetrics c : containers) {
                Quantity q = c.getUsage() == null ? null : c.getUsage().get(resource);
                if (q == null) {
                    complete = false;
                    break;
                }
                sum = Math.addExact(sum, Quantities.milli(q.toString()));
            }
            if (!complete) {
                continue;
            }
            Duration window = m.getWindow() == null || m.getWindow().getDuration() == null
                    ? DEFAULT_WINDOW : m.getWindow().getDuration();
            out.add(new PodSample(m.getMetadata().getName(), sum, timestamp(m.getTimestamp()), window));
        }
        return out;
    }

    /** A sample without a readable timestamp gets the epoch, which the policies read as stale, never as fresh. */
    private static Instant timestamp(String text) {
        if (text == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String explain(KubernetesClientException e, String namespace) {
        String where = "metrics.k8s.io/v1beta1 pods in namespace " + namespace;
        return switch (e.getCode()) {
            case 404 -> where + " are not served (HTTP 404): install metrics-server (or another metrics.k8s.io"
                    + " provider), or choose scaleMetric concurrency or rps";
            case 503 -> where + " are unavailable (HTTP 503): the v1beta1.metrics.k8s.io APIService is not"
                    + " available; check metrics-server's pods and `kubectl get apiservice v1beta1.metrics.k8s.io`";
            case 401, 403 -> where + " may not be listed (HTTP " + e.getCode() + "): grant omescale get and list on"
                    + " pods in API group metrics.k8s.io";
            default -> where + " could not be read (" + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "")
                    + e.getMessage() + "); it is retried on the next tick";
        };
    }
}
