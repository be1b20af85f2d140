package dev.omescale.adapter.testing;

import dev.omescale.adapter.security.Keytool;
import dev.omescale.telemetry.tls.PemFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificate authorities and the certificates they sign, made with the JDK's keytool ({@code -gencert}) as a
 * cluster's CAs would make them: a serving CA, the front proxy's CA, a client CA and a stranger's CA.
 */
public final class TestPki {
    private static final String PASSWORD = "changeit";
    private final Path dir;
    private final AtomicInteger counter = new AtomicInteger();

    public TestPki(Path dir) {
        this.dir = dir;
    }

    /** A certificate and its key, with PEM files written for the server or kubectl to read. */
    public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain, Path certPem,
            Path keyPem) {

        /** A TLS client context presenting this certificate and trusting {@code serverCa}. */
        public SSLContext clientContext(X509Certificate serverCa) {
            try {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", key, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, PASSWORD.toCharArray());
                X509ExtendedKeyManager keyManager = new AlwaysPresent((X509ExtendedKeyManager) kmf.getKeyManagers()[0]);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(new KeyManager[] {keyManager}, trusting(serverCa).getTrustManagers(), null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Presents the certificate whatever CAs the server asks for, as Go clients (kubectl, the aggregator) do; the
     * JDK's own key manager would send nothing to a server that lists other CAs.
     */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        AlwaysPresent(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    /** A CA: its certificate, and a key store that keytool signs with. */
    public final class Authority {
        private final String alias;
        private final Path store;
        private final X509Certificate certificate;
        private final Path pem;

        private Authority(String alias, Path store, X509Certificate certificate, Path pem) {
            this.alias = alias;
            this.store = store;
            this.certificate = certificate;
            this.pem = pem;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /** The CA certificate as a PEM file (a CA bundle). */
        public Path pem() {
            return pem;
        }

        /** A client certificate ({@code dname} e.g. {@code CN=front-proxy-client}). */
        public Issued client(String dname) throws IOException {
            return issue(dname, "EKU=clientAuth", null, "EC");
        }

        /** A serving certificate for 127.0.0.1 and localhost. */
        public Issued server(String dname) throws IOException {
            return issue(dname, "EKU=serverAuth", "SAN=ip:127.0.0.1,dns:localhost", "EC");
        }

        /** Any certificate; {@code keyAlgorithm} EC or RSA; {@code san} may be null. */
        public Issued issue(String dname, String eku, String san, String keyAlgorithm) throws IOException {
            String name = "leaf" + counter.incrementAndGet();
            Path leafStore = dir.resolve(name + ".p12");
            Path csr = dir.resolve(name + ".csr");
            Path signed = dir.resolve(name + "-signed.pem");
            List<String> gen = new ArrayList<>(List.of("-genkeypair", "-alias", "leaf", "-keyalg", keyAlgorithm));
            gen.addAll(keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
            gen.addAll(List.of("-dname", dname, "-validity", "2", "-keystore", leafStore.toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
            Keytool.run(gen.toArray(new String[0]));
            Keytool.run("-certreq", "-alias", "leaf", "-keystore", leafStore.toString(), "-storepass", PASSWORD,
                    "-file", csr.toString());
            List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", alias, "-keystore", store.toString(),
                    "-storepass", PASSWORD, "-infile", csr.toString(), "-outfile", signed.toString(), "-rfc",
                    "-validity", "2"));
            if (eku != null) {
                sign.addAll(List.of("-ext", eku));
            }
            if (san != null) {
                sign.addAll(List.of("-ext", san));
            }
            Keytool.run(sign.toArray(new String[0]));
            try {
                X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(signed)));
                PrivateKey key = (PrivateKey) load(leafStore).getKey("leaf", PASSWORD.toCharArray());
                Path certPem = dir.resolve(name + ".pem");
                Path keyPem = dir.resolve(name + "-key.pem");
                Files.writeString(certPem, PemFiles.pem(leaf) + PemFiles.pem(certificate));
                Files.writeString(keyPem, TestPki.pem("PRIVATE KEY", key.getEncoded()));
                return new Issued(leaf, key, List.of(leaf, certificate), certPem, keyPem);
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
    }

    /** A new CA named {@code cn}. */
    public Authority authority(String cn) throws IOException {
        String alias = "ca" + counter.incrementAndGet();
        Path store = dir.resolve(alias + ".p12");
        Keytool.run("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
                "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        try {
            X509Certificate ca = (X509Certificate) load(store).getCertificate(alias);
            Path pem = dir.resolve(alias + ".pem");
            Files.writeString(pem, PemFiles.pem(ca));
            return new Authority(alias, store, ca, pem);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A trust manager factory that trusts {@code ca} only. */
    public static TrustManagerFactory trusting(X509Certificate ca) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS client context without a certificate, trusting {@code serverCa}. */
    public static SSLContext anonymousContext(X509Certificate serverCa) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trusting(serverCa).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
