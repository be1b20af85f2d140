package dev.omescale.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.telemetry.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The {@code keda:} section: defaults, every key, and every problem reported at once with its key path. */
class KedaServerConfigTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static KedaServerConfig parse(String yaml) throws ConfigException {
        JsonNode root = YAML.readTree(yaml);
        return KedaServerConfig.fromTree(root.get("keda"), "keda");
    }

    private static ConfigException problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for " + yaml);
    }

    @Test
    void theIssuesExample() throws Exception {
        KedaServerConfig c = parse("keda: {listen: 127.0.0.1:9443}");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(9443);
        assertThat(c.tls()).isNull();
        assertThat(c.maxDataAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.promqlCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.streamHeartbeat()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anEmptySectionIsAllDefaults() throws Exception {
        assertThat(parse("keda: {}").listen()).isEqualTo(KedaServerConfig.DEFAULT_LISTEN);
        assertThat(parse("other: 1").listen()).isEqualTo(KedaServerConfig.DEFAULT_LISTEN);
    }

    @Test
    void listenForms() throws Exception {
        assertThat(parse("keda: {listen: ':9443'}").host()).as("every interface").isNull();
        assertThat(parse("keda: {listen: '0.0.0.0:9443'}").host()).isNull();
        assertThat(parse("keda: {listen: '[::1]:9443'}").host()).isEqualTo("::1");
        assertThat(parse("keda: {listen: 'localhost:0'}").port()).isZero();
    }

    @Test
    void everyTuningKey() throws Exception {
        KedaServerConfig c = parse("""
                keda:
                  listen: :9000
                  maxDataAge: 2m
                  maxConcurrentCalls: 64
                  workerThreads: 3
                  maxStreams: 500
                  streamCheckInterval: 500ms
                  streamHeartbeat: 20s
                  promqlCacheTtl: 15s
                """);
        assertThat(c).isEqualTo(new KedaServerConfig(null, 9000, null, Duration.ofMinutes(2), 64, 3, 500,
                Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(15)));
    }

    @Test
    void everyProblemAtOnceWithItsKeyPathAndFix() {
        ConfigException e = problems("""
                keda:
                  listen: 9443
                  maxDataAge: soon
                  maxConcurrentCalls: 0
                  workerThreads: two
                  streamCheckInterval: 10s
                  streamHeartbeat: 5s
                  tls: {cert: /nonexistent/tls.crt}
                  colour: blue
                """);
        assertThat(e.source()).isEqualTo("keda");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("keda.listen: 9443 is not host:port")
                        .contains("e.g. 127.0.0.1:9443"))
                .anySatisfy(p -> assertThat(p).startsWith("keda.maxDataAge: 'soon'"))
                .anySatisfy(p -> assertThat(p).startsWith("keda.maxConcurrentCalls: 0 must be a whole number of at"
                        + " least 1"))
                .anySatisfy(p -> assertThat(p).startsWith("keda.workerThreads: \"two\" must be a whole number"))
                .anySatisfy(p -> assertThat(p).startsWith("keda.streamHeartbeat: 5s is shorter than"
                        + " keda.streamCheckInterval"))
                .anySatisfy(p -> assertThat(p).startsWith("keda.tls.cert: cannot read /nonexistent/tls.crt"))
                .anySatisfy(p -> assertThat(p).startsWith("keda.tls.key: missing"))
                .anySatisfy(p -> assertThat(p).startsWith("keda.colour: unknown key; known keys are listen, tls"));
        assertThat(e.problems()).hasSize(8);
    }

    @Test
    void listenProblems() {
        assertThat(problems("keda: {listen: 'localhost'}").problems()).singleElement().asString()
                .contains("has no port");
        assertThat(problems("keda: {listen: 'localhost:http'}").problems()).singleElement().asString()
                .contains("'http' in 'localhost:http' is not a port number");
        assertThat(problems("keda: {listen: ':70000'}").problems()).singleElement().asString()
                .contains("port 70000 is not 0..65535");
        assertThat(problems("keda: {listen: '::1:9443'}").problems()).singleElement().asString()
                .contains("IPv6 address without brackets");
        assertThat(problems("keda: [1]").problems()).singleElement().asString()
                .isEqualTo("keda: must be a mapping, e.g. keda: {listen: 127.0.0.1:9443}");
    }

    @Test
    void tlsFilesAreCheckedAtLoad(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        KedaServerConfig ok = parse("keda: {tls: {cert: '%s', key: '%s', clientCa: '%s'}}".formatted(
                pki.serverCert(), pki.serverKey(), pki.caCert()));
        assertThat(ok.tls()).isEqualTo(new TlsFiles(pki.serverCert(), pki.serverKey(), pki.caCert()));
        assertThat(ok.tls().mutual()).isTrue();

        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello");
        assertThat(problems("keda: {tls: {cert: '%s', key: '%s'}}".formatted(pki.serverCert(), notAKey))
                .problems()).singleElement().asString().startsWith("keda.tls.key: " + notAKey)
                .contains("no unencrypted PEM private key");

        assertThat(problems("keda: {tls: {cert: '%s', key: '%s'}}".formatted(pki.serverKey(), pki.serverKey()))
                .problems()).singleElement().asString().startsWith("keda.tls.cert: " + pki.serverKey())
                .contains("give PEM -----BEGIN CERTIFICATE----- blocks");

        assertThat(problems("keda: {tls: {cert: '%s', key: '%s'}}".formatted(pki.serverCert(), pki.clientKey()))
                .problems()).singleElement().asString().startsWith("keda.tls.key: " + pki.clientKey()
                + " does not belong to the certificate in " + pki.serverCert()).contains("CN=127.0.0.1");

        assertThat(problems("keda: {tls: {cert: '%s', key: '%s', ca: x}}".formatted(pki.serverCert(),
                pki.serverKey())).problems()).singleElement().asString()
                .isEqualTo("keda.tls.ca: unknown key; known keys are cert, key, clientCa");
    }

    @Test
    void aStartedServerBindsWhatTheSectionSays(@TempDir Path dir) throws Exception {
        KedaServerConfig c = parse("keda: {listen: '127.0.0.1:0'}");
        try (KedaScalerServer s = KedaScalerServer.start(c, new dev.omescale.scaler.view.LatestScalingView(
                dev.omescale.scaler.view.ScalingSnapshot.empty(Views.WINDOW)), null)) {
            assertThat(s.port()).isPositive();
            assertThat(s.address().getAddress().isLoopbackAddress()).isTrue();
            // A second server on the same port: the error names the address and the fix.
            assertThatThrownBy(() -> KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", s.port()),
                    new dev.omescale.scaler.view.LatestScalingView(
                            dev.omescale.scaler.view.ScalingSnapshot.empty(Views.WINDOW)), null))
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + s.port())
                    .hasMessageContaining("choose another keda.listen");
        }
    }
}
