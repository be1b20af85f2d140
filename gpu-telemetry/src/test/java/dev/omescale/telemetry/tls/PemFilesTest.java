package dev.omescale.telemetry.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.telemetry.promql.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys made by the JDK, written in the legacy forms, read back as the same keys; errors name file and fix. */
class PemFilesTest {
    /** prime256v1, 1.2.840.10045.3.1.7 */
    private static final byte[] P256 = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
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
        Path file = write("rsa.pem", "# comment before the block\n" + PemFiles.pem("RSA PRIVATE KEY",
                inner(key.getEncoded())));
        PrivateKey read = PemFiles.privateKey(file);
        assertThat(read).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(((RSAPrivateCrtKey) read).getPrivateExponent())
                .isEqualTo(((RSAPrivateCrtKey) key).getPrivateExponent());
        // Written back as PKCS#8 and read again: the same key.
        Path pkcs8 = write("rsa-pkcs8.pem", PemFiles.pkcs8Pem(read));
        assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PemFiles.privateKey(pkcs8)).isEqualTo(read);
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
                + PemFiles.pem("EC PRIVATE KEY", sec1));
        PrivateKey read = PemFiles.privateKey(file);
        assertThat(((ECPrivateKey) read).getS()).isEqualTo(key.getS());
        // Without the curve there is nothing to wrap it with.
        Path bare = write("ec-bare.pem", PemFiles.pem("EC PRIVATE KEY", Der.tlv(Der.SEQUENCE,
                Der.tlv(Der.INTEGER, new byte[] {1}), Der.tlv(Der.OCTET_STRING, octets.content()))));
        assertThatThrownBy(() -> PemFiles.privateKey(bare)).hasMessageContaining("names no curve")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void certificateFilesAsKeytoolWritesThem() throws Exception {
        SelfSignedCertificate self = SelfSignedCertificate.create(dir);
        X509Certificate certificate = PemFiles.certificates(self.pem()).get(0);
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=");
        Path chain = write("chain.pem", PemFiles.pem(certificate) + "between blocks\n" + PemFiles.pem(certificate));
        assertThat(PemFiles.certificates(chain)).containsExactly(certificate, certificate);
    }

    @Test
    void problemsNameTheFileAndTheFix() throws Exception {
        assertThatThrownBy(() -> PemFiles.certificates(dir.resolve("missing.pem")))
                .hasMessageContaining("cannot read " + dir.resolve("missing.pem"));
        Path key = write("only-key.pem", PemFiles.pem("PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> PemFiles.certificates(key)).hasMessageContaining("no '-----BEGIN CERTIFICATE-----'");
        assertThatThrownBy(() -> PemFiles.privateKey(key)).hasMessageContaining("neither RSA, EC nor Ed25519");
        Path encrypted = write("enc.pem", PemFiles.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> PemFiles.privateKey(encrypted)).hasMessageContaining("encrypted");
        Path traditional = write("trad.pem", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(traditional)).hasMessageStartingWith(traditional.toString())
                .hasMessageContaining("is encrypted").hasMessageContaining("openssl pkcs8");
        Path text = write("hello.pem", "hello");
        assertThatThrownBy(() -> PemFiles.privateKey(text)).hasMessageStartingWith(text + ": no unencrypted PEM"
                + " private key");
        Path garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.certificates(garbage)).hasMessageContaining("is not an X.509 certificate");
        assertThatThrownBy(() -> PemFiles.privateKey(garbage)).hasMessageContaining("no unencrypted PEM private key");
    }
}
