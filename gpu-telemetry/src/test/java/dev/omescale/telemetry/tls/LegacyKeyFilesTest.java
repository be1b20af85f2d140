package dev.omescale.telemetry.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys written by openssl itself (resources/keys): each legacy form reads as the same key as its PKCS#8 twin. */
class LegacyKeyFilesTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        try (InputStream in = LegacyKeyFilesTest.class.getResourceAsStream("/keys/" + name)) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void pkcs1RsaIsTheSameKeyAsItsPkcs8() throws Exception {
        assertThat(PemFiles.privateKey(resource("rsa-pkcs1.pem")))
                .isEqualTo(PemFiles.privateKey(resource("rsa-pkcs8.pem")));
    }

    @Test
    void sec1EcAfterAnEcParametersBlockIsTheSameKeyAsItsPkcs8() throws Exception {
        ECPrivateKey expected = (ECPrivateKey) PemFiles.privateKey(resource("ec-pkcs8.pem"));
        ECPrivateKey actual = (ECPrivateKey) PemFiles.privateKey(resource("ec-sec1.pem"));
        assertThat(actual.getS()).isEqualTo(expected.getS());
        assertThat(actual.getParams().getCurve()).isEqualTo(expected.getParams().getCurve());
    }

    @Test
    void pkcs8IsWrittenBackAsItWas() throws Exception {
        Path file = resource("ec-pkcs8.pem");
        assertThat(PemFiles.pkcs8Pem(PemFiles.privateKey(file)).replaceAll("\\s", ""))
                .isEqualTo(Files.readString(file).replaceAll("\\s", ""));
    }

    @Test
    void aTruncatedEcKeyIsReported() throws Exception {
        Path file = dir.resolve("truncated.pem");
        Files.writeString(file, "-----BEGIN EC PRIVATE KEY-----\nMAUCAQEEAA==\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file.toString());
    }
}
