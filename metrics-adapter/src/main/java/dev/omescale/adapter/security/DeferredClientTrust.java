package dev.omescale.adapter.security;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server's trust manager for client certificates: it asks clients for a certificate from the listed CAs and
 * accepts whatever comes, leaving the verdict to {@link RequestAuthenticator}. Kubernetes servers do the same
 * (Go's {@code RequestClientCert}): a certificate from an unknown CA then gets a 401 with a reason instead of a
 * failed handshake, and bearer-token and health requests still connect. The handshake alone already proves that
 * the client holds the certificate's key.
 */
public final class DeferredClientTrust extends X509ExtendedTrustManager {
    private final X509Certificate[] acceptedIssuers;

    public DeferredClientTrust(List<X509Certificate> acceptedIssuers) {
        this.acceptedIssuers = acceptedIssuers.toArray(new X509Certificate[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        requireChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        requireChain(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the metrics adapter's trust manager only takes client certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }

    private static void requireChain(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty client certificate chain");
        }
    }
}
