package dev.omescale.keda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small PKI made with the JDK's keytool, as PEM files the way a TriggerAuthentication and a cert-manager secret
 * hold them: a CA, a server certificate for 127.0.0.1/localhost, a client certificate from the same CA, and a
 * client certificate from an unrelated CA. Keys are PKCS#8 PEM.
 */
record TestPki(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path strangerCert,
        Path strangerKey) {

    private static final String PASSWORD = "changeit";

    static TestPki create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path ca = authority(dir, "ca", "CN=omescale test CA");
        Path other = authority(dir, "other-ca", "CN=someone else's CA");
        Path serverCert = issue(dir, ca, "server", "CN=127.0.0.1", "SAN=ip:127.0.0.1,dns:localhost",
                "EKU=serverAuth");
        Path clientCert = issue(dir, ca, "client", "CN=keda-operator", "SAN=dns:keda-operator", "EKU=clientAuth");
        Path strangerCert = issue(dir, other, "stranger", "CN=keda-operator", "SAN=dns:keda-operator",
                "EKU=clientAuth");
        return new TestPki(dir.resolve("ca.pem"), serverCert, key(dir, "server"), clientCert, key(dir, "client"),
                strangerCert, key(dir, "stranger"));
    }

    /** A CA key store {@code <name>.p12} and its certificate {@code <name>.pem}; returns the key store. */
    private static Path authority(Path dir, String name, String dname) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", "bc:c", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-file", dir.resolve(name + ".pem").toString());
        return store;
    }

    /** A key pair {@code <name>.p12} and a certificate {@code <name>.pem} signed by the CA in {@code caStore}. */
    private static Path issue(Path dir, Path caStore, String name, String dname, String san, String eku)
            throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        String caAlias = caStore.getFileName().toString().replace(".p12", "");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
                PASSWORD, "-file", csr.toString());
        keytool("-gencert", "-alias", caAlias, "-keystore", caStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc",
                "-ext", san, "-ext", eku, "-validity", "2");
        return cert;
    }

    /** The private key of {@code <name>.p12} as a PKCS#8 PEM file. */
    private static Path key(Path dir, String name) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            store.load(in, PASSWORD.toCharArray());
        }
        Key key = store.getKey(name, PASSWORD.toCharArray());
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                key.getEncoded());
        Path pem = dir.resolve(name + "-key.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        return pem;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
