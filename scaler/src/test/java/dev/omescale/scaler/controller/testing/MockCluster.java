package dev.omescale.scaler.controller.testing;

import dev.omescale.scaler.controller.OmeResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode with OME's real InferenceService CRD, every request recorded (method,
 * path, user agent: see {@link #calls()}), the /scale subresource served, and a restart on the same port that drops
 * every watch. Clients made by {@link #client(String)} carry their name as user agent, so a test can tell which
 * controller made a request.
 */
public final class MockCluster implements AutoCloseable {
    /**
     * The mock server logs every request at INFO through java.util.logging; that costs more than the requests in a
     * benchmark and buries test output. Held in a field: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    private final RecordingScaleDispatcher dispatcher;
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final List<AutoCloseable> afterServer = new ArrayList<>();
    private KubernetesMockServer server;
    private final int port;
    public final KubernetesClient admin;

    public MockCluster() {
        dispatcher = new RecordingScaleDispatcher(new KubernetesMixedDispatcher(responses));
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        port = server.getPort();
        admin = client("test-admin");
        admin.apiextensions().v1().customResourceDefinitions().resource(admin.getKubernetesSerialization()
                .unmarshal(resource("ome/crd/ome.io_inferenceservices.yaml"), CustomResourceDefinition.class))
                .create();
    }

    /** The mock server, for expectations ({@code server().expect()}) that come before CRUD. */
    public KubernetesMockServer server() {
        return server;
    }

    /**
     * Closes {@code c} when the cluster closes, after the server has stopped: in fabric8 8.0.0 a watch that the
     * client closes can stall the mock server's event loop for up to a minute (kubernetes-client issue 7857), so
     * informers are best closed after the server is gone.
     */
    public <T extends AutoCloseable> T closeLater(T c) {
        afterServer.add(c);
        return c;
    }

    /** The API server's address, for kubeconfig files. */
    public String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    public KubernetesClient client(String userAgent) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withUserAgent(userAgent)
                .withRequestRetryBackoffInterval(50)
                .withRequestRetryBackoffLimit(3)
                .withWatchReconnectInterval(100)
                .withWatchReconnectLimit(-1)
                .withRequestTimeout(5_000)
                .build();
        KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build();
        clients.add(c);
        return c;
    }

    /** Every request since start (or {@link #clearCalls()}), in arrival order. */
    public List<RecordingScaleDispatcher.Call> calls() {
        return dispatcher.calls();
    }

    /** Requests made with {@code userAgent}, method and path only. */
    public List<String> callsBy(String userAgent) {
        return dispatcher.calls().stream().filter(c -> userAgent.equals(c.userAgent())).map(Object::toString)
                .toList();
    }

    public void clearCalls() {
        dispatcher.clearCalls();
    }

    /** The next {@code method} request whose path ends with {@code pathSuffix} is answered with {@code code}. */
    public void failNext(String method, String pathSuffix, int code) {
        dispatcher.failNext(method, pathSuffix, code);
    }

    /** Answers to requests whose path ends with {@code pathSuffix} come {@code delay} late. */
    public void slowDown(String pathSuffix, Duration delay) {
        dispatcher.slowDown(pathSuffix, delay);
    }

    /** Stops the server (every watch connection drops) and starts it again on the same port, state kept. */
    public void restart() {
        server.destroy();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
    }

    /** Installs a CRD for {@code context} whose schema keeps unknown fields, with /scale on spec.replicas. */
    public void installCrd(ResourceDefinitionContext context) {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(OmeResources.crdName(context)).endMetadata()
                .withNewSpec()
                .withGroup(context.getGroup())
                .withScope("Namespaced")
                .withNewNames().withKind(context.getKind()).withPlural(context.getPlural())
                .withSingular(context.getKind().toLowerCase()).endNames()
                .addNewVersion().withName(context.getVersion()).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                .withNewSubresources().withNewScale().withSpecReplicasPath(".spec.replicas")
                .withStatusReplicasPath(".status.replicas").endScale().endSubresources()
                .endVersion()
                .endSpec()
                .build();
        admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }

    /** The InferenceService document of one of OME's samples (test resources ome/samples). */
    public GenericKubernetesResource sample(String file) {
        for (String doc : resource("ome/samples/" + file).split("(?m)^---\\s*$")) {
            if (doc.contains("kind: InferenceService")) {
                return admin.getKubernetesSerialization().unmarshal(doc, GenericKubernetesResource.class);
            }
        }
        throw new IllegalStateException("no InferenceService in sample " + file);
    }

    public GenericKubernetesResource create(GenericKubernetesResource isvc) {
        return admin.genericKubernetesResources(OmeResources.INFERENCE_SERVICE)
                .inNamespace(isvc.getMetadata().getNamespace()).resource(isvc).create();
    }

    public GenericKubernetesResource isvc(String ns, String name) {
        return admin.genericKubernetesResources(OmeResources.INFERENCE_SERVICE).inNamespace(ns).withName(name).get();
    }

    /** A Deployment as OME creates it for a component: labels, selector {@code app=<c>}. */
    public Deployment deployment(String ns, String isvc, String component, int replicas) {
        String c = isvc + "-" + component;
        return admin.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(c).withNamespace(ns)
                .addToLabels(OmeResources.ISVC_LABEL, isvc).addToLabels(OmeResources.COMPONENT_LABEL, component)
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", c).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", c).endMetadata()
                .withNewSpec().addNewContainer().withName("ome-container").withImage("engine").endContainer()
                .endSpec().endTemplate()
                .endSpec().build()).create();
    }

    public Deployment getDeployment(String ns, String name) {
        return admin.apps().deployments().inNamespace(ns).withName(name).get();
    }

    public int replicas(String ns, String deployment) {
        Deployment d = getDeployment(ns, deployment);
        return d == null ? -1 : d.getSpec().getReplicas();
    }

    /** A Running and Ready pod of the component. */
    public Pod readyPod(String ns, String isvc, String component, String name) {
        String now = Instant.now().toString();
        return admin.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels(OmeResources.ISVC_LABEL, isvc).addToLabels(OmeResources.COMPONENT_LABEL, component)
                .addToLabels("app", isvc + "-" + component).endMetadata()
                .withNewSpec().addNewContainer().withName("ome-container").withImage("engine").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withStartTime(now)
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(now).endCondition()
                .endStatus().build()).create();
    }

    /**
     * A Running and Ready pod of the component at {@code 127.0.0.1} whose prometheus.io annotations point at
     * {@code metrics} (a loopback exporter), so that telemetry discovery scrapes it.
     */
    public Pod scrapedPod(String ns, String isvc, String component, String name, java.net.URI metrics) {
        String now = Instant.now().toString();
        return admin.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels(OmeResources.ISVC_LABEL, isvc).addToLabels(OmeResources.COMPONENT_LABEL, component)
                .addToLabels("app", isvc + "-" + component)
                .addToAnnotations("prometheus.io/scrape", "true")
                .addToAnnotations("prometheus.io/port", Integer.toString(metrics.getPort()))
                .addToAnnotations("prometheus.io/path", metrics.getPath()).endMetadata()
                .withNewSpec().addNewContainer().withName("ome-container").withImage("engine").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withStartTime(now).withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(now).endCondition()
                .endStatus().build()).create();
    }

    /** A generic object of a CRD installed with {@link #installCrd}: {@code spec.replicas} and labels. */
    public GenericKubernetesResource createGeneric(ResourceDefinitionContext context, String ns, String name,
            Map<String, String> labels, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(context.getGroup() + "/" + context.getVersion());
        r.setKind(context.getKind());
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(ns)
                .withLabels(labels).build());
        r.setAdditionalProperty("spec", new LinkedHashMap<>(spec));
        return admin.genericKubernetesResources(context).inNamespace(ns).resource(r).create();
    }

    public static String resource(String path) {
        try (InputStream in = MockCluster.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.destroy();
        for (AutoCloseable c : afterServer) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + c + " failed", e);
            }
        }
        for (KubernetesClient c : clients) {
            c.close();
        }
        dispatcher.close();
    }
}
