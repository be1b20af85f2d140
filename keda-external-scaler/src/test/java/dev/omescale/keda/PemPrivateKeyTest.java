package dev.omescale.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Legacy PEM keys (as Kubernetes TLS secrets hold them) become the same key in PKCS#8. */
class PemPrivateKeyTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = PemPrivateKeyTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static PrivateKey decode(String pkcs8Pem, String algorithm) throws Exception {
        String body = pkcs8Pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
    }

    @Test
    void pkcs1RsaBecomesTheSameKey() throws Exception {
        String converted = PemPrivateKey.toPkcs8(resource("rsa-pkcs1.pem"));
        assertThat(converted).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(decode(converted, "RSA")).isEqualTo(decode(resource("rsa-pkcs8.pem"), "RSA"));
    }

    @Test
    void sec1EcAfterAnEcParametersBlockBecomesTheSameKey() throws Exception {
        String converted = PemPrivateKey.toPkcs8(resource("ec-sec1.pem"));
        ECPrivateKey expected = (ECPrivateKey) decode(resource("ec-pkcs8.pem"), "EC");
        ECPrivateKey actual = (ECPrivateKey) decode(converted, "EC");
        assertThat(actual.getS()).isEqualTo(expected.getS());
        assertThat(actual.getParams().getCurve()).isEqualTo(expected.getParams().getCurve());
    }

    @Test
    void pkcs8IsKeptAsItIs() throws Exception {
        assertThat(PemPrivateKey.toPkcs8(resource("ec-pkcs8.pem")).replaceAll("\\s", ""))
                .isEqualTo(resource("ec-pkcs8.pem").replaceAll("\\s", ""));
    }

    @Test
    void aCertificateIsNoKey() {
        assertThatThrownBy(() -> PemPrivateKey.toPkcs8("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no unencrypted PEM private key");
    }

    @Test
    void aTruncatedEcKeyIsReported() {
        assertThatThrownBy(() -> PemPrivateKey.toPkcs8("-----BEGIN EC PRIVATE KEY-----\nMAUCAQEEAA==\n"
                + "-----END EC PRIVATE KEY-----")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EC private key");
    }
}
