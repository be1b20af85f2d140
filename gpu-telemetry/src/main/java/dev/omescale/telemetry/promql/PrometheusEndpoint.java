package dev.omescale.telemetry.promql;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to query Prometheus: the settings KEDA's Prometheus scaler takes ({@code serverAddress},
 * auth, {@code ca}, {@code timeout}, {@code queryParameters}, {@code customHeaders}), checked once here so a
 * typo fails at configuration time rather than at the first query.
 *
 * <p>{@code toString} shows header names but not their values (a custom header may carry a token), and the
 * auth without its secrets.
 *
 * @param serverAddress     the Prometheus root, e.g. {@code http://prometheus:9090} or
 *                          {@code https://thanos/prometheus}; {@code /api/v1/query} is appended
 * @param auth              credentials, {@link PrometheusAuth.None} for none
 * @param caCertificatePem  a PEM file of CA certificates to trust in addition to the JDK's, or null
 * @param timeout           bound on connecting and on the whole answer (KEDA's default is 3 s)
 * @param queryParameters   extra URL parameters, e.g. {@code namespace} for Thanos or {@code dedup}
 * @param customHeaders     extra request headers, e.g. {@code X-Scope-OrgID}
 */
public record PrometheusEndpoint(URI serverAddress, PrometheusAuth auth, Path caCertificatePem, Duration timeout,
        Map<String, String> queryParameters, Map<String, String> customHeaders) {

    /** KEDA's {@code KEDA_HTTP_DEFAULT_TIMEOUT}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    public PrometheusEndpoint {
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(auth, "auth (use PrometheusAuth.None for none)");
        Objects.requireNonNull(timeout, "timeout");
        checkServerAddress(serverAddress);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("Prometheus timeout must be positive, got " + timeout
                    + "; KEDA's default is 3s");
        }
        queryParameters = copy(queryParameters, "queryParameters");
        customHeaders = copy(customHeaders, "customHeaders");
        for (String reserved : new String[] {"query", "time"}) {
            if (queryParameters.containsKey(reserved)) {
                throw new IllegalArgumentException("queryParameters may not set '" + reserved
                        + "': the client sets it for every query; remove it");
            }
        }
        if (!(auth instanceof PrometheusAuth.None)) {
            for (String name : customHeaders.keySet()) {
                if (name.toLowerCase(Locale.ROOT).equals("authorization")) {
                    throw new IllegalArgumentException("customHeaders sets Authorization while auth is "
                            + auth + "; use one or the other");
                }
            }
        }
    }

    /** An endpoint with no auth, the JDK's trusted CAs, KEDA's 3 s timeout and no extras. */
    public static PrometheusEndpoint of(URI serverAddress) {
        return new PrometheusEndpoint(serverAddress, new PrometheusAuth.None(), null, DEFAULT_TIMEOUT, Map.of(),
                Map.of());
    }

    public PrometheusEndpoint withAuth(PrometheusAuth newAuth) {
        return new PrometheusEndpoint(serverAddress, newAuth, caCertificatePem, timeout, queryParameters,
                customHeaders);
    }

    public PrometheusEndpoint withCaCertificatePem(Path pem) {
        return new PrometheusEndpoint(serverAddress, auth, pem, timeout, queryParameters, customHeaders);
    }

    public PrometheusEndpoint withTimeout(Duration newTimeout) {
        return new PrometheusEndpoint(serverAddress, auth, caCertificatePem, newTimeout, queryParameters,
                customHeaders);
    }

    public PrometheusEndpoint withQueryParameters(Map<String, String> parameters) {
        return new PrometheusEndpoint(serverAddress, auth, caCertificatePem, timeout, parameters, customHeaders);
    }

    public PrometheusEndpoint withCustomHeaders(Map<String, String> headers) {
        return new PrometheusEndpoint(serverAddress, auth, caCertificatePem, timeout, queryParameters, headers);
    }

    @Override
    public String toString() {
        return "PrometheusEndpoint[serverAddress=" + serverAddress + ", auth=" + auth + ", caCertificatePem="
                + caCertificatePem + ", timeout=" + timeout + ", queryParameters=" + queryParameters
                + ", customHeaders=" + customHeaders.keySet() + "]";
    }

    private static void checkServerAddress(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Prometheus serverAddress '" + uri
                    + "' needs an http:// or https:// scheme, e.g. http://prometheus.monitoring:9090");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Prometheus serverAddress '" + uri
                    + "' has no host; write it like http://prometheus.monitoring:9090");
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the address here: the user info is likely a password.
            throw new IllegalArgumentException("Prometheus serverAddress for host " + uri.getHost()
                    + " carries user info; put the credentials in auth (PrometheusAuth.Basic) instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Prometheus serverAddress '" + uri
                    + "' has a query or fragment; give the root only and put parameters in queryParameters");
        }
    }

    private static Map<String, String> copy(Map<String, String> map, String what) {
        Objects.requireNonNull(map, what + " (use Map.of() for none)");
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(Objects.requireNonNull(key, what + " key"),
                Objects.requireNonNull(value, what + " value for " + key)));
        return Collections.unmodifiableMap(copy);
    }
}
