package dev.omescale.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.adapter.security.RequestHeaderSettings;
import dev.omescale.adapter.security.TokenReviewer;
import dev.omescale.adapter.security.UserInfo;
import dev.omescale.adapter.testing.Https;
import dev.omescale.adapter.testing.TestFleet;
import dev.omescale.adapter.testing.TestPki;
import dev.omescale.scaler.view.LatestScalingView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication over real TLS, with CAs and certificates made by keytool: the front proxy's, a client CA's, a
 * stranger's; and bearer tokens through a {@link TokenReviewer} test double (the real one, backed by the API
 * server's TokenReview, belongs to the controller and is not part of this module).
 */
class AuthenticationHttpsTest {
    private static final String PATH = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/deployments.apps/"
            + "qwen3-8b-engine/queue_length";
    private static final Map<String, String> USER = Map.of("X-Remote-User", "system:kube-controller-manager");

    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki.Authority servingCa;
    static TestPki.Authority frontProxyCa;
    static TestPki.Authority clientCa;
    static MetricsAdapterServer server;

    /** Accepts "good-token" as alice; "broken" makes the review itself fail. */
    static final TokenReviewer REVIEWER = token -> {
        if (token.equals("broken")) {
            throw new IOException("connection refused");
        }
        return token.equals("good-token") ? Optional.of(new UserInfo("alice", List.of("devs"), Map.of()))
                : Optional.empty();
    };

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki(dir);
        servingCa = pki.authority("serving-ca");
        TestPki.Issued serving = servingCa.server("CN=omescale-metrics");
        frontProxyCa = pki.authority("front-proxy-ca");
        clientCa = pki.authority("kubernetes-client-ca");
        AuthenticationConfig auth = new AuthenticationConfig(true, frontProxyCa.pem(),
                RequestHeaderSettings.defaults(List.of("front-proxy-client")), clientCa.pem(), true);
        server = MetricsAdapterServer.start(new AdapterConfig("127.0.0.1", 0,
                        TlsConfig.pem(serving.certPem(), serving.keyPem()), auth, Duration.ofSeconds(60)),
                new LatestScalingView(TestFleet.snapshot()), REVIEWER, TestFleet.CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Https.Response get(SSLContext tls, Map<String, String> headers) throws Exception {
        return new Https(server.url(), tls).get(PATH, headers);
    }

    private static Https.Response withCertificate(TestPki.Issued cert, Map<String, String> headers) throws Exception {
        return get(cert.clientContext(servingCa.certificate()), headers);
    }

    private static SSLContext anonymous() {
        return TestPki.anonymousContext(servingCa.certificate());
    }

    private static void assertUnauthorized(Https.Response r, String reason) {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.json().get("kind").asString()).isEqualTo("Status");
        assertThat(r.json().get("reason").asString()).isEqualTo("Unauthorized");
        assertThat(r.json().get("code").asInt()).isEqualTo(401);
        assertThat(r.json().get("message").asString()).contains(reason);
    }

    @Test
    void noCertificateIsUnauthorized() throws Exception {
        assertUnauthorized(get(anonymous(), USER), "no client certificate and no bearer token");
    }

    @Test
    void certificateFromAnotherCaIsUnauthorized() throws Exception {
        TestPki.Issued stranger = pki.authority("someone-elses-ca").client("CN=front-proxy-client");
        assertUnauthorized(withCertificate(stranger, USER), "is not valid under the front-proxy CA");
    }

    @Test
    void disallowedNameIsUnauthorized() throws Exception {
        TestPki.Issued other = frontProxyCa.client("CN=not-the-aggregator");
        assertUnauthorized(withCertificate(other, USER), "CN=not-the-aggregator is not among the allowed names");
    }

    @Test
    void frontProxyWithoutUserHeaderIsUnauthorized() throws Exception {
        assertUnauthorized(withCertificate(frontProxyCa.client("CN=front-proxy-client"), Map.of()),
                "without a user header (X-Remote-User)");
    }

    @Test
    void serverCertificateIsNotAClientCertificate() throws Exception {
        TestPki.Issued serverOnly = frontProxyCa.issue("CN=front-proxy-client", "EKU=serverAuth", null, "EC");
        assertUnauthorized(withCertificate(serverOnly, USER), "is not for client authentication");
    }

