package dev.omescale.adapter;

import java.nio.file.Path;
import java.util.List;

/**
 * The serving certificate: PEM files, or a self-signed one made at start for development.
 *
 * @param cert       PEM certificate chain, leaf first; null when self-signed
 * @param key        PEM private key of the leaf; null when self-signed
 * @param selfSigned whether to make a certificate at start
 * @param hosts      extra DNS names or IPs for the self-signed certificate (localhost and 127.0.0.1 are always in)
 */
public record TlsConfig(Path cert, Path key, boolean selfSigned, List<String> hosts) {
    public TlsConfig {
        hosts = List.copyOf(hosts);
    }

    public static TlsConfig pem(Path cert, Path key) {
        return new TlsConfig(cert, key, false, List.of());
    }

    public static TlsConfig selfSigned(List<String> hosts) {
        return new TlsConfig(null, null, true, hosts);
    }
}
