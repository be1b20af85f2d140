package dev.omescale.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.adapter.testing.Https;
import dev.omescale.adapter.testing.TestFleet;
import dev.omescale.adapter.testing.TestPki;
import dev.omescale.scaler.view.LatestScalingView;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Delegated authentication and authorization against fabric8's mock API server (expectations mode): the adapter,
 * configured from YAML as in a cluster and started with {@link MetricsAdapterServer#startDelegating}, sends real
 * TokenReviews and SubjectAccessReviews over HTTPS; the mock answers them like an API server with RBAC where alice
 * and the HPA may read metrics and bob may not.
 */
class DelegatedAuthHttpsTest {
    private static final String PATH = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/deployments.apps/"
            + "qwen3-8b-engine/queue_length";
    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    private static final String HPA = "system:serviceaccount:kube-system:horizontal-pod-autoscaler";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static TestPki.Authority servingCa;
    static TestPki.Authority frontProxyCa;
    static TestPki.Issued serving;
    static KubernetesMockServer api;
    static KubernetesClient client;
    static MetricsAdapterServer server;
    static final Queue<JsonNode> tokenReviews = new ConcurrentLinkedQueue<>();
    static final Queue<JsonNode> accessReviews = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = new TestPki(dir);
        servingCa = pki.authority("serving-ca");
        serving = servingCa.server("CN=omescale-metrics");
        frontProxyCa = pki.authority("front-proxy-ca");
        api = new KubernetesMockServer(false);
        api.init();
        api.expect().post().withPath(TOKEN_REVIEWS).andReply(201, request -> {
            JsonNode review = JSON.readTree(request.getUtf8Body());
            tokenReviews.add(review);
            return tokenReviewAnswer(review);
        }).always();
        api.expect().post().withPath(ACCESS_REVIEWS).andReply(201, request -> {
            JsonNode review = JSON.readTree(request.getUtf8Body());
            accessReviews.add(review);
            return accessReviewAnswer(review);
        }).always();
        client = api.createClient();
        AdapterConfig config = AdapterConfigReader.fromTree(YAMLMapper.builder().build().readTree("""
                listen: 127.0.0.1:0
                tls: {cert: %s, key: %s}
                authentication:
                  requestheaderClientCa: %s
                  allowedNames: [front-proxy-client]
                  tokenReview: true
                """.formatted(serving.certPem(), serving.keyPem(), frontProxyCa.pem())), "adapter");
        // No authorization key: SubjectAccessReview is the default with the front proxy and tokens.
        assertThat(config.authorization()).isEqualTo(AuthorizationMode.SUBJECT_ACCESS_REVIEW);
        server = MetricsAdapterServer.startDelegating(config, new LatestScalingView(TestFleet.snapshot()), client,
                TestFleet.CLOCK, null);
    }

    @AfterAll
    static void stop() {
        server.close();
        api.destroy();
        client.close();
    }

    /** Tokens "<user>-token" are users (bob and carol in group devs); any other token is not authenticated. */
    private static Object tokenReviewAnswer(JsonNode review) {
        String token = review.path("spec").path("token").asString();
        ObjectNode answer = ((ObjectNode) review).deepCopy();
        ObjectNode status = answer.putObject("status");
        if (token.endsWith("-token") && !token.startsWith("expired")) {
            status.put("authenticated", true);
            ObjectNode user = status.putObject("user");
            user.put("username", token.substring(0, token.length() - "-token".length()));
            user.putArray("groups").add("devs").add("system:authenticated");
        } else {
            status.put("authenticated", false);
            status.put("error", "invalid bearer token");
        }
        return answer.toString();
    }

    /** RBAC as the mock's cluster has it: the HPA, alice and carol may get/list metrics; nobody else may. */
    private static Object accessReviewAnswer(JsonNode review) {
        String user = review.path("spec").path("user").asString();
        String group = review.path("spec").path("resourceAttributes").path("group").asString();
        boolean metricsGroup = group.equals("custom.metrics.k8s.io") || group.equals("external.metrics.k8s.io");
        boolean allowed = metricsGroup && List.of(HPA, "alice", "carol").contains(user);
        ObjectNode answer = ((ObjectNode) review).deepCopy();
        ObjectNode status = answer.putObject("status");
        status.put("allowed", allowed);
        if (!allowed) {
            status.put("reason", "no RBAC policy matched");
        }
        return answer.toString();
    }

    private static SSLContext anonymous() {
        return TestPki.anonymousContext(servingCa.certificate());
    }

    private static Https.Response withToken(String token) throws Exception {
        return new Https(server.url(), anonymous()).get(PATH, Map.of("Authorization", "Bearer " + token));
    }

    private static List<JsonNode> reviewsOf(Queue<JsonNode> reviews, String field, String value) {
        return reviews.stream().filter(r -> r.path("spec").path(field).asString().equals(value)).toList();
    }

    @Test
    void anAcceptedTokenOfAnAllowedUserIsServed() throws Exception {
        Https.Response r = withToken("alice-token");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("items").get(0).get("value").asString()).isEqualTo("3500m");
        // The review asked what kube-apiserver would ask for this path.
        JsonNode review = reviewsOf(accessReviews, "user", "alice").get(0);
        assertThat(review.get("apiVersion").asString()).isEqualTo("authorization.k8s.io/v1");
        assertThat(review.get("kind").asString()).isEqualTo("SubjectAccessReview");
        assertThat(review.path("spec").path("groups").toString()).isEqualTo("[\"devs\",\"system:authenticated\"]");
        JsonNode attributes = review.path("spec").path("resourceAttributes");
        assertThat(attributes.path("verb").asString()).isEqualTo("get");
        assertThat(attributes.path("group").asString()).isEqualTo("custom.metrics.k8s.io");
        assertThat(attributes.path("version").asString()).isEqualTo("v1beta2");
        assertThat(attributes.path("namespace").asString()).isEqualTo("llm");
        assertThat(attributes.path("resource").asString()).isEqualTo("deployments.apps");
        assertThat(attributes.path("name").asString()).isEqualTo("qwen3-8b-engine");
        assertThat(attributes.path("subresource").asString()).isEqualTo("queue_length");
    }

    @Test
    void aRejectedTokenIsUnauthorized() throws Exception {
        Https.Response r = withToken("not-a-valid-one");
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.json().get("reason").asString()).isEqualTo("Unauthorized");
        assertThat(r.json().get("message").asString())
                .contains("the API server did not authenticate the bearer token (TokenReview)");
        assertThat(r.body()).doesNotContain("not-a-valid-one");
        assertThat(reviewsOf(accessReviews, "user", "not-a-valid-one")).isEmpty();
    }

    @Test
    void aDeniedUserIsForbiddenWithTheRuleThatWouldAllowIt() throws Exception {
        Https.Response r = withToken("bob-token");
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().get("kind").asString()).isEqualTo("Status");
        assertThat(r.json().get("reason").asString()).isEqualTo("Forbidden");
        assertThat(r.json().get("code").asInt()).isEqualTo(403);
        assertThat(r.json().get("message").asString()).isEqualTo("user \"bob\" cannot get"
                + " deployments.apps/queue_length \"qwen3-8b-engine\" in API group custom.metrics.k8s.io in namespace"
                + " llm (no RBAC policy matched); grant it with the RBAC rule {apiGroups: [\"custom.metrics.k8s.io\"],"
                + " resources: [\"*\"], verbs: [\"get\", \"list\"]} in a ClusterRole bound to user \"bob\" (or one of"
                + " its groups [devs, system:authenticated])");
        assertThat(r.body()).doesNotContain("bob-token");
    }

    @Test
    void theFrontProxysUserIsAuthorizedWithGroupsAndExtra() throws Exception {
        Https proxy = new Https(server.url(), frontProxyCa.client("CN=front-proxy-client")
                .clientContext(servingCa.certificate()));
        Https.Response r = proxy.get("/apis/external.metrics.k8s.io/v1beta1/namespaces/llm/desired_replicas"
                + "?labelSelector=inferenceservice%3Dqwen3-8b%2Ccomponent%3Dengine", Map.of("X-Remote-User", HPA,
                "X-Remote-Group", "system:serviceaccounts", "X-Remote-Extra-Authentication.kubernetes.io%2Fpod-name",
                "hpa-0"));
        assertThat(r.status()).as(r.body()).isNotIn(401, 403, 503);
        JsonNode review = reviewsOf(accessReviews, "user", HPA).get(0);
        assertThat(review.path("spec").path("groups").toString()).isEqualTo("[\"system:serviceaccounts\"]");
        assertThat(review.path("spec").path("extra").toString())
                .isEqualTo("{\"authentication.kubernetes.io/pod-name\":[\"hpa-0\"]}");
        JsonNode attributes = review.path("spec").path("resourceAttributes");
        assertThat(attributes.path("verb").asString()).isEqualTo("list");
        assertThat(attributes.path("group").asString()).isEqualTo("external.metrics.k8s.io");
        assertThat(attributes.path("resource").asString()).isEqualTo("desired_replicas");
        assertThat(attributes.path("name").asString()).isEmpty();
        // Discovery is a non-resource request; this RBAC grants only metrics, so it is forbidden with that rule.
        Https.Response discovery = proxy.get("/apis/custom.metrics.k8s.io/v1beta2", Map.of("X-Remote-User", HPA));
        assertThat(discovery.status()).as(discovery.body()).isEqualTo(403);
        assertThat(discovery.json().get("message").asString()).contains("cannot get path"
                + " /apis/custom.metrics.k8s.io/v1beta2").contains("nonResourceURLs");
    }

    @Test
    void answersAreCachedSoTwoRequestsCostOneReviewEach() throws Exception {
        assertThat(withToken("carol-token").status()).isEqualTo(200);
        assertThat(withToken("carol-token").status()).isEqualTo(200);
        assertThat(reviewsOf(tokenReviews, "token", "carol-token")).hasSize(1);
        assertThat(reviewsOf(accessReviews, "user", "carol")).hasSize(1);
        // A rejected token is remembered too.
        assertThat(withToken("expired-token").status()).isEqualTo(401);
        assertThat(withToken("expired-token").status()).isEqualTo(401);
        assertThat(reviewsOf(tokenReviews, "token", "expired-token")).hasSize(1);
    }

    @Test
    void anUnreachableApiServerFailsClosedWithoutTheToken() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String secret = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl";
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        try (KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                        .withMasterUrl("https://127.0.0.1:" + closedPort).withTrustCerts(true).build()).build();
                MetricsAdapterServer cut = MetricsAdapterServer.startDelegating(new AdapterConfig("127.0.0.1", 0,
                        TlsConfig.pem(serving.certPem(), serving.keyPem()), new AuthenticationConfig(true,
                                frontProxyCa.pem(), dev.omescale.adapter.security.RequestHeaderSettings.defaults(
                                        List.of()), null, true), java.time.Duration.ofSeconds(60),
                        AuthorizationMode.SUBJECT_ACCESS_REVIEW), new LatestScalingView(TestFleet.snapshot()),
                        nowhere, TestFleet.CLOCK, null)) {
            // slf4j-simple writes to whatever System.err is at the time; keep what it logs during the requests.
            System.setErr(new PrintStream(new Tee(originalErr, logged), true, StandardCharsets.UTF_8));
            Https.Response token = new Https(cut.url(), anonymous()).get(PATH,
                    Map.of("Authorization", "Bearer " + secret));
            assertThat(token.status()).as(token.body()).isEqualTo(401);
            assertThat(token.json().get("message").asString()).contains("the bearer token could not be reviewed:"
                    + " TokenReview at https://127.0.0.1:" + closedPort).contains("could not be reached");
            assertThat(token.body()).doesNotContain(secret);

            Https proxy = new Https(cut.url(), frontProxyCa.client("CN=anyone").clientContext(
                    servingCa.certificate()));
            Https.Response access = proxy.get(PATH, Map.of("X-Remote-User", "alice"));
            assertThat(access.status()).as(access.body()).isEqualTo(503);
            assertThat(access.json().get("reason").asString()).isEqualTo("ServiceUnavailable");
            assertThat(access.json().get("message").asString()).startsWith("cannot tell whether user \"alice\" may"
                    + " get deployments.apps/queue_length \"qwen3-8b-engine\"").contains("so the request is refused:"
                    + " SubjectAccessReview at https://127.0.0.1:" + closedPort);
        } finally {
            System.setErr(originalErr);
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("TokenReview failed").contains("cannot authorize user alice");
        assertThat(log).doesNotContain(secret);
    }

    @Test
    void noTokenEverReachesALogOrABody() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, logged), true, StandardCharsets.UTF_8));
        try {
            for (String token : List.of("dave-token", "zzz-unknown-secret", "carol-token")) {
                Https.Response r = withToken(token);
                assertThat(r.body()).as(token).doesNotContain(token);
            }
        } finally {
            System.setErr(originalErr);
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("-token").doesNotContain("zzz-unknown");
    }

    /** Writes to both streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
