package dev.omescale.telemetry.tls;

import dev.omescale.telemetry.config.ConfigFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys from PEM files as Kubernetes tooling writes them: certificate chains, PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}, kubeadm and cert-manager's default) and SEC1 EC
 * ({@code EC PRIVATE KEY}, openssl's default for EC) keys. The legacy forms are wrapped into PKCS#8, a lossless
 * re-labelling of the same key, since PKCS#8 is the one form the JDK (and the TLS stacks built on it) reads. Shared by
 * the metrics adapter (Jetty) and the KEDA external scaler (gRPC/Netty).
 */
public final class PemFiles {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String PKCS8_FIX = "convert it with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem'";

    private PemFiles() {
    }

    /** Every {@code CERTIFICATE} block of {@code file}, leaf first as written. */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file)) {
                if (b.type.equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der)));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": a CERTIFICATE block is not an X.509 certificate (" + e.getMessage()
                    + "); check that the file is the PEM certificate", e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + ": no '-----BEGIN CERTIFICATE-----' block; give a PEM certificate file");
        }
        return certificates;
    }

    /**
     * The first private key block of {@code file}.
     *
     * @throws IOException starting with the file's path, saying what is wrong and the fix
     */
    public static PrivateKey privateKey(Path file) throws IOException {
        List<Block> blocks = blocks(file);
        for (Block b : blocks) {
            switch (b.type) {
                case "PRIVATE KEY":
                    return pkcs8(file, b.der);
                case "RSA PRIVATE KEY":
                    return pkcs8(file, Der.pkcs8(Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, Der.RSA_OID),
                            Der.tlv(Der.NULL)), b.der));
                case "EC PRIVATE KEY":
                    return pkcs8(file, Der.pkcs8(Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, Der.EC_OID),
                            Der.tlv(Der.OID, curveOf(file, b.der))), b.der));
                case "ENCRYPTED PRIVATE KEY":
                    throw new IOException(file + ": the private key is encrypted; omescale reads unencrypted keys"
                            + " (mounted from a Secret); decrypt it with 'openssl pkcs8 -in KEY -out key.pem'");
                default:
                    break;
            }
        }
        if (Files.readString(file, StandardCharsets.ISO_8859_1).contains("Proc-Type: 4,ENCRYPTED")) {
            // OpenSSL's traditional encryption keeps the RSA/EC label and adds headers the block pattern skips.
            throw new IOException(file + ": the private key is encrypted (Proc-Type: 4,ENCRYPTED); omescale reads"
                    + " unencrypted keys (mounted from a Secret); decrypt it with 'openssl pkcs8 -topk8 -nocrypt -in"
                    + " KEY -out key.pem'");
        }
        throw new IOException(file + ": no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----, -----BEGIN RSA"
                + " PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----) found; give the PEM key that belongs to the"
                + " certificate, e.g. the tls.key of a Kubernetes TLS Secret");
    }

    /** A certificate as PEM text. */
    public static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("certificate " + certificate.getSubjectX500Principal()
                    + " cannot be encoded", e);
        }
    }

    /** A private key as PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}), for TLS stacks that read files. */
    public static String pkcs8Pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** {@code der} as a PEM block of {@code type}, 64 characters a line. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    // SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING key, [0] OID curve OPTIONAL, [1] BIT STRING OPTIONAL }.
    private static byte[] curveOf(Path file, byte[] sec1) throws IOException {
        Der.Element sequence = Der.read(sec1, 0);
        int offset = sequence.contentStart();
        while (offset < sequence.contentEnd()) {
            Der.Element e = Der.read(sec1, offset);
            if (e.tag() == Der.CONTEXT_0) {
                Der.Element oid = Der.read(sec1, e.contentStart());
                if (oid.tag() == Der.OID) {
                    return oid.content();
                }
            }
            offset = e.contentEnd();
        }
        throw new IOException(file + ": the EC PRIVATE KEY names no curve; " + PKCS8_FIX);
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IOException(file + ": the private key is neither RSA, EC nor Ed25519; " + PKCS8_FIX);
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text;
        try {
            ConfigFiles.checkFile(file, "a PEM file");
            // Latin-1 reads any byte, so comments around the blocks never fail the read.
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); check the path and its permissions", e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the " + m.group(1) + " block is not valid base64", e);
            }
        }
        return blocks;
    }
}
