package dev.omescale.telemetry.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Prometheus behind TLS with a self-signed certificate, made by keytool for this test run. */
class PrometheusClientTlsTest {
    @TempDir
    static Path dir;
    static SelfSignedCertificate certificate;
    static FakePrometheus prometheus;

    @BeforeAll
    static void start() throws Exception {
        certificate = SelfSignedCertificate.create(dir);
        prometheus = FakePrometheus.https(certificate.serverContext());
        prometheus.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                + "\"result\":[1700000000,\"3\"]}}");
    }

    @AfterAll
    static void stop() {
        prometheus.close();
    }

    @Test
    void certificateIsExportedAsPem() throws Exception {
        assertThat(Files.readString(certificate.pem())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void trustsTheServerWhenGivenItsCa() throws Exception {
        PrometheusClient client = new PrometheusClient(PrometheusEndpoint.of(prometheus.address())
                .withCaCertificatePem(certificate.pem()));
        assertThat(client.query("scalar(up)", Instant.now()).series().get(0).value()).isEqualTo(3.0);
    }

    @Test
    void refusesTheServerWithoutItsCaAndSaysWhichSettingFixesIt() {
        PrometheusClient client = new PrometheusClient(PrometheusEndpoint.of(prometheus.address()));
        assertThatThrownBy(() -> client.query("scalar(up)", Instant.now()))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("TLS handshake failed")
                .hasMessageContaining("set caCertificatePem");
    }

    @Test
    void aFileWithoutCertificatesIsRejectedUpFront() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        assertThatThrownBy(() -> new PrometheusClient(PrometheusEndpoint.of(prometheus.address())
                .withCaCertificatePem(notPem)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(notPem.toString())
                .hasMessageContaining("BEGIN CERTIFICATE");
        assertThatThrownBy(() -> new PrometheusClient(PrometheusEndpoint.of(prometheus.address())
                .withCaCertificatePem(dir.resolve("missing.pem"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read caCertificatePem");
    }
}
