package dev.omescale.adapter.security;

import dev.omescale.telemetry.tls.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The server's certificate chain and key, held in an in-memory key store for the TLS context. */
public final class ServingCertificate {
    static final String ALIAS = "serving";

    private final KeyStore keyStore;
    private final char[] password;
    private final List<X509Certificate> chain;

    private ServingCertificate(KeyStore keyStore, char[] password, List<X509Certificate> chain) {
        this.keyStore = keyStore;
        this.password = password.clone();
        this.chain = List.copyOf(chain);
    }

    /** The key store holding the key and chain under one alias. */
    public KeyStore keyStore() {
        return keyStore;
    }

    public char[] password() {
        return password.clone();
    }

    /** Leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The chain from {@code certFile} and its key from {@code keyFile}; fails when the key is not the leaf's. */
    public static ServingCertificate fromPem(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(certFile);
        PrivateKey key = PemFiles.privateKey(keyFile);
        if (!belongsTo(key, chain.get(0))) {
            throw new IOException(keyFile + " is not the key of the certificate in " + certFile + " ("
                    + chain.get(0).getSubjectX500Principal() + "); give the key that was issued with it");
        }
        return of(key, chain);
    }

    /**
     * A self-signed certificate for development, valid for a year, for {@code hosts} (DNS names or IP addresses)
     * plus localhost and 127.0.0.1. Made by keytool in a private temporary directory that is removed afterwards.
     */
    public static ServingCertificate selfSigned(List<String> hosts) throws IOException {
        Path dir = Files.createTempDirectory("omescale-adapter-tls");
        try {
            Path store = dir.resolve("serving.p12");
            String password = randomPassword();
            Keytool.run("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=omescale-metrics-adapter", "-ext", "SAN=" + subjectAlternativeNames(hosts),
                    "-ext", "EKU=serverAuth", "-validity", "365", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
            KeyStore loaded = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                loaded.load(in, password.toCharArray());
            }
            PrivateKey key = (PrivateKey) loaded.getKey(ALIAS, password.toCharArray());
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : loaded.getCertificateChain(ALIAS)) {
                chain.add((X509Certificate) c);
            }
            return of(key, chain);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the self-signed certificate keytool made: " + e.getMessage(), e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static String subjectAlternativeNames(List<String> hosts) {
        Set<String> names = new LinkedHashSet<>();
        for (String h : hosts) {
            names.add(isIpAddress(h) ? "ip:" + h : "dns:" + h);
        }
        names.add("dns:localhost");
        names.add("ip:127.0.0.1");
        return String.join(",", names);
    }

    private static boolean isIpAddress(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            // A literal address never triggers a lookup.
            InetAddress.getByName(host);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServingCertificate of(PrivateKey key, List<X509Certificate> chain) throws IOException {
        try {
            char[] password = randomPassword().toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            return new ServingCertificate(store, password, chain);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot hold the serving key and certificate: " + e.getMessage(), e);
        }
    }

    // Sign and verify a nonce: works for every key type, unlike comparing key fields.
    private static boolean belongsTo(PrivateKey key, X509Certificate certificate) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IOException("keys of type " + key.getAlgorithm() + " are not supported; use RSA,"
                    + " EC or Ed25519");
        };
        try {
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(nonce);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(nonce);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Hex, not base64: keytool's launcher takes any argument starting with {@code -J} as a JVM option, so a
     * base64url password that happened to start with "-J" (1 in 4,096) made keytool fail.
     */
    static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
