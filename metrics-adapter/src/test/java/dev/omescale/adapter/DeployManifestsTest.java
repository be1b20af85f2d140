package dev.omescale.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.adapter.testing.Https;
import dev.omescale.adapter.testing.TestFleet;
import dev.omescale.adapter.testing.TestPki;
import dev.omescale.scaler.hpa.Quantities;
import dev.omescale.scaler.view.LatestScalingView;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The metrics API's manifests in {@code deploy/} (APIServices, its Service and RBAC in the base, the optional
 * external APIService, the example HPAs): each parses, has the kinds and fields Kubernetes requires, and every
 * example HPA asks the adapter for something it serves (the request the HPA would make is sent to a real adapter).
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final List<Path> FILES = List.of(DEPLOY.resolve("base/apiservice-custom-metrics.yaml"),
            DEPLOY.resolve("components/external-metrics-api/apiservice-external-metrics.yaml"),
            DEPLOY.resolve("base/services.yaml"), DEPLOY.resolve("base/rbac-adapter.yaml"),
            DEPLOY.resolve("base/deployment.yaml"), DEPLOY.resolve("examples/hpa-per-metric-kind.yaml"));
    /** The namespace of the test fleet's pods; the example HPAs are written for qwen3-8b in its own namespace. */
    private static final String FLEET_NAMESPACE = "llm";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    static final Map<String, List<JsonNode>> BY_KIND = new java.util.TreeMap<>();
    static MetricsAdapterServer server;
    static Https client;

    @BeforeAll
    static void read() throws Exception {
        for (Path file : FILES) {
            for (JsonNode doc : documents(file)) {
                assertThat(doc.path("apiVersion").asString()).as(file + " apiVersion").isNotEmpty();
                assertThat(doc.path("metadata").path("name").asString()).as(file + " metadata.name").isNotEmpty();
                BY_KIND.computeIfAbsent(doc.path("kind").asString(), k -> new ArrayList<>()).add(doc);
            }
        }
        server = MetricsAdapterServer.start(new AdapterConfig("127.0.0.1", 0, TlsConfig.selfSigned(List.of()),
                AuthenticationConfig.none(), Duration.ofSeconds(60)), new LatestScalingView(TestFleet.snapshot()),
                null, TestFleet.CLOCK);
        client = new Https(server.url(), TestPki.anonymousContext(server.servingCertificate()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(Files.readString(file))) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static List<String> names(String kind) {
        return BY_KIND.getOrDefault(kind, List.of()).stream().map(d -> d.get("metadata").get("name").asString()).toList();
    }

    @Test
    void theExpectedObjectsAreThere() {
        assertThat(BY_KIND.keySet()).containsExactly("APIService", "ClusterRoleBinding", "Deployment",
                "HorizontalPodAutoscaler", "RoleBinding", "Service");
        assertThat(names("APIService")).containsExactlyInAnyOrder("v1beta1.custom.metrics.k8s.io",
                "v1beta2.custom.metrics.k8s.io", "v1beta1.external.metrics.k8s.io");
        assertThat(names("HorizontalPodAutoscaler")).hasSize(3);
    }

    @Test
    void apiServicesPointAtTheServiceWithTheRequiredFields() {
        JsonNode service = BY_KIND.get("Service").stream()
                .filter(s -> s.get("metadata").get("name").asString().equals("omescale-metrics")).findFirst().orElseThrow();
        Map<String, Integer> priority = new java.util.HashMap<>();
        for (JsonNode api : BY_KIND.get("APIService")) {
            assertThat(api.get("apiVersion").asString()).isEqualTo("apiregistration.k8s.io/v1");
            JsonNode spec = api.get("spec");
            String name = api.get("metadata").get("name").asString();
            assertThat(name).isEqualTo(spec.get("version").asString() + "." + spec.get("group").asString());
            assertThat(spec.get("group").asString()).isIn("custom.metrics.k8s.io", "external.metrics.k8s.io");
            assertThat(spec.get("groupPriorityMinimum").asInt()).isPositive();
            assertThat(spec.get("versionPriority").asInt()).isPositive();
            assertThat(spec.get("service").get("name").asString()).isEqualTo(service.get("metadata").get("name").asString());
            assertThat(spec.get("service").get("namespace").asString())
                    .isEqualTo(service.get("metadata").get("namespace").asString());
            assertThat(spec.get("service").get("port").asInt()).isEqualTo(service.get("spec").get("ports").get(0).get("port").asInt());
            assertThat(spec.has("insecureSkipTLSVerify")).as(name + " must not skip TLS verification").isFalse();
            if (spec.has("caBundle")) {
                Base64.getDecoder().decode(spec.get("caBundle").asString());
            } else {
                assertThat(api.get("metadata").get("annotations").get("cert-manager.io/inject-ca-from").asString())
                        .as(name + " needs a caBundle or cert-manager's injection").isNotEmpty();
            }
            priority.put(name, spec.get("versionPriority").asInt());
        }
        assertThat(priority.get("v1beta2.custom.metrics.k8s.io")).isGreaterThan(priority.get("v1beta1.custom.metrics.k8s.io"));
        // The Service's named targetPort is the Deployment's container port, the adapter's default port.
        String targetPort = service.get("spec").get("ports").get(0).get("targetPort").asString();
        JsonNode container = BY_KIND.get("Deployment").get(0).get("spec").get("template").get("spec").get("containers").get(0);
        List<Integer> matching = new ArrayList<>();
        container.get("ports").forEach(p -> {
            if (p.get("name").asString().equals(targetPort)) {
                matching.add(p.get("containerPort").asInt());
            }
        });
        assertThat(matching).as("container port named " + targetPort).containsExactly(AdapterConfig.DEFAULT_PORT);
    }

    @Test
    void theExternalApiServiceWarnsAboutKeda() throws IOException {
        String text = Files.readString(DEPLOY.resolve("components/external-metrics-api/apiservice-external-metrics.yaml"));
        assertThat(text).contains("OPTIONAL", "only ONE APIService v1beta1.external.metrics.k8s.io", "KEDA");
    }

    @Test
    void rbacBindsTheAggregatedApiServerRoles() {
        assertThat(BY_KIND.get("RoleBinding").get(0).get("roleRef").get("name").asString())
                .isEqualTo("extension-apiserver-authentication-reader");
        assertThat(BY_KIND.get("RoleBinding").get(0).get("metadata").get("namespace").asString()).isEqualTo("kube-system");
        assertThat(BY_KIND.get("ClusterRoleBinding").get(0).get("roleRef").get("name").asString())
                .isEqualTo("system:auth-delegator");
    }

    @Test
    void oneExampleHpaPerMetricSourceAndTheAdapterServesEach() throws Exception {
        List<String> types = new ArrayList<>();
        for (JsonNode hpa : BY_KIND.get("HorizontalPodAutoscaler")) {
            assertThat(hpa.get("apiVersion").asString()).isEqualTo("autoscaling/v2");
            JsonNode spec = hpa.get("spec");
            assertThat(hpa.get("metadata").get("namespace").asString()).isEqualTo("qwen3-8b");
            String namespace = FLEET_NAMESPACE;
            JsonNode target = spec.get("scaleTargetRef");
            assertThat(target.get("apiVersion").asString()).isEqualTo("apps/v1");
            assertThat(target.get("kind").asString()).isEqualTo("Deployment");
            assertThat(spec.get("minReplicas").asInt()).isBetween(1, spec.get("maxReplicas").asInt());
            assertThat(spec.get("metrics")).hasSize(1);
            JsonNode metric = spec.get("metrics").get(0);
            String type = metric.get("type").asString();
            types.add(type);
            JsonNode source = metric.get(type.substring(0, 1).toLowerCase() + type.substring(1));
            String name = source.get("metric").get("name").asString();
            String metricSelector = selectorText(source.get("metric").get("selector"));
            // Each target's quantity is one the HPA can read.
            JsonNode t = source.get("target");
            Quantities.milli(t.get(t.get("type").asString().equals("Value") ? "value" : "averageValue").asString());
            String path = switch (type) {
                // The HPA's request for a Pods metric: the Deployment's selector (OME: app=<component object>).
                case "Pods" -> "/apis/custom.metrics.k8s.io/v1beta2/namespaces/" + namespace + "/pods/*/" + name
                        + "?labelSelector=" + q("app=" + target.get("name").asString())
                        + "&metricLabelSelector=" + q(metricSelector);
                case "Object" -> {
                    JsonNode described = source.get("describedObject");
                    assertThat(described.get("apiVersion").asString()).isEqualTo("ome.io/v1beta1");
                    assertThat(described.get("kind").asString()).isEqualTo("InferenceService");
                    yield "/apis/custom.metrics.k8s.io/v1beta2/namespaces/" + namespace + "/inferenceservices.ome.io/"
                            + described.get("name").asString() + "/" + name + "?metricLabelSelector=" + q(metricSelector);
                }
                case "External" -> "/apis/external.metrics.k8s.io/v1beta1/namespaces/" + namespace + "/" + name
                        + "?labelSelector=" + q(metricSelector);
                default -> throw new AssertionError("unexpected metric type " + type);
            };
            Https.Response r = client.get(path);
            assertThat(r.status()).as(hpa.get("metadata").get("name").asString() + ": GET " + path + " → " + r.body())
                    .isEqualTo(200);
            assertThat(r.json().get("items")).isNotEmpty();
        }
        assertThat(types).containsExactly("Pods", "Object", "External");
    }

    private static String selectorText(JsonNode selector) {
        if (selector == null || selector.isNull()) {
            return "";
        }
        assertThat(selector.has("matchExpressions")).as("examples use matchLabels").isFalse();
        return selector.get("matchLabels").properties().stream()
                .map(e -> e.getKey() + "=" + e.getValue().asString())
                .collect(Collectors.joining(","));
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
