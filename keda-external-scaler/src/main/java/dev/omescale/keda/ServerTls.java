package dev.omescale.keda;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/** The server's TLS context from PEM files, with each file checked on its own so an error names the culprit. */
final class ServerTls {
    private ServerTls() {
    }

    /**
     * @param keyPath the configuration key path of the tls section, e.g. {@code keda.tls}, for messages
     * @throws IOException naming the file, what is wrong with it and the fix
     */
    static SslContext context(TlsFiles tls, String keyPath) throws IOException {
        certificates(tls.cert(), keyPath + ".cert");
        privateKey(tls.key(), keyPath + ".key");
        if (tls.clientCa() != null) {
            certificates(tls.clientCa(), keyPath + ".clientCa");
        }
        try {
            SslContextBuilder builder = GrpcSslContexts.forServer(tls.cert().toFile(), tls.key().toFile());
            if (tls.clientCa() != null) {
                builder.trustManager(tls.clientCa().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new IOException(keyPath + ": cannot build TLS from cert " + tls.cert() + " and key " + tls.key()
                    + " (" + describe(e) + "); check that the key belongs to the certificate and is an unencrypted"
                    + " PKCS#8 PEM (-----BEGIN PRIVATE KEY-----; convert with 'openssl pkcs8 -topk8 -nocrypt')", e);
        }
    }

    private static void certificates(Path file, String key) throws IOException {
        byte[] pem = read(file, key);
        try (InputStream in = new java.io.ByteArrayInputStream(pem)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new IOException(key + ": " + file + " holds no certificate; give PEM -----BEGIN CERTIFICATE-----"
                        + " blocks");
            }
        } catch (CertificateException e) {
            throw new IOException(key + ": " + file + " is not a PEM certificate file (" + describe(e) + "); give"
                    + " PEM -----BEGIN CERTIFICATE----- blocks", e);
        }
    }

    private static void privateKey(Path file, String key) throws IOException {
        String pem = new String(read(file, key), StandardCharsets.US_ASCII);
        if (pem.contains("ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new IOException(key + ": " + file + " is an encrypted private key; give it unencrypted (e.g."
                    + " 'openssl pkcs8 -topk8 -nocrypt') and protect the file instead");
        }
        if (!pem.contains("-----BEGIN") || !pem.contains("PRIVATE KEY-----")) {
            throw new IOException(key + ": " + file + " holds no PEM private key; give the key as -----BEGIN PRIVATE"
                    + " KEY----- (PKCS#8)");
        }
    }

    private static byte[] read(Path file, String key) throws IOException {
        try {
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
