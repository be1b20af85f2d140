package dev.omescale.keda;

import dev.omescale.telemetry.config.ConfigFiles;
import dev.omescale.telemetry.tls.PemFiles;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** The server's TLS context from PEM files, with each file checked on its own so an error names the culprit. */
final class ServerTls {
    private ServerTls() {
    }

    /**
     * @param keyPath the configuration key path of the tls section, e.g. {@code keda.tls}, for messages
     * @throws IOException naming the file, what is wrong with it and the fix
     */
    static SslContext context(TlsFiles tls, String keyPath) throws IOException {
        X509Certificate leaf = certificates(tls.cert(), keyPath + ".cert");
        PrivateKey privateKey = privateKey(tls.key(), keyPath + ".key");
        checkPair(leaf, privateKey, tls, keyPath);
        byte[] pkcs8 = PemFiles.pkcs8Pem(privateKey).getBytes(StandardCharsets.US_ASCII);
        if (tls.clientCa() != null) {
            certificates(tls.clientCa(), keyPath + ".clientCa");
        }
        try (InputStream cert = Files.newInputStream(tls.cert());
                InputStream key = new ByteArrayInputStream(pkcs8)) {
            SslContextBuilder builder = GrpcSslContexts.forServer(cert, key);
            if (tls.clientCa() != null) {
                builder.trustManager(tls.clientCa().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new IOException(keyPath + ": cannot build TLS from cert " + tls.cert() + " and key " + tls.key()
                    + " (" + describe(e) + "); check that the key belongs to the certificate", e);
        }
    }

    /** The first (leaf) certificate of a PEM file. */
    private static X509Certificate certificates(Path file, String key) throws IOException {
        byte[] pem = read(file, key);
        try (InputStream in = new ByteArrayInputStream(pem)) {
            var all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (all.isEmpty()) {
                throw new IOException(key + ": " + file + " holds no certificate; give PEM -----BEGIN CERTIFICATE-----"
                        + " blocks");
            }
            return (X509Certificate) all.iterator().next();
        } catch (CertificateException e) {
            throw new IOException(key + ": " + file + " is not a PEM certificate file (" + describe(e) + "); give"
                    + " PEM -----BEGIN CERTIFICATE----- blocks", e);
        }
    }

    /**
     * The key, read by gpu-telemetry's {@link PemFiles}: PKCS#1 RSA and SEC1 EC keys (cert-manager, OpenSSL) are
     * converted to PKCS#8, the one form the TLS stack reads.
     */
    private static PrivateKey privateKey(Path file, String key) throws IOException {
        try {
            return PemFiles.privateKey(file);
        } catch (IOException e) {
            // PemFiles' messages start with the file and end with the fix; prefix the configuration key.
            throw new IOException(key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Signs with the key and verifies with the certificate: the TLS stack accepts a mismatched pair and only
     * fails handshakes later, which would show up in KEDA as an unexplained UNAVAILABLE.
     */
    private static void checkPair(X509Certificate leaf, PrivateKey privateKey, TlsFiles tls, String keyPath)
            throws IOException {
        PublicKey publicKey = leaf.getPublicKey();
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return; // the TLS stack will judge other kinds itself
        }
        boolean matches;
        try {
            byte[] probe = "omescale key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(keyPath + ".key: " + tls.key() + " is not a " + publicKey.getAlgorithm()
                    + " private key like the certificate's in " + tls.cert() + " (" + describe(e) + "); give the key"
                    + " that belongs to the certificate", e);
        }
        if (!matches) {
            throw new IOException(keyPath + ".key: " + tls.key() + " does not belong to the certificate in "
                    + tls.cert() + " (" + leaf.getSubjectX500Principal().getName() + "); give the key that belongs"
                    + " to it");
        }
    }

    private static byte[] read(Path file, String key) throws IOException {
        try {
            ConfigFiles.checkFile(file, "a PEM file");
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(key + ": cannot read " + file + " (" + describe(e) + "); check the path and that"
                    + " omescale may read it", e);
        }
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
