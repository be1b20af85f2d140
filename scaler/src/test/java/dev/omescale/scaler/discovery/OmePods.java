package dev.omescale.scaler.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pods shaped like the ones OME creates, as the API server stores them: labels from OME's component base
 * (ome-compat section 5), annotations and containers from the runtimes in {@code src/test/resources/ome/runtimes}
 * (requests already defaulted from limits, as admission does), and a Running status with an IP.
 */
final class OmePods {

    static final Instant STARTED = Instant.parse("2026-11-27T10:00:00Z");

    private OmePods() {
    }

    /**
     * An engine pod of {@code srt-qwen3-8b} (SGLang, metrics on 8080 by the runtime's prometheus.io annotations,
     * container {@code ome-container} requesting 10 cpu, 30Gi, 1 GPU).
     */
    static PodBuilder qwenEngine(String namespace, String isvc, String name, String ip) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("prometheus.io/scrape", "true");
        annotations.put("prometheus.io/port", "8080");
        annotations.put("prometheus.io/path", "/metrics");
        Container c = new ContainerBuilder().withName("ome-container")
                .withImage("docker.io/lmsysorg/sglang:v0.5.5.post3-cu129-amd64")
                .addNewPort().withContainerPort(8080).withName("http1").withProtocol("TCP").endPort()
                .withNewResources()
                .addToRequests("cpu", new Quantity("10")).addToRequests("memory", new Quantity("30Gi"))
                .addToRequests("nvidia.com/gpu", new Quantity("1"))
                .addToLimits("cpu", new Quantity("10")).addToLimits("memory", new Quantity("30Gi"))
                .addToLimits("nvidia.com/gpu", new Quantity("1"))
                .endResources().build();
        return running(component(namespace, isvc, "engine", "srt-qwen3-8b", name, annotations, c), ip);
    }

    /** The {@code srt-qwen3-8b} router: container {@code router}, limits cpu 1 and 2Gi defaulted into requests. */
    static PodBuilder qwenRouter(String namespace, String isvc, String name, String ip) {
        Container c = new ContainerBuilder().withName("router").withImage("fra.ocir.io/idqj093njucb/smg:v0.2.4.post1-dev")
                .addNewPort().withContainerPort(8080).withName("http").endPort()
                .withNewResources()
                .addToRequests("cpu", new Quantity("1")).addToRequests("memory", new Quantity("2Gi"))
                .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("2Gi"))
                .endResources().build();
        return running(component(namespace, isvc, "router", "srt-qwen3-8b", name, Map.of(), c), ip);
    }

    /**
     * A MultiNode (LeaderWorkerSet) engine pod of {@code deepseek-rdma-pd-rt}: only GPUs are requested, so cpu
     * utilization has no request to divide by. Workers ({@code workerIndex > 0}) carry no scrape annotations.
     */
    static PodBuilder deepseekLeaderWorker(String namespace, String isvc, String component, String name, String ip,
            int workerIndex) {
        Map<String, String> annotations = workerIndex == 0
                ? Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "8080", "prometheus.io/path", "/metrics")
                : Map.of();
        Container c = new ContainerBuilder().withName("ome-container").withImage("docker.io/lmsysorg/sglang:v0.5.5")
                .withNewResources()
                .addToRequests("nvidia.com/gpu", new Quantity("8")).addToLimits("nvidia.com/gpu", new Quantity("8"))
                .endResources().build();
        PodBuilder b = component(namespace, isvc, component, "deepseek-rdma-pd-rt", name, annotations, c);
        b.editMetadata().addToLabels("leaderworkerset.sigs.k8s.io/worker-index", Integer.toString(workerIndex))
                .addToLabels("leaderworkerset.sigs.k8s.io/name", "lws-" + isvc + "-" + component).endMetadata();
        return running(b, ip);
    }

    /** A dcgm-exporter pod as the NVIDIA Helm chart makes it: container port {@code metrics} 9400. */
    static PodBuilder dcgmExporter(String namespace, String name, String ip) {
        Container c = new ContainerBuilder().withName("exporter").withImage("nvcr.io/nvidia/k8s/dcgm-exporter:4.2.3")
                .addNewPort().withContainerPort(9400).withName("metrics").endPort().build();
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels("app.kubernetes.io/name", "dcgm-exporter")
                .addToLabels("app.kubernetes.io/instance", "dcgm-exporter").endMetadata()
                .withNewSpec().withContainers(c).withNodeName("gpu-node-1").endSpec();
        return running(b, ip);
    }

    private static PodBuilder component(String namespace, String isvc, String component, String runtime, String name,
            Map<String, String> annotations, Container container) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels("ome.io/inferenceservice", isvc)
                .addToLabels("component", component)
                .addToLabels("app", isvc + "-" + component)
                .addToLabels("serving-runtime", runtime)
                .addToLabels("fine-tuned-serving", "false")
                .addToLabels("base-model-name", isvc)
                .addToLabels("base-model-size", "SMALL")
                .addToLabels("base-model-type", "Serving")
                .addToLabels("pod-template-hash", "5d8f7c9b6")
                .addToAnnotations(annotations)
                .endMetadata()
                .withNewSpec().withContainers(container).withNodeName("gpu-node-1").endSpec();
    }

    static PodBuilder running(PodBuilder b, String ip) {
        return b.withNewStatus().withPhase("Running").withPodIP(ip).withStartTime(STARTED.toString())
                .addNewCondition().withType("Ready").withStatus("True")
                .withLastTransitionTime(STARTED.plusSeconds(90).toString()).endCondition()
                .endStatus();
    }

    static Pod pending(PodBuilder b) {
        return b.withNewStatus().withPhase("Pending").endStatus().build();
    }
}
