package dev.omescale.keda;

import java.nio.file.Path;
import java.util.Objects;

/**
 * PEM files for serving TLS.
 *
 * @param cert     the serving certificate chain (leaf first); it must name the host of KEDA's scalerAddress
 * @param key      its unencrypted private key as PEM: PKCS#8, PKCS#1 RSA or SEC1 EC (as in a Kubernetes TLS
 *                 secret, whatever cert-manager's encoding)
 * @param clientCa CA certificates that client certificates must chain to; null for server-only TLS. When set,
 *                 a client without a certificate from these CAs is refused (mutual TLS).
 */
public record TlsFiles(Path cert, Path key, Path clientCa) {
    public TlsFiles {
        Objects.requireNonNull(cert, "tls cert");
        Objects.requireNonNull(key, "tls key");
    }

    public boolean mutual() {
        return clientCa != null;
    }
}
