package dev.omescale.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.adapter.security.RequestHeaderSettings;
import dev.omescale.telemetry.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class AdapterConfigReaderTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws Exception {
        for (String f : List.of("server.pem", "server-key.pem", "front-proxy-ca.pem", "client-ca.pem")) {
            Files.writeString(dir.resolve(f), "placeholder");
        }
    }

    private static AdapterConfig read(String yaml) throws ConfigException {
        JsonNode root = YAML.readTree(yaml);
        return AdapterConfigReader.fromTree(root.get("adapter"), "adapter", dir);
    }

    private static List<String> problems(String yaml) {
        try {
            read(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }

    @Test
    void theIssuesExample() throws Exception {
        AdapterConfig c = read("""
                adapter:
                  listen: 127.0.0.1:6443
                  tls: {cert: server.pem, key: server-key.pem}
                  authentication: {requestheaderClientCa: front-proxy-ca.pem, allowedNames: [front-proxy-client]}
                """);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(6443);
        assertThat(c.tls()).isEqualTo(TlsConfig.pem(dir.resolve("server.pem"), dir.resolve("server-key.pem")));
        assertThat(c.authentication()).isEqualTo(AuthenticationConfig.frontProxy(dir.resolve("front-proxy-ca.pem"),
                List.of("front-proxy-client")));
        assertThat(c.maxDataAge()).isEqualTo(AdapterConfig.DEFAULT_MAX_DATA_AGE);
    }

    @Test
    void developmentSetup() throws Exception {
        AdapterConfig c = read("""
                adapter:
                  listen: ":8443"
                  tls: {selfSigned: true, hosts: [omescale-metrics.omescale.svc]}
                  authentication: none
                  maxDataAge: 90s
                """);
        assertThat(c.host()).isNull();
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.tls()).isEqualTo(TlsConfig.selfSigned(List.of("omescale-metrics.omescale.svc")));
        assertThat(c.authentication().enabled()).isFalse();
        assertThat(c.maxDataAge()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void everyAuthenticationSetting() throws Exception {
        AdapterConfig c = read("""
                adapter:
                  listen: "[::1]:6443"
                  tls: {cert: server.pem, key: server-key.pem}
                  authentication:
                    requestheaderClientCa: front-proxy-ca.pem
                    allowedNames: [front-proxy-client, aggregator]
                    usernameHeaders: [X-Remote-User, X-Proxy-User]
                    groupHeaders: [X-Remote-Group]
                    extraHeaderPrefixes: [X-Remote-Extra-]
                    clientCa: client-ca.pem
                    tokenReview: true
                """);
        assertThat(c.host()).isEqualTo("::1");
        assertThat(c.authentication()).isEqualTo(new AuthenticationConfig(true, dir.resolve("front-proxy-ca.pem"),
                new RequestHeaderSettings(List.of("front-proxy-client", "aggregator"),
                        List.of("X-Remote-User", "X-Proxy-User"), List.of("X-Remote-Group"),
                        List.of("X-Remote-Extra-")),
                dir.resolve("client-ca.pem"), true));
    }

    @Test
    void authenticationAndTlsMustBeSaid() {
        assertThat(problems("adapter: {listen: 127.0.0.1:6443}")).containsExactly(
                "adapter.tls: missing; the metrics API is served over HTTPS only, e.g. tls: {cert: server.pem,"
                        + " key: server-key.pem} or tls: {selfSigned: true}",
                "adapter.authentication: missing; say how callers authenticate, e.g. authentication:"
                        + " {requestheaderClientCa: front-proxy-ca.pem, allowedNames: [front-proxy-client]},"
                        + " or authentication: none for development");
        assertThat(problems("adapter: {tls: {selfSigned: true}, authentication: {}}")).containsExactly(
                "adapter.authentication: names no way to authenticate; set requestheaderClientCa (the front proxy),"
                        + " clientCa or tokenReview: true, or write authentication: none for development");
        assertThat(problems("adapter: {tls: {selfSigned: true}, authentication: off}")).containsExactly(
                "adapter.authentication: 'off' is not a setting; the only word is none, e.g. authentication:"
                        + " {requestheaderClientCa: front-proxy-ca.pem, allowedNames: [front-proxy-client]},"
                        + " or authentication: none for development");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() {
        List<String> problems = problems("""
                adapter:
                  listen: 6443
                  tls: {cert: nope.pem, selfSigned: yes}
                  authentication: {requestheaderClientCa: missing-ca.pem, allowedNames: front-proxy-client,
                                   usernameHeaders: [], tokenReveiw: true}
                  maxDataAge: 5
                  lisen: x
                """);
        assertThat(problems).containsExactlyInAnyOrder(
                "adapter.lisen: unknown key; known keys: listen, tls, authentication, authorization, maxDataAge",
                "adapter.listen: 6443 is not an address; write host:port, e.g. 127.0.0.1:6443, [::1]:6443 or :6443"
                        + " for every interface",
                "adapter.tls.selfSigned: \"yes\" is not true or false",
                "adapter.tls.cert: " + dir.resolve("nope.pem") + " is not a readable file; give the path of the PEM"
                        + " serving certificate",
                "adapter.tls: needs both cert and key (or selfSigned: true), e.g. tls: {cert: server.pem,"
                        + " key: server-key.pem} or tls: {selfSigned: true}",
                "adapter.authentication.tokenReveiw: unknown key; known keys: requestheaderClientCa, allowedNames,"
                        + " usernameHeaders, groupHeaders, extraHeaderPrefixes, clientCa, tokenReview",
                "adapter.authentication.requestheaderClientCa: " + dir.resolve("missing-ca.pem") + " is not a readable"
                        + " file; give the path of the front proxy's CA bundle (requestheader-client-ca-file in"
                        + " ConfigMap kube-system/extension-apiserver-authentication)",
                "adapter.authentication.allowedNames: must be a list, e.g. [front-proxy-client]",
                "adapter.authentication.usernameHeaders: an empty list leaves no header to read; drop the key for"
                        + " the default [X-Remote-User]",
                "adapter.maxDataAge: '5' has no unit after 5; write e.g. 5s or 5ms");
    }

    @Test
    void listenForms() {
        assertThat(problems("adapter: {listen: '::1:6443', tls: {selfSigned: true}, authentication: none}"))
                .containsExactly("adapter.listen: '::1:6443' is an IPv6 address without brackets; write host:port,"
                        + " e.g. 127.0.0.1:6443, [::1]:6443 or :6443 for every interface");
        assertThat(problems("adapter: {listen: 'h:99999', tls: {selfSigned: true}, authentication: none}"))
                .containsExactly("adapter.listen: port 99999 is not between 0 and 65535; write host:port, e.g."
                        + " 127.0.0.1:6443, [::1]:6443 or :6443 for every interface");
        assertThat(problems("adapter: {listen: 'localhost', tls: {selfSigned: true}, authentication: none}"))
                .hasSize(1).allMatch(p -> p.contains("has no port"));
    }

    @Test
    void conflictingTlsSettings() {
        assertThat(problems("adapter: {tls: {selfSigned: true, cert: server.pem}, authentication: none}"))
                .containsExactly("adapter.tls: selfSigned: true and cert/key exclude each other; drop one, e.g."
                        + " tls: {cert: server.pem, key: server-key.pem} or tls: {selfSigned: true}");
        assertThat(problems("adapter: {tls: {cert: server.pem, key: server-key.pem, hosts: [a]},"
                + " authentication: none}")).containsExactly(
                "adapter.tls.hosts: only used with selfSigned: true; the names of a given certificate are in it");
    }

    @Test
    void aMissingSectionSaysWhatItNeeds() {
        assertThatThrownBy(() -> AdapterConfigReader.fromTree(null, "adapter"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("adapter: must be a mapping with keys listen, tls, authentication, authorization,"
                        + " maxDataAge");
    }

    @Test
    void relativePathsWithoutABaseAreReadAsGiven() throws Exception {
        JsonNode node = YAML.readTree("{tls: {cert: " + dir.resolve("server.pem") + ", key: "
                + dir.resolve("server-key.pem") + "}, authentication: none}");
        assertThat(AdapterConfigReader.fromTree(node, "adapter").tls().cert()).isEqualTo(dir.resolve("server.pem"));
    }

    @Test
    void authorizationDefaultsToSubjectAccessReviewWhenTheClusterAuthenticates() throws Exception {
        String tls = "tls: {cert: server.pem, key: server-key.pem}";
        assertThat(read("adapter: {" + tls + ", authentication: {requestheaderClientCa: front-proxy-ca.pem}}")
                .authorization()).isEqualTo(AuthorizationMode.SUBJECT_ACCESS_REVIEW);
        assertThat(read("adapter: {" + tls + ", authentication: {tokenReview: true}}").authorization())
                .isEqualTo(AuthorizationMode.SUBJECT_ACCESS_REVIEW);
        // Client certificates alone may come from a CA outside any cluster: no API server to ask by default.
        assertThat(read("adapter: {" + tls + ", authentication: {clientCa: client-ca.pem}}").authorization())
                .isEqualTo(AuthorizationMode.ALWAYS_ALLOW);
        assertThat(read("adapter: {" + tls + ", authentication: {clientCa: client-ca.pem},"
                + " authorization: subjectAccessReview}").authorization())
                .isEqualTo(AuthorizationMode.SUBJECT_ACCESS_REVIEW);
        assertThat(read("adapter: {" + tls + ", authentication: {requestheaderClientCa: front-proxy-ca.pem},"
                + " authorization: alwaysAllow}").authorization()).isEqualTo(AuthorizationMode.ALWAYS_ALLOW);
        assertThat(read("adapter: {" + tls + ", authentication: none}").authorization())
                .isEqualTo(AuthorizationMode.ALWAYS_ALLOW);
    }

    @Test
    void badAuthorizationSettingsSayTheChoices() {
        String tls = "tls: {cert: server.pem, key: server-key.pem}";
        assertThat(problems("adapter: {" + tls + ", authentication: {tokenReview: true}, authorization: rbac}"))
                .containsExactly("adapter.authorization: 'rbac' is not a mode; write subjectAccessReview (ask the API"
                        + " server, the default with requestheaderClientCa or tokenReview) or alwaysAllow (every"
                        + " authenticated caller reads every metric)");
        assertThat(problems("adapter: {" + tls + ", authentication: {tokenReview: true}, authorization: true}"))
                .singleElement().asString().startsWith("adapter.authorization: true is not a mode; write");
        assertThat(problems("adapter: {" + tls + ", authentication: none, authorization: subjectAccessReview}"))
                .containsExactly("adapter.authorization: subjectAccessReview needs a user to ask about, but"
                        + " authentication is none; set up authentication or drop authorization");
    }
}