    @Test
    void goodFrontProxyCertificateIsServed() throws Exception {
        Https.Response r = withCertificate(frontProxyCa.client("CN=front-proxy-client"), USER);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("items").get(0).get("value").asString()).isEqualTo("3500m");
    }

    @Test
    void rsaClientCertificatesWorkToo() throws Exception {
        TestPki.Issued rsa = frontProxyCa.issue("CN=front-proxy-client", "EKU=clientAuth", null, "RSA");
        assertThat(withCertificate(rsa, USER).status()).isEqualTo(200);
    }

    @Test
    void clientCaCertificateAuthenticatesByItsName() throws Exception {
        Https.Response r = withCertificate(clientCa.client("CN=alice,O=devs"), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void bearerTokensGoThroughTokenReview() throws Exception {
        assertThat(get(anonymous(), Map.of("Authorization", "Bearer good-token")).status()).isEqualTo(200);
        assertUnauthorized(get(anonymous(), Map.of("Authorization", "Bearer bad-token")),
                "did not authenticate the bearer token");
        assertUnauthorized(get(anonymous(), Map.of("Authorization", "Bearer broken")),
                "could not be reviewed: connection refused");
        assertUnauthorized(get(anonymous(), Map.of("Authorization", "Basic YTpi")), "no bearer token");
    }

    @Test
    void healthIsOpenAndUnknownPathsNeedAuthenticationFirst() throws Exception {
        Https open = new Https(server.url(), anonymous());
        assertThat(open.get("/readyz").status()).isEqualTo(200);
        assertUnauthorized(open.get("/apis"), "no client certificate");
        assertUnauthorized(open.get("/does/not/exist"), "no client certificate");
    }

    @Test
    void withoutTokenReviewBearerTokensAreRefused() throws Exception {
        TestPki.Issued serving = servingCa.server("CN=omescale-metrics");
        try (MetricsAdapterServer noTokens = MetricsAdapterServer.start(new AdapterConfig("127.0.0.1", 0,
                        TlsConfig.pem(serving.certPem(), serving.keyPem()),
                        AuthenticationConfig.frontProxy(frontProxyCa.pem(), List.of()), Duration.ofSeconds(60)),
                new LatestScalingView(TestFleet.snapshot()), REVIEWER, TestFleet.CLOCK)) {
            Https.Response r = new Https(noTokens.url(), anonymous()).get(PATH, Map.of("Authorization", "Bearer good-token"));
            assertUnauthorized(r, "bearer tokens are not accepted (authentication.tokenReview is off)");
            // No allowed names: any name the front-proxy CA signed is the front proxy, as in Kubernetes.
            Https named = new Https(noTokens.url(), frontProxyCa.client("CN=whoever").clientContext(servingCa.certificate()));
            assertThat(named.get(PATH, USER).status()).isEqualTo(200);
        }
    }

    @Test
    void tokenReviewWithoutAReviewerFailsAtStart() throws Exception {
        TestPki.Issued serving = servingCa.server("CN=omescale-metrics");
        AdapterConfig config = new AdapterConfig("127.0.0.1", 0, TlsConfig.pem(serving.certPem(), serving.keyPem()),
                new AuthenticationConfig(true, null, RequestHeaderSettings.defaults(List.of()), null, true),
                Duration.ofSeconds(60));
        assertThatThrownBy(() -> MetricsAdapterServer.start(config, new LatestScalingView(TestFleet.snapshot())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no TokenReviewer was given");
    }

    @Test
    void authenticationNoneServesAnyone() throws Exception {
        try (MetricsAdapterServer open = MetricsAdapterServer.start(new AdapterConfig("127.0.0.1", 0,
                        TlsConfig.selfSigned(List.of()), AuthenticationConfig.none(), Duration.ofSeconds(60)),
                new LatestScalingView(TestFleet.snapshot()), null, TestFleet.CLOCK)) {
            Https r = new Https(open.url(), TestPki.anonymousContext(open.servingCertificate()));
            assertThat(r.get(PATH).status()).isEqualTo(200);
        }
    }
}
