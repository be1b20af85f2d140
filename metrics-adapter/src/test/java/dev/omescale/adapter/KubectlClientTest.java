package dev.omescale.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.adapter.security.RequestHeaderSettings;
import dev.omescale.adapter.security.UserInfo;
import dev.omescale.adapter.testing.Https;
import dev.omescale.adapter.testing.TestFleet;
import dev.omescale.adapter.testing.TestPki;
import dev.omescale.scaler.view.LatestScalingView;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * kubectl, Kubernetes' own Go client, against the adapter: a kubeconfig with the serving CA and a client
 * certificate (or a bearer token), and {@code kubectl get --raw} for discovery, pods, object and external metrics.
 */
class KubectlClientTest {
    static final Path KUBECTL = Path.of(System.getenv().getOrDefault("OMESCALE_KUBECTL", "/usr/bin/kubectl"));

    @TempDir
    static Path dir;
    static MetricsAdapterServer server;
    static Path certKubeconfig;
    static Path tokenKubeconfig;
    static Path frontProxyKubeconfig;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(KUBECTL)) {
            throw new IllegalStateException("kubectl not found at " + KUBECTL + "; install it (Debian:"
                    + " 'apt-get install -y kubernetes-client'; bash .ci/run does) or point OMESCALE_KUBECTL at one");
        }
        TestPki pki = new TestPki(dir);
        TestPki.Authority servingCa = pki.authority("serving-ca");
        TestPki.Issued serving = servingCa.server("CN=omescale-metrics");
        TestPki.Authority frontProxyCa = pki.authority("front-proxy-ca");
        TestPki.Authority clientCa = pki.authority("client-ca");
        AuthenticationConfig auth = new AuthenticationConfig(true, frontProxyCa.pem(),
                RequestHeaderSettings.defaults(List.of("front-proxy-client")), clientCa.pem(), true);
        server = MetricsAdapterServer.start(new AdapterConfig("127.0.0.1", 0,
                        TlsConfig.pem(serving.certPem(), serving.keyPem()), auth, Duration.ofSeconds(60)),
                new LatestScalingView(TestFleet.snapshot()),
                token -> token.equals("kubectl-token") ? Optional.of(new UserInfo("dev", List.of(), Map.of()))
                        : Optional.empty(),
                TestFleet.CLOCK);
        TestPki.Issued user = clientCa.client("CN=kubectl-user,O=omescale-readers");
        certKubeconfig = kubeconfig("cert", servingCa.pem(), "client-certificate: " + user.certPem()
                + "\n    client-key: " + user.keyPem());
        tokenKubeconfig = kubeconfig("token", servingCa.pem(), "token: kubectl-token");
        TestPki.Issued proxy = frontProxyCa.client("CN=front-proxy-client");
        frontProxyKubeconfig = kubeconfig("proxy", servingCa.pem(), "client-certificate: " + proxy.certPem()
                + "\n    client-key: " + proxy.keyPem());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path kubeconfig(String name, Path ca, String userFields) throws IOException {
        Path file = dir.resolve(name + ".kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: adapter
                  cluster:
                    server: %s
                    certificate-authority: %s
                users:
                - name: reader
                  user:
                    %s
                contexts:
                - name: adapter
                  context: {cluster: adapter, user: reader}
                current-context: adapter
                """.formatted(server.url(), ca, userFields));
        return file;
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run kubectl(Path kubeconfig, String rawPath) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--request-timeout", "20s", "get", "--raw", rawPath));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", dir.toString());
        Path out = dir.resolve("kubectl.out");
        Path err = dir.resolve("kubectl.err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl did not finish: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static JsonNode raw(Path kubeconfig, String path) throws Exception {
        Run run = kubectl(kubeconfig, path);
        assertThat(run.exit()).as("kubectl get --raw " + path + ": " + run.stderr()).isZero();
        return Https.parse(run.stdout());
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void discovery() throws Exception {
        JsonNode list = raw(certKubeconfig, "/apis/custom.metrics.k8s.io/v1beta2");
        assertThat(list.get("kind").asString()).isEqualTo("APIResourceList");
        assertThat(list.get("resources").findValuesAsString("name"))
                .contains("pods/queue_length", "inferenceservices.ome.io/ttft_p95_seconds",
                        "deployments.apps/kv_cache_utilization", "namespaces/queue_length");
        assertThat(raw(certKubeconfig, "/apis/external.metrics.k8s.io/v1beta1").get("resources")
                .findValuesAsString("name")).contains("desired_replicas");
        assertThat(raw(certKubeconfig, "/apis").get("groups").findValuesAsString("name"))
                .containsExactly("custom.metrics.k8s.io", "external.metrics.k8s.io");
    }

    @Test
    void podsMetric() throws Exception {
        JsonNode list = raw(certKubeconfig, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/pods/*/queue_length"
                + "?labelSelector=" + q("app=qwen3-8b-engine"));
        assertThat(list.get("items")).hasSize(2);
        assertThat(list.get("items").get(0).get("describedObject").get("name").asString())
                .isEqualTo("qwen3-8b-engine-0");
        assertThat(list.get("items").findValuesAsString("value")).containsExactly("2500m", "1");
        assertThat(list.get("items").get(0).get("timestamp").asString()).isEqualTo(TestFleet.FRESH_TEXT);
    }

    @Test
    void objectMetrics() throws Exception {
        JsonNode isvc = raw(certKubeconfig, "/apis/custom.metrics.k8s.io/v1beta1/namespaces/llm/"
                + "inferenceservices.ome.io/qwen3-8b/ttft_p95_seconds");
        assertThat(isvc.get("items").get(0).get("metricName").asString()).isEqualTo("ttft_p95_seconds");
        assertThat(isvc.get("items").get(0).get("value").asString()).isEqualTo("250m");
        JsonNode deployment = raw(tokenKubeconfig, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/"
                + "deployments.apps/qwen3-8b-engine/queue_length");
        assertThat(deployment.get("items").get(0).get("describedObject").get("apiVersion").asString())
                .isEqualTo("apps/v1");
        assertThat(deployment.get("items").get(0).get("value").asString()).isEqualTo("3500m");
    }

    @Test
    void externalMetrics() throws Exception {
        JsonNode list = raw(tokenKubeconfig, "/apis/external.metrics.k8s.io/v1beta1/namespaces/llm/desired_replicas"
                + "?labelSelector=" + q("inferenceservice=qwen3-8b,component=engine"));
        assertThat(list.get("kind").asString()).isEqualTo("ExternalMetricValueList");
        assertThat(list.get("items").get(0).get("value").asString()).isEqualTo("4");
        assertThat(list.get("items").get(0).get("metricLabels").get("component").asString()).isEqualTo("engine");
    }

    @Test
    void kubectlSeesTheStatusErrors() throws Exception {
        Run missing = kubectl(certKubeconfig, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/pods/*/nope");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.stderr()).contains("NotFound", "metric nope is not served");
        Run stale = kubectl(certKubeconfig, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/"
                + "inferenceservices.ome.io/llama/queue_length");
        assertThat(stale.exit()).isNotZero();
        assertThat(stale.stderr()).contains("no fresh samples");
        // A front-proxy certificate without the front proxy's headers is nobody.
        Run proxy = kubectl(frontProxyKubeconfig, "/apis/custom.metrics.k8s.io/v1beta2");
        assertThat(proxy.exit()).isNotZero();
        assertThat(proxy.stderr()).containsIgnoringCase("Unauthorized");
    }
}
