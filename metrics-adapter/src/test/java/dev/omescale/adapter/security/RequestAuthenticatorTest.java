package dev.omescale.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.adapter.api.ApiError;
import dev.omescale.adapter.testing.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestAuthenticatorTest {
    @TempDir
    static Path dir;
    static TestPki.Authority frontProxyCa;
    static TestPki.Authority clientCa;
    static X509Certificate[] proxyChain;

    @BeforeAll
    static void pki() throws Exception {
        TestPki pki = new TestPki(dir);
        frontProxyCa = pki.authority("front-proxy-ca");
        clientCa = pki.authority("client-ca");
        proxyChain = frontProxyCa.client("CN=front-proxy-client").chain().toArray(new X509Certificate[0]);
    }

    /** Headers as Jetty gives them: case-insensitive names, repeated values. */
    private static RequestAuthenticator.Request headers(String... nameValue) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.computeIfAbsent(nameValue[i], k -> new ArrayList<>()).add(nameValue[i + 1]);
        }
        return new RequestAuthenticator.Request() {
            @Override
            public List<String> headers(String name) {
                return map.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .flatMap(e -> e.getValue().stream()).toList();
            }

            @Override
            public List<String> headerNames() {
                return List.copyOf(map.keySet());
            }
        };
    }

    private static RequestAuthenticator frontProxyOnly(RequestHeaderSettings settings) throws Exception {
        return new RequestAuthenticator(ClientCertificateVerifier.fromPem("front-proxy CA", frontProxyCa.pem()),
                settings, null, null);
    }

    @Test
    void theUserGroupsAndExtrasComeFromTheHeaders() throws Exception {
        UserInfo user = frontProxyOnly(RequestHeaderSettings.defaults(List.of("front-proxy-client")))
                .authenticate(proxyChain, headers(
                        "X-Remote-User", "system:serviceaccount:kube-system:horizontal-pod-autoscaler",
                        "X-Remote-Group", "system:serviceaccounts",
                        "x-remote-group", "system:authenticated",
                        "X-Remote-Extra-Authentication.kubernetes.io%2Fpod-name", "kcm-0",
                        "X-Remote-Extra-Scopes", "a",
                        "X-Remote-Extra-Scopes", "b",
                        "X-Other", "ignored"));
        assertThat(user.name()).isEqualTo("system:serviceaccount:kube-system:horizontal-pod-autoscaler");
        assertThat(user.groups()).containsExactly("system:serviceaccounts", "system:authenticated");
        assertThat(user.extra()).containsOnly(
                Map.entry("authentication.kubernetes.io/pod-name", List.of("kcm-0")),
                Map.entry("scopes", List.of("a", "b")));
    }

    @Test
    void configuredHeadersReplaceTheDefaultsAndTheFirstNonEmptyUserWins() throws Exception {
        RequestAuthenticator auth = frontProxyOnly(new RequestHeaderSettings(List.of(),
                List.of("X-Proxy-User", "X-Remote-User"), List.of("X-Proxy-Group"), List.of("X-Proxy-Extra-")));
        UserInfo user = auth.authenticate(proxyChain, headers("X-Proxy-User", "", "X-Remote-User", "bob",
                "X-Remote-Group", "not-read", "X-Proxy-Group", "ops", "X-Proxy-Extra-Team", "sre"));
        assertThat(user).isEqualTo(new UserInfo("bob", List.of("ops"), Map.of("team", List.of("sre"))));
    }

    @Test
    void clientCaCertificatesAreTheirCommonNameAndOrganizations() throws Exception {
        RequestAuthenticator auth = new RequestAuthenticator(null, RequestHeaderSettings.defaults(List.of()),
                ClientCertificateVerifier.fromPem("client CA", clientCa.pem()), null);
        X509Certificate[] chain = clientCa.client("CN=carol,O=team-a,O=team-b").chain()
                .toArray(new X509Certificate[0]);
        UserInfo user = auth.authenticate(chain, headers("X-Remote-User", "mallory"));
        assertThat(user.name()).isEqualTo("carol");
        assertThat(user.groups()).containsExactlyInAnyOrder("team-a", "team-b");
        // A front-proxy certificate is not a client-CA certificate.
        assertThatThrownBy(() -> auth.authenticate(proxyChain, headers("X-Remote-User", "mallory")))
                .isInstanceOf(ApiError.class)
                .hasMessageContaining("not valid under the client CA");
    }

    @Test
    void aCaCertificateIsNotAClientCertificate() throws Exception {
        assertThatThrownBy(() -> frontProxyOnly(RequestHeaderSettings.defaults(List.of()))
                .authenticate(new X509Certificate[] {frontProxyCa.certificate()}, headers("X-Remote-User", "x")))
                .hasMessageContaining("a CA certificate instead of a client certificate");
    }
}
