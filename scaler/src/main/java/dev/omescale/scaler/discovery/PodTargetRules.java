package dev.omescale.scaler.discovery;

import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one pod into its scrape target, the way Prometheus' usual pod-annotation relabelling does: the pod's IP,
 * the port and path from {@code prometheus.io/port} and {@code prometheus.io/path}, else the configured defaults.
 * Pure: the same pod and configuration always give the same answer.
 */
public final class PodTargetRules {

    /** What one pod contributes: a target, nothing (not scrapeable now), or a problem with its annotations. */
    public record PodTarget(ScrapeTarget target, String problem) {

        static final PodTarget NONE = new PodTarget(null, null);

        static PodTarget of(ScrapeTarget target) {
            return new PodTarget(Objects.requireNonNull(target, "target"), null);
        }

        static PodTarget problem(String text) {
            return new PodTarget(null, Objects.requireNonNull(text, "problem"));
        }
    }

    private final DiscoveryConfig config;

    public PodTargetRules(DiscoveryConfig config) {
        this.config = Objects.requireNonNull(config, "discovery config");
    }

    /** The (namespace, isvc, component) an OME component pod belongs to, or null when the pod is not one. */
    public static ComponentPodKey componentOf(Pod pod) {
        Map<String, String> labels = labels(pod);
        String isvc = labels.get(OmePodLabels.INFERENCE_SERVICE);
        String component = labels.get(OmePodLabels.COMPONENT);
        if (isvc == null || isvc.isEmpty() || !OmePodLabels.COMPONENTS.contains(component)) {
            return null;
        }
        return new ComponentPodKey(pod.getMetadata().getNamespace(), isvc, component);
    }

    /**
     * The engine/decoder/router target of an OME component pod. Pods that are not Running or have no IP yet
     * contribute nothing, nor do pods that opt out with {@code prometheus.io/scrape: "false"} and LeaderWorkerSet
     * workers without their own port annotation (OME removes the annotations from workers).
     */
    public PodTarget engineTarget(Pod pod) {
        ComponentPodKey key = componentOf(pod);
        if (key == null || !runningWithIp(pod)) {
            return PodTarget.NONE;
        }
        Map<String, String> annotations = annotations(pod);
        if ("false".equalsIgnoreCase(annotations.get(OmePodLabels.PROMETHEUS_SCRAPE))) {
            return PodTarget.NONE;
        }
        String workerIndex = labels(pod).get(OmePodLabels.LWS_WORKER_INDEX);
        if (workerIndex != null && !"0".equals(workerIndex) && !annotations.containsKey(OmePodLabels.PROMETHEUS_PORT)) {
            return PodTarget.NONE;
        }
        return target(pod, TargetKind.ENGINE, config.enginePort(), config.enginePath(), key);
    }

    /** The target of a DCGM exporter pod (the caller has matched the selector). */
    public PodTarget dcgmTarget(Pod pod) {
        if (!runningWithIp(pod)) {
            return PodTarget.NONE;
        }
        int port = config.dcgmPort();
        Integer named = containerPort(pod, "metrics");
        if (named != null) {
            port = named;
        }
        return target(pod, TargetKind.DCGM, port, config.dcgmPath(), null);
    }

    private PodTarget target(Pod pod, TargetKind kind, int defaultPort, String defaultPath, ComponentPodKey key) {
        Map<String, String> annotations = annotations(pod);
        String name = describe(pod);
        int port = defaultPort;
        String portText = annotations.get(OmePodLabels.PROMETHEUS_PORT);
        if (portText != null) {
            Integer p = parsePort(portText.trim());
            if (p == null) {
                p = containerPort(pod, portText.trim());
            }
            if (p == null) {
                return PodTarget.problem(name + ": annotation " + OmePodLabels.PROMETHEUS_PORT + " \"" + portText
                        + "\" is neither a port number (1-65535) nor the name of one of its container ports; set it"
                        + " to the port that serves metrics (OME's runtimes use \"8080\"); the pod is not scraped");
            }
            port = p;
        }
        String path = defaultPath;
        String pathText = annotations.get(OmePodLabels.PROMETHEUS_PATH);
        if (pathText != null) {
            path = pathText.trim();
            if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" ")) {
                return PodTarget.problem(name + ": annotation " + OmePodLabels.PROMETHEUS_PATH + " \"" + pathText
                        + "\" is not an absolute URL path; set it to a path such as \"/metrics\"; the pod is not"
                        + " scraped");
            }
        }
        String scheme = annotations.getOrDefault(OmePodLabels.PROMETHEUS_SCHEME, "http").trim();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return PodTarget.problem(name + ": annotation " + OmePodLabels.PROMETHEUS_SCHEME + " \"" + scheme
                    + "\" is neither http nor https; fix or remove it; the pod is not scraped");
        }
        String ip = pod.getStatus().getPodIP();
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        URI url;
        try {
            url = new URI(scheme + "://" + host + ":" + port + path);
        } catch (URISyntaxException e) {
            return PodTarget.problem(name + ": IP " + ip + " with path " + path + " gives no valid URL ("
                    + e.getMessage() + "); fix the prometheus.io annotations; the pod is not scraped");
        }
        ScrapeTarget target = key == null
                ? new ScrapeTarget(url, kind, null, null, null, null, config.scrapeInterval(), config.scrapeTimeout())
                : new ScrapeTarget(url, kind, key.namespace(), pod.getMetadata().getName(), key.inferenceService(),
                        key.component(), config.scrapeInterval(), config.scrapeTimeout());
        return PodTarget.of(target);
    }

    static boolean runningWithIp(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isEmpty();
    }

    static String describe(Pod pod) {
        return "Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static Integer parsePort(String text) {
        if (!text.matches("[0-9]{1,5}")) {
            return null;
        }
        int p = Integer.parseInt(text);
        return p >= 1 && p <= 65535 ? p : null;
    }

    private static Integer containerPort(Pod pod, String portName) {
        if (pod.getSpec() == null) {
            return null;
        }
        for (Container c : pod.getSpec().getContainers()) {
            for (ContainerPort p : nullToEmpty(c.getPorts())) {
                if (portName.equals(p.getName()) && p.getContainerPort() != null) {
                    return p.getContainerPort();
                }
            }
        }
        return null;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static Map<String, String> labels(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static Map<String, String> annotations(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
