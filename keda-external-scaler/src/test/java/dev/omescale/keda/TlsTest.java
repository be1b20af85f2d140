package dev.omescale.keda;

import static dev.omescale.keda.ScalerClient.failure;
import static dev.omescale.keda.ScalerClient.ref;
import static dev.omescale.keda.Views.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.view.LatestScalingView;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS from PEM files, with the material KEDA takes from a TriggerAuthentication: {@code caCert} to
 * trust the server, {@code tlsClientCert}/{@code tlsClientKey} to present. A client without a certificate from
 * the configured client CA is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {
    private TestPki pki;
    private KedaScalerServer server;
    private final LatestScalingView view = new LatestScalingView(Views.at(Instant.now()).decision(ENGINE, 3,
            Instant.now()).build());

    @BeforeAll
    void pki(@TempDir Path dir) throws Exception {
        pki = TestPki.create(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private KedaScalerServer start(boolean mutual) throws Exception {
        server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0).withTls(new TlsFiles(
                pki.serverCert(), pki.serverKey(), mutual ? pki.caCert() : null)), view, null);
        return server;
    }

    private ScalerClient client(Path clientCert, Path clientKey) throws Exception {
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(pki.caCert().toFile());
        if (clientCert != null) {
            tls.keyManager(clientCert.toFile(), clientKey.toFile());
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).sslContext(tls.build())
                .build();
        return new ScalerClient(channel);
    }

    private static double desired(ScalerClient c) {
        return c.stub.getMetrics(ScalerClient.metrics(ref("inferenceService", "llama-chat"), ""))
                .getMetricValues(0).getMetricValueFloat();
    }

    @Test
    void tlsServesAClientThatTrustsTheCa() throws Exception {
        start(false);
        try (ScalerClient c = client(null, null)) {
            assertThat(desired(c)).isEqualTo(3.0);
        }
    }

    @Test
    void aPlaintextClientCannotTalkToTheTlsServer() throws Exception {
        start(false);
        try (ScalerClient c = ScalerClient.plaintext(server.port())) {
            assertThat(failure(() -> desired(c)).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    @Test
    void mutualTlsServesAClientWithACertificateFromTheClientCa() throws Exception {
        start(true);
        try (ScalerClient c = client(pki.clientCert(), pki.clientKey())) {
            assertThat(desired(c)).isEqualTo(3.0);
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        start(true);
        try (ScalerClient c = client(null, null)) {
            assertThat(failure(() -> desired(c)).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    @Test
    void mutualTlsRefusesACertificateFromAnotherCa() throws Exception {
        start(true);
        try (ScalerClient c = client(pki.strangerCert(), pki.strangerKey())) {
            assertThat(failure(() -> desired(c)).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        }
    }
}
