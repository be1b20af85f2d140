package dev.omescale.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.adapter.testing.Https;
import dev.omescale.adapter.testing.TestFleet;
import dev.omescale.adapter.testing.TestPki;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Every route over real HTTPS on loopback, authenticated as the aggregator would be (front-proxy certificate). */
class MetricsApiHttpsTest {
    private static final Map<String, String> AS_HPA = Map.of("X-Remote-User", "system:serviceaccount:kube-system:"
            + "horizontal-pod-autoscaler", "X-Remote-Group", "system:serviceaccounts");
    private static final String V1BETA2 = "/apis/custom.metrics.k8s.io/v1beta2";
    private static final String V1BETA1 = "/apis/custom.metrics.k8s.io/v1beta1";
    private static final String EXTERNAL = "/apis/external.metrics.k8s.io/v1beta1";

    @TempDir
    static Path dir;
    static MetricsAdapterServer server;
    static Https client;
    static TestPki.Authority servingCa;
    static TestPki.Issued frontProxy;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = new TestPki(dir);
        servingCa = pki.authority("omescale-serving-ca");
        TestPki.Issued serving = servingCa.server("CN=omescale-metrics");
        TestPki.Authority frontProxyCa = pki.authority("front-proxy-ca");
        frontProxy = frontProxyCa.client("CN=front-proxy-client");
        AdapterConfig config = new AdapterConfig("127.0.0.1", 0, TlsConfig.pem(serving.certPem(), serving.keyPem()),
                AuthenticationConfig.frontProxy(frontProxyCa.pem(), List.of("front-proxy-client")),
                Duration.ofSeconds(60));
        server = MetricsAdapterServer.start(config, new LatestScalingView(TestFleet.snapshot()), null,
                TestFleet.CLOCK);
        client = new Https(server.url(), frontProxy.clientContext(servingCa.certificate()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Https.Response get(String path) throws Exception {
        return client.get(path, AS_HPA);
    }

    private static JsonNode ok(String path) throws Exception {
        Https.Response r = get(path);
        assertThat(r.status()).as(path + " → " + r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        return r.json();
    }

    private static JsonNode failure(String path, int code, String reason) throws Exception {
        Https.Response r = get(path);
        assertThat(r.status()).as(path + " → " + r.body()).isEqualTo(code);
        JsonNode status = r.json();
        assertThat(status.get("kind").asString()).isEqualTo("Status");
        assertThat(status.get("apiVersion").asString()).isEqualTo("v1");
        assertThat(status.get("status").asString()).isEqualTo("Failure");
        assertThat(status.get("reason").asString()).isEqualTo(reason);
        assertThat(status.get("code").asInt()).isEqualTo(code);
        return status;
    }

    private static String message(JsonNode status) {
        return status.get("message").asString();
    }

    private static String q(String selector) {
        return URLEncoder.encode(selector, StandardCharsets.UTF_8);
    }

    // --- discovery ---

    @Test
    void groupListAndGroupsNameBothGroupsWithV1beta2Preferred() throws Exception {
        JsonNode apis = ok("/apis");
        assertThat(apis.get("kind").asString()).isEqualTo("APIGroupList");
        assertThat(apis.get("groups").findValuesAsString("name"))
                .containsExactly("custom.metrics.k8s.io", "external.metrics.k8s.io");
        JsonNode custom = ok("/apis/custom.metrics.k8s.io");
        assertThat(custom.get("kind").asString()).isEqualTo("APIGroup");
        assertThat(custom.get("preferredVersion").get("groupVersion").asString())
                .isEqualTo("custom.metrics.k8s.io/v1beta2");
        assertThat(custom.get("versions").findValuesAsString("version")).containsExactly("v1beta2", "v1beta1");
        assertThat(ok("/apis/external.metrics.k8s.io").get("preferredVersion").get("version").asString())
                .isEqualTo("v1beta1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1beta1", "v1beta2"})
    void customResourceListsEverySignalForEveryResource(String version) throws Exception {
        JsonNode list = ok("/apis/custom.metrics.k8s.io/" + version);
        assertThat(list.get("kind").asString()).isEqualTo("APIResourceList");
        assertThat(list.get("apiVersion").asString()).isEqualTo("v1");
        assertThat(list.get("groupVersion").asString()).isEqualTo("custom.metrics.k8s.io/" + version);
        List<String> expected = new ArrayList<>();
        for (String resource : List.of("pods", "inferenceservices.ome.io", "deployments.apps", "namespaces")) {
            for (String signal : SignalCatalog.standard().names()) {
                expected.add(resource + "/" + signal);
            }
        }
        JsonNode resources = list.get("resources");
        assertThat(resources.findValuesAsString("name")).containsExactlyElementsOf(expected);
        for (JsonNode r : resources) {
            assertThat(r.get("kind").asString()).isEqualTo("MetricValueList");
            assertThat(r.get("verbs").toString()).isEqualTo("[\"get\"]");
            assertThat(r.get("singularName").asString()).isEmpty();
            assertThat(r.get("namespaced").asBoolean()).isEqualTo(!r.get("name").asString().startsWith("namespaces/"));
        }
    }

    @Test
    void externalResourceListHasEverySignalAndDesiredReplicas() throws Exception {
        JsonNode list = ok(EXTERNAL);
        List<String> expected = new ArrayList<>(SignalCatalog.standard().names());
        expected.add("desired_replicas");
        assertThat(list.get("resources").findValuesAsString("name")).containsExactlyElementsOf(expected);
        for (JsonNode r : list.get("resources")) {
            assertThat(r.get("kind").asString()).isEqualTo("ExternalMetricValueList");
            assertThat(r.get("namespaced").asBoolean()).isTrue();
        }
    }

    // --- pods/* ---

    @Test
    void podsMetricV1beta2IsOneItemPerMatchingPod() throws Exception {
        JsonNode list = ok(V1BETA2 + "/namespaces/llm/pods/*/queue_length?labelSelector=" + q("app=qwen3-8b-engine"));
        assertThat(list).isEqualTo(Https.parse("""
                {"kind": "MetricValueList", "apiVersion": "custom.metrics.k8s.io/v1beta2", "metadata": {},
                 "items": [
                  {"describedObject": {"kind": "Pod", "namespace": "llm", "name": "qwen3-8b-engine-0", "apiVersion": "v1"},
                   "metric": {"name": "queue_length", "selector": null},
                   "timestamp": "2026-01-05T09:59:55Z", "windowSeconds": 30, "value": "2500m"},
                  {"describedObject": {"kind": "Pod", "namespace": "llm", "name": "qwen3-8b-engine-1", "apiVersion": "v1"},
                   "metric": {"name": "queue_length", "selector": null},
                   "timestamp": "2026-01-05T09:59:55Z", "windowSeconds": 30, "value": "1"}]}
                """));
    }

    @Test
    void podsMetricV1beta1HasTheFlatFields() throws Exception {
        JsonNode list = ok(V1BETA1 + "/namespaces/llm/pods/*/queue_length?labelSelector=" + q("app=qwen3-8b-engine"));
        assertThat(list).isEqualTo(Https.parse("""
                {"kind": "MetricValueList", "apiVersion": "custom.metrics.k8s.io/v1beta1", "metadata": {},
                 "items": [
                  {"describedObject": {"kind": "Pod", "namespace": "llm", "name": "qwen3-8b-engine-0", "apiVersion": "v1"},
                   "metricName": "queue_length", "timestamp": "2026-01-05T09:59:55Z", "window": 30,
                   "value": "2500m", "selector": null},
                  {"describedObject": {"kind": "Pod", "namespace": "llm", "name": "qwen3-8b-engine-1", "apiVersion": "v1"},
                   "metricName": "queue_length", "timestamp": "2026-01-05T09:59:55Z", "window": 30,
                   "value": "1", "selector": null}]}
                """));
    }

    @Test
    void podsWithoutDataAreLeftOutNotZeroed() throws Exception {
        JsonNode list = ok(V1BETA2 + "/namespaces/llm/pods/*/queue_length?labelSelector="
                + q("ome.io/inferenceservice=qwen3-8b,component=decoder"));
        assertThat(list.get("items").findValuesAsString("name")).containsExactly("qwen3-8b-decoder-0", "queue_length");
        assertThat(list.get("items").get(0).get("value").asString()).isEqualTo("500m");
    }

    @Test
    void answersOfOrdinarySizeAreNotCompressed() throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(AS_HPA);
        headers.put("Accept-Encoding", "gzip");
        Https.Response r = client.get(V1BETA2 + "/namespaces/llm/pods/*/queue_length", headers);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentEncoding()).isEmpty();
        assertThat(r.json().get("items")).hasSize(3);
    }

    @Test
    void setSelectorsAndNamespaces() throws Exception {
        JsonNode list = ok(V1BETA2 + "/namespaces/llm/pods/*/kv_cache_utilization?labelSelector="
                + q("component in (engine, decoder), ome.io/inferenceservice notin (llama)"));
        assertThat(list.get("items").findValues("describedObject")).extracting(o -> o.get("name").asString())
                .containsExactly("qwen3-8b-decoder-0", "qwen3-8b-engine-0", "qwen3-8b-engine-1");
        assertThat(list.get("items").findValuesAsString("value")).contains("800m", "500m", "300m");
        // No selector: every pod of the namespace with data; the other namespace's pod never appears.
        JsonNode all = ok(V1BETA2 + "/namespaces/llm/pods/*/queue_length");
        assertThat(all.get("items").findValues("describedObject")).extracting(o -> o.get("name").asString())
                .containsExactly("qwen3-8b-decoder-0", "qwen3-8b-engine-0", "qwen3-8b-engine-1");
        assertThat(ok(V1BETA2 + "/namespaces/other/pods/*/queue_length").get("items").get(0).get("value").asString())
                .isEqualTo("9");
    }

    @Test
    void metricLabelSelectorIsEchoedAsALabelSelector() throws Exception {
        String path = "/namespaces/llm/pods/*/queue_length?labelSelector=" + q("app=qwen3-8b-engine")
                + "&metricLabelSelector=" + q("component=engine,inferenceservice in (qwen3-8b)");
        JsonNode expected = Https.parse("""
                {"matchLabels": {"component": "engine"},
                 "matchExpressions": [{"key": "inferenceservice", "operator": "In", "values": ["qwen3-8b"]}]}""");
        assertThat(ok(V1BETA2 + path).get("items").get(0).get("metric").get("selector")).isEqualTo(expected);
        assertThat(ok(V1BETA1 + path).get("items").get(0).get("selector")).isEqualTo(expected);
        failure(V1BETA2 + "/namespaces/llm/pods/*/queue_length?metricLabelSelector=" + q("component=router"),
                404, "NotFound");
    }

    @Test
    void podsErrors() throws Exception {
        String none = message(failure(V1BETA2 + "/namespaces/llm/pods/*/queue_length?labelSelector="
                + q("app=nothing"), 404, "NotFound"));
        assertThat(none).contains("no pod matches labelSelector 'app=nothing'", "qwen3-8b-engine-0{");
        String bad = message(failure(V1BETA2 + "/namespaces/llm/pods/*/queue_length?labelSelector="
                + q("app in qwen"), 400, "BadRequest"));
        assertThat(bad).contains("invalid labelSelector 'app in qwen' at position 7: expected '(' after 'in'");
        assertThat(message(failure(V1BETA2 + "/namespaces/llm/pods/*/queue_length?metricLabelSelector="
                + q("component=="), 404, "NotFound"))).contains("no pod matches");
        String stale = message(failure(V1BETA2 + "/namespaces/llm/pods/*/queue_length?labelSelector="
                + q("app=llama-engine"), 503, "ServiceUnavailable"));
        assertThat(stale).contains("no fresh data", "llama-engine-0: no fresh samples (oldest 95s > max age 1m)");
        assertThat(message(failure(V1BETA2 + "/namespaces/nowhere/pods/*/queue_length", 404, "NotFound")))
                .contains("no pods in namespace nowhere");
        String unknown = message(failure(V1BETA2 + "/namespaces/llm/pods/*/queue_lenght", 404, "NotFound"));
        assertThat(unknown).contains("metric queue_lenght is not served", "queue_length");
        assertThat(message(failure(V1BETA2 + "/namespaces/llm/pods/*/desired_replicas", 404, "NotFound")))
                .contains("served by the external metrics API");
    }

    // --- object metrics ---

    @Test
    void inferenceServiceGivesItsEngineByDefault() throws Exception {
        JsonNode list = ok(V1BETA2 + "/namespaces/llm/inferenceservices.ome.io/qwen3-8b/ttft_p95_seconds");
        assertThat(list).isEqualTo(Https.parse("""
                {"kind": "MetricValueList", "apiVersion": "custom.metrics.k8s.io/v1beta2", "metadata": {},
                 "items": [{"describedObject": {"kind": "InferenceService", "namespace": "llm", "name": "qwen3-8b",
                                                "apiVersion": "ome.io/v1beta1"},
                            "metric": {"name": "ttft_p95_seconds", "selector": null},
                            "timestamp": "2026-01-05T09:59:55Z", "windowSeconds": 30, "value": "250m"}]}
                """));
    }

    @Test
    void metricLabelSelectorChoosesTheComponent() throws Exception {
        String base = V1BETA1 + "/namespaces/llm/inferenceservices.ome.io/qwen3-8b/ttft_p95_seconds?metricLabelSelector=";
        JsonNode item = ok(base + q("component=decoder")).get("items").get(0);
        assertThat(item.get("value").asString()).isEqualTo("600m");
        assertThat(item.get("metricName").asString()).isEqualTo("ttft_p95_seconds");
        assertThat(item.get("selector")).isEqualTo(Https.parse("{\"matchLabels\": {\"component\": \"decoder\"}}"));
        assertThat(message(failure(base + q("component in (engine,decoder)"), 400, "BadRequest")))
                .contains("matches decoder and engine", "select one component");
        assertThat(message(failure(base + q("component=router"), 404, "NotFound")))
                .contains("matches none of its components (decoder, engine)");
        assertThat(message(failure(V1BETA2 + "/namespaces/llm/inferenceservices.ome.io/mistral/queue_length",
                404, "NotFound"))).contains("InferenceService llm/mistral", "llama, qwen3-8b");
    }

    @Test
    void deploymentGivesItsComponent() throws Exception {
        JsonNode item = ok(V1BETA2 + "/namespaces/llm/deployments.apps/qwen3-8b-engine/queue_length")
                .get("items").get(0);
        assertThat(item.get("describedObject")).isEqualTo(Https.parse(
                "{\"kind\": \"Deployment\", \"namespace\": \"llm\", \"name\": \"qwen3-8b-engine\", \"apiVersion\": \"apps/v1\"}"));
        assertThat(item.get("value").asString()).isEqualTo("3500m");
        assertThat(item.get("timestamp").asString()).isEqualTo(TestFleet.FRESH_TEXT);
        assertThat(ok(V1BETA2 + "/namespaces/llm/deployments.apps/qwen3-8b-decoder/kv_cache_utilization")
                .get("items").get(0).get("value").asString()).isEqualTo("800m");
        assertThat(message(failure(V1BETA2 + "/namespaces/llm/deployments.apps/qwen3-8b-router/queue_length",
                404, "NotFound"))).contains("no InferenceService component of omescale is named qwen3-8b-router");
    }

    @Test
    void partialTotalsAndStaleComponentsAreUnavailable() throws Exception {
        String partial = message(failure(V1BETA2 + "/namespaces/llm/deployments.apps/qwen3-8b-decoder/queue_length",
                503, "ServiceUnavailable"));
        assertThat(partial).contains("Deployment llm/qwen3-8b-decoder", "only 1 of 2 pods have data",
                "pods/*/queue_length");
        String stale = message(failure(V1BETA2 + "/namespaces/llm/inferenceservices.ome.io/llama/queue_length",
                503, "ServiceUnavailable"));
        assertThat(stale).contains("no fresh samples (oldest 95s > max age 1m)");
        assertThat(message(failure(V1BETA2 + "/namespaces/llm/inferenceservices.ome.io/qwen3-8b/gpu_utilization",
                503, "ServiceUnavailable"))).contains("no data");
    }

    @Test
    void onePodAsAnObject() throws Exception {
        JsonNode item = ok(V1BETA1 + "/namespaces/llm/pods/qwen3-8b-engine-1/running_requests").get("items").get(0);
        assertThat(item.get("describedObject").get("kind").asString()).isEqualTo("Pod");
        assertThat(item.get("value").asString()).isEqualTo("3");
        assertThat(message(failure(V1BETA1 + "/namespaces/llm/pods/qwen3-8b-decoder-1/queue_length", 503,
                "ServiceUnavailable"))).contains("has not answered yet");
        failure(V1BETA1 + "/namespaces/llm/pods/ghost/queue_length", 404, "NotFound");
    }

    // --- namespace metrics ---

    @Test
    void namespaceMetricsAggregateByTheSignalsMeaning() throws Exception {
        JsonNode avg = ok(V1BETA2 + "/namespaces/llm/metrics/kv_cache_utilization").get("items").get(0);
        assertThat(avg.get("describedObject")).isEqualTo(Https.parse(
                "{\"kind\": \"Namespace\", \"name\": \"llm\", \"apiVersion\": \"v1\"}"));
        // (0.4 × 2 pods + 0.8 × 1 pod) / 3 pods; the stale llama component is left out of a ratio.
        assertThat(avg.get("value").asString()).isEqualTo("533m");
        assertThat(ok(V1BETA1 + "/namespaces/llm/metrics/ttft_p95_seconds").get("items").get(0).get("value")
                .asString()).isEqualTo("600m");
        // A total needs every component.
        assertThat(message(failure(V1BETA2 + "/namespaces/llm/metrics/queue_length", 503, "ServiceUnavailable")))
                .contains("namespace llm", "llama engine: no fresh samples");
        assertThat(ok(V1BETA2 + "/namespaces/llm/metrics/queue_length?metricLabelSelector="
                + q("inferenceservice=qwen3-8b,component=engine")).get("items").get(0).get("value").asString())
                .isEqualTo("3500m");
        failure(V1BETA2 + "/namespaces/empty/metrics/queue_length", 404, "NotFound");
    }

    // --- external metrics ---

    @Test
    void externalSignalForOneComponent() throws Exception {
        JsonNode list = ok(EXTERNAL + "/namespaces/llm/queue_length?labelSelector="
                + q("inferenceservice=qwen3-8b,component=engine"));
        assertThat(list).isEqualTo(Https.parse("""
                {"kind": "ExternalMetricValueList", "apiVersion": "external.metrics.k8s.io/v1beta1", "metadata": {},
                 "items": [{"metricName": "queue_length",
                            "metricLabels": {"component": "engine", "inferenceservice": "qwen3-8b"},
                            "timestamp": "2026-01-05T09:59:55Z", "window": 30, "value": "3500m"}]}
                """));
    }

    @Test
    void desiredReplicasIsTheDecision() throws Exception {
        JsonNode list = ok(EXTERNAL + "/namespaces/llm/desired_replicas?labelSelector="
                + q("inferenceservice=qwen3-8b,component=engine"));
        assertThat(list).isEqualTo(Https.parse("""
                {"kind": "ExternalMetricValueList", "apiVersion": "external.metrics.k8s.io/v1beta1", "metadata": {},
                 "items": [{"metricName": "desired_replicas",
                            "metricLabels": {"component": "engine", "inferenceservice": "qwen3-8b"},
                            "timestamp": "2026-01-05T09:59:57Z", "value": "4"}]}
                """));
        // A component at zero replicas has a decision but no telemetry.
        assertThat(ok(EXTERNAL + "/namespaces/llm/desired_replicas?labelSelector="
                + q("inferenceservice=sleepy,component=engine")).get("items").get(0).get("value").asString())
                .isEqualTo("1");
        assertThat(message(failure(EXTERNAL + "/namespaces/llm/desired_replicas?labelSelector="
                + q("inferenceservice=llama,component=engine"), 503, "ServiceUnavailable")))
                .contains("the last decision is stale (120s old > max age 1m)");
        assertThat(message(failure(EXTERNAL + "/namespaces/llm/desired_replicas?labelSelector="
                + q("inferenceservice=qwen3-8b,component=router"), 503, "ServiceUnavailable")))
                .contains("no decision yet");
    }

    @Test
    void externalSelectorsAndErrors() throws Exception {
        JsonNode both = ok(EXTERNAL + "/namespaces/llm/desired_replicas?labelSelector=" + q("inferenceservice=qwen3-8b"));
        assertThat(both.get("items").findValuesAsString("value")).containsExactly("2", "4");
        // One stale series among the matches fails the whole answer: the HPA would add the rest up.
        assertThat(message(failure(EXTERNAL + "/namespaces/llm/ttft_p95_seconds?labelSelector=" + q("component=engine"),
                503, "ServiceUnavailable"))).contains("llama engine: no fresh samples");
        assertThat(message(failure(EXTERNAL + "/namespaces/llm/queue_length?labelSelector=" + q("inferenceservice=nope"),
                404, "NotFound"))).contains("no series matches", "{inferenceservice=qwen3-8b,component=engine}");
        failure(EXTERNAL + "/namespaces/llm/queue_length?labelSelector=" + q("inferenceservice in qwen"), 400,
                "BadRequest");
        assertThat(message(failure(EXTERNAL + "/namespaces/llm/no_such_metric", 404, "NotFound")))
                .contains("desired_replicas");
        assertThat(ok(EXTERNAL + "/namespaces/other/queue_length").get("items").get(0).get("value").asString())
                .isEqualTo("9");
    }

    // --- routing errors ---

    @Test
    void unknownPathsVersionsAndResourcesAreStatus404() throws Exception {
        assertThat(message(failure("/apis/custom.metrics.k8s.io/v1/namespaces/llm/pods/*/queue_length", 404,
                "NotFound"))).contains("version v1", "v1beta2");
        assertThat(message(failure(V1BETA2 + "/namespaces/llm/services/web/queue_length", 404, "NotFound")))
                .contains("resource services has no metrics here");
        assertThat(message(failure(V1BETA2 + "/namespaces/llm/deployments.apps/*/queue_length", 404, "NotFound")))
                .contains("use pods/*/queue_length");
        assertThat(message(failure(V1BETA2 + "/nodes/node-1/gpu_utilization", 404, "NotFound")))
                .contains("cluster-scoped");
        assertThat(message(failure("/apis/metrics.k8s.io/v1beta1/pods", 404, "NotFound")))
                .contains("could not find the requested resource");
        failure(EXTERNAL + "/queue_length", 404, "NotFound");
        failure(EXTERNAL + "/namespaces/llm/a/b", 404, "NotFound");
    }

    @Test
    void onlyGetIsServed() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(frontProxy.clientContext(servingCa.certificate())).build();
        HttpRequest.Builder post = HttpRequest.newBuilder(server.url().resolve(V1BETA2 + "/namespaces/llm/pods/*/queue_length"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        AS_HPA.forEach(post::header);
        HttpResponse<String> r = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        JsonNode status = Https.parse(r.body());
        assertThat(status.get("reason").asString()).isEqualTo("MethodNotAllowed");
        assertThat(status.get("message").asString()).contains("only GET is served");
    }

    // --- health and TLS ---

    @ParameterizedTest
    @ValueSource(strings = {"/healthz", "/livez", "/readyz"})
    void healthChecksNeedNoCertificate(String path) throws Exception {
        Https anonymous = new Https(server.url(), TestPki.anonymousContext(servingCa.certificate()));
        Https.Response r = anonymous.get(path);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
    }

    @Test
    void onlyTls12AndTls13AreEnabled() throws Exception {
        assertThat(server.tlsProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            SSLParameters only = new SSLParameters();
            only.setProtocols(new String[] {protocol});
            HttpClient http = HttpClient.newBuilder().sslContext(TestPki.anonymousContext(servingCa.certificate()))
                    .sslParameters(only).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession()).get().extracting(javax.net.ssl.SSLSession::getProtocol).isEqualTo(protocol);
        }
    }
}
