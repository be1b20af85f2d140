package dev.omescale.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.adapter.testing.TestPki;
import dev.omescale.telemetry.tls.PemFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving certificates from PEM files (read by gpu-telemetry's PemFiles) and made by keytool. */
class ServingCertificateTest {
    @TempDir
    static Path dir;
    static TestPki.Authority ca;

    @BeforeAll
    static void pki() throws Exception {
        ca = new TestPki(dir).authority("test-ca");
    }

    @Test
    void certificateChainsAndTheirKeys() throws Exception {
        TestPki.Issued issued = ca.server("CN=omescale-metrics");
        assertThat(PemFiles.certificates(issued.certPem())).containsExactly(issued.certificate(), ca.certificate());
        ServingCertificate serving = ServingCertificate.fromPem(issued.certPem(), issued.keyPem());
        assertThat(serving.leaf()).isEqualTo(issued.certificate());
        TestPki.Issued other = ca.server("CN=other");
        assertThatThrownBy(() -> ServingCertificate.fromPem(issued.certPem(), other.keyPem()))
                .hasMessageContaining("is not the key of the certificate in " + issued.certPem());
    }

    @Test
    void selfSignedCertificatesNameTheHosts() throws Exception {
        ServingCertificate self = ServingCertificate.selfSigned(List.of("omescale-metrics.omescale.svc",
                "10.96.0.10"));
        assertThat(self.leaf().getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
                .containsExactlyInAnyOrder("omescale-metrics.omescale.svc", "10.96.0.10", "localhost", "127.0.0.1");
        assertThat(self.leaf().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(Arrays.asList(self.keyStore().aliases().nextElement())).containsExactly(ServingCertificate.ALIAS);
    }
}
