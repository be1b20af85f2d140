package dev.omescale.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.adapter.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    /** prime256v1, 1.2.840.10045.3.1.7 */
    private static final byte[] P256 = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};

    @TempDir
    static Path dir;
    static TestPki.Authority ca;

    @BeforeAll
    static void pki() throws Exception {
        ca = new TestPki(dir).authority("test-ca");
    }

    private static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** The key inside a PKCS#8 PrivateKeyInfo (its OCTET STRING): PKCS#1 for RSA, SEC1 for EC. */
    private static byte[] inner(byte[] pkcs8) throws IOException {
        Der.Element info = Der.read(pkcs8, 0);
        Der.Element version = Der.read(pkcs8, info.contentStart());
        Der.Element algorithm = Der.read(pkcs8, version.contentEnd());
        return Der.read(pkcs8, algorithm.contentEnd()).content();
    }

    @Test
    void pkcs1RsaKeysAsKubeadmWritesThem() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        PrivateKey key = rsa.generateKeyPair().getPrivate();
        Path file = write("rsa.pem", "# comment before the block\n" + TestPki.pem("RSA PRIVATE KEY", inner(key.getEncoded())));
        PrivateKey read = PemFiles.privateKey(file);
        assertThat(read).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(((RSAPrivateCrtKey) read).getPrivateExponent()).isEqualTo(((RSAPrivateCrtKey) key).getPrivateExponent());
    }

    @Test
    void sec1EcKeysAsOpensslWritesThem() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey key = (ECPrivateKey) ec.generateKeyPair().getPrivate();
        // The JDK's own SEC1 (inside its PKCS#8) leaves the curve out; openssl's names it in [0].
        byte[] jdkSec1 = inner(key.getEncoded());
        Der.Element sequence = Der.read(jdkSec1, 0);
        Der.Element version = Der.read(jdkSec1, sequence.contentStart());
        Der.Element octets = Der.read(jdkSec1, version.contentEnd());
        byte[] sec1 = Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] {1}),
                Der.tlv(Der.OCTET_STRING, octets.content()), Der.tlv(Der.CONTEXT_0, Der.tlv(Der.OID, P256)));
        Path file = write("ec.pem", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + TestPki.pem("EC PRIVATE KEY", sec1));
        PrivateKey read = PemFiles.privateKey(file);
        assertThat(((ECPrivateKey) read).getS()).isEqualTo(key.getS());
        // Without the curve there is nothing to wrap it with.
        Path bare = write("ec-bare.pem", TestPki.pem("EC PRIVATE KEY", Der.tlv(Der.SEQUENCE,
                Der.tlv(Der.INTEGER, new byte[] {1}), Der.tlv(Der.OCTET_STRING, octets.content()))));
        assertThatThrownBy(() -> PemFiles.privateKey(bare)).hasMessageContaining("names no curve")
                .hasMessageContaining("openssl pkcs8 -topk8");
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
    void problemsNameTheFileAndTheFix() throws Exception {
        assertThatThrownBy(() -> PemFiles.certificates(dir.resolve("missing.pem")))
                .hasMessageContaining("cannot read " + dir.resolve("missing.pem"));
        Path key = write("only-key.pem", TestPki.pem("PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> PemFiles.certificates(key)).hasMessageContaining("no '-----BEGIN CERTIFICATE-----'");
        assertThatThrownBy(() -> PemFiles.privateKey(key)).hasMessageContaining("neither RSA, EC nor Ed25519");
        Path encrypted = write("enc.pem", TestPki.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> PemFiles.privateKey(encrypted)).hasMessageContaining("encrypted");
        Path cert = write("cert-only.pem", PemFiles.pem(ca.certificate()));
        assertThatThrownBy(() -> PemFiles.privateKey(cert)).hasMessageContaining("no private key block");
        Path garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.certificates(garbage)).hasMessageContaining("is not an X.509 certificate");
    }

    @Test
    void selfSignedCertificatesNameTheHosts() throws Exception {
        ServingCertificate self = ServingCertificate.selfSigned(java.util.List.of("omescale-metrics.omescale.svc",
                "10.96.0.10"));
        assertThat(self.leaf().getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
                .containsExactlyInAnyOrder("omescale-metrics.omescale.svc", "10.96.0.10", "localhost", "127.0.0.1");
        assertThat(self.leaf().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(Arrays.asList(self.keyStore().aliases().nextElement())).containsExactly(ServingCertificate.ALIAS);
    }
}
