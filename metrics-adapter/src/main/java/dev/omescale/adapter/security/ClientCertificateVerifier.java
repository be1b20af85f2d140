package dev.omescale.adapter.security;

import dev.omescale.telemetry.tls.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a client certificate chain against one CA bundle, for client authentication: the chain must lead to one
 * of the CAs, be valid now, and the leaf must allow client authentication when it restricts its key usage.
 */
public final class ClientCertificateVerifier {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private final String name;
    private final List<X509Certificate> authorities;
    private final PKIXParameters parameters;

    private ClientCertificateVerifier(String name, List<X509Certificate> authorities) throws IOException {
        this.name = name;
        this.authorities = List.copyOf(authorities);
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : authorities) {
            anchors.add(new TrustAnchor(ca, null));
        }
        try {
            this.parameters = new PKIXParameters(anchors);
        } catch (GeneralSecurityException e) {
            throw new IOException(name + ": cannot use the CA bundle (" + e.getMessage() + ")", e);
        }
        // Kubernetes client certificates carry no revocation information; the API server does not check it either.
        parameters.setRevocationEnabled(false);
    }

    /** A verifier for the CA bundle in {@code caFile}; {@code name} says which CA it is in error messages. */
    public static ClientCertificateVerifier fromPem(String name, Path caFile) throws IOException {
        return new ClientCertificateVerifier(name, PemFiles.certificates(caFile));
    }

    public String name() {
        return name;
    }

    public List<X509Certificate> authorities() {
        return authorities;
    }

    /**
     * Checks {@code chain} (leaf first).
     *
     * @return null when the chain is good, else why not
     */
    public String problem(X509Certificate[] chain) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            // The path excludes the anchor itself; a client may or may not send its CA along.
            List<X509Certificate> path = Arrays.stream(chain).filter(c -> !authorities.contains(c)).toList();
            if (path.isEmpty()) {
                return "the client presented a CA certificate instead of a client certificate";
            }
            CertPath certPath = factory.generateCertPath(path);
            // PKIXParameters is mutable; each check gets its own copy, since requests verify concurrently.
            CertPathValidator.getInstance("PKIX").validate(certPath, (PKIXParameters) parameters.clone());
        } catch (CertPathValidatorException e) {
            return "certificate " + subject(chain[0]) + " is not valid under the " + name + " ("
                    + e.getMessage() + ")";
        } catch (GeneralSecurityException e) {
            return "certificate " + subject(chain[0]) + " cannot be checked (" + e.getMessage() + ")";
        }
        try {
            List<String> usages = chain[0].getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
                return "certificate " + subject(chain[0]) + " is not for client authentication (extended key usage "
                        + usages + "); issue it with the clientAuth usage";
            }
        } catch (CertificateParsingException e) {
            return "certificate " + subject(chain[0]) + " has an unreadable extended key usage";
        }
        return null;
    }

    /** The subject's common name, or the whole subject when it has none. */
    public static String commonName(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return subject;
        }
        return "";
    }

    /** Organizations of the subject: Kubernetes reads them as the user's groups. */
    public static List<String> organizations(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            return new javax.naming.ldap.LdapName(subject).getRdns().stream()
                    .filter(r -> r.getType().equalsIgnoreCase("O"))
                    .map(r -> r.getValue().toString())
                    .toList();
        } catch (javax.naming.InvalidNameException e) {
            return List.of();
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
