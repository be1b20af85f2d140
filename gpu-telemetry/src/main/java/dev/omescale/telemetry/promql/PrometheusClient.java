package dev.omescale.telemetry.promql;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal client of Prometheus' HTTP API: instant queries, the way KEDA's Prometheus scaler sends them
 * ({@code GET <serverAddress>/api/v1/query?query=...&time=<RFC 3339 UTC>} plus the configured parameters and
 * headers; any non-2xx status is an error). Thread-safe; one instance per endpoint.
 *
 * <p>Redirects are not followed: they would resend the credentials to wherever the server points, so a
 * redirect is reported with its target and the user updates {@code serverAddress}.
 */
public final class PrometheusClient {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusClient.class);

    private final PrometheusEndpoint endpoint;
    private final HttpClient http;
    private final QueryResponseParser parser = new QueryResponseParser(JsonMapper.builder().build());
    private final String authorization;
    private final int maxResponseBytes;

    public PrometheusClient(PrometheusEndpoint endpoint) {
        this(endpoint, CappedBody.MAX_BYTES);
    }

    /** @param maxResponseBytes answers larger than this fail the query instead of being read */
    PrometheusClient(PrometheusEndpoint endpoint, int maxResponseBytes) {
        this.endpoint = endpoint;
        this.maxResponseBytes = maxResponseBytes;
        this.authorization = authorizationHeader(endpoint.auth());
        checkHeaderNames(endpoint);
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/1.1 is what Prometheus and its proxies all speak; it also skips the JDK's h2c upgrade
                // headers, which some proxies mishandle.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(endpoint.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (endpoint.caCertificatePem() != null) {
            builder.sslContext(sslContextTrusting(endpoint));
        }
        this.http = builder.build();
    }

    public PrometheusEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Evaluates {@code promql} at {@code time}.
     *
     * @return the vector or scalar Prometheus returned
     * @throws PromQlException on a non-2xx answer (with Prometheus' errorType and error), a timeout, a failed
     *                         connection or TLS handshake, an answer that is not the query API, or a matrix or
     *                         string result
     */
    public QueryResult query(String promql, Instant time) throws PromQlException {
        String context = "Prometheus at " + endpoint.serverAddress() + ", query " + quoted(promql);
        HttpRequest request = request(promql, time);
        HttpResponse<byte[]> response = send(request, context);
        int status = response.statusCode();
        byte[] body = response.body();
        if (status < 200 || status > 299) {
            throw httpError(status, response, body, context);
        }
        JsonNode root = parser.readJson(body, context);
        JsonNode warnings = root.get("warnings");
        if (warnings != null && !warnings.isEmpty()) {
            LOG.debug("{} warned: {}", context, warnings);
        }
        return parser.parse(root, context);
    }

    private HttpRequest request(String promql, Instant time) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("query", promql);
        parameters.put("time", DateTimeFormatter.ISO_INSTANT.format(time));
        parameters.putAll(endpoint.queryParameters());
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        URI base = endpoint.serverAddress();
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        URI uri = URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/api/v1/query?" + query);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(endpoint.timeout())
                .header("Accept", "application/json");
        endpoint.customHeaders().forEach(builder::header);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private HttpResponse<byte[]> send(HttpRequest request, String context) throws PromQlException {
        // The request timeout ends at the response headers; the overall deadline also bounds a body that trickles.
        CompletableFuture<HttpResponse<byte[]>> pending =
                http.sendAsync(request, CappedBody.handler(maxResponseBytes));
        try {
            return pending.get(endpoint.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw timeout(context, "request timeout", e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new PromQlException(context + ": interrupted while waiting for the answer", e);
        } catch (ExecutionException e) {
            throw transportError(e.getCause(), context);
        }
    }

    private PromQlException transportError(Throwable cause, String context) {
        Throwable tooLarge = cause;
        while (tooLarge != null && !(tooLarge instanceof CappedBody.TooLargeException)) {
            tooLarge = tooLarge.getCause();
        }
        if (tooLarge != null) {
            return new PromQlException(context + ": " + tooLarge.getMessage() + "; aggregate the query (e.g. sum or"
                    + " sum by (pod)) so that it returns a few series, and check that serverAddress is Prometheus",
                    cause);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return timeout(context, "connect timeout", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(context, "request timeout", cause);
        }
        if (cause instanceof SSLException || cause != null && cause.getCause() instanceof SSLException) {
            return new PromQlException(context + ": TLS handshake failed (" + describe(cause) + "); if Prometheus"
                    + " uses a certificate from a private CA, set caCertificatePem to that CA's PEM file", cause);
        }
        if (cause instanceof ConnectException) {
            return new PromQlException(context + ": could not connect (" + describe(cause)
                    + "); check serverAddress and that Prometheus is running and reachable", cause);
        }
        return new PromQlException(context + ": request failed (" + describe(cause)
                + "); check serverAddress and the network path to Prometheus", cause);
    }

    private PromQlException timeout(String context, String which, Throwable cause) {
        return new PromQlException(context + ": no answer within " + endpoint.timeout().toMillis() + " ms ("
                + which + " = PrometheusEndpoint.timeout); raise the timeout, or make the query cheaper, or check"
                + " that Prometheus is not overloaded", cause);
    }

    private PromQlException httpError(int status, HttpResponse<byte[]> response, byte[] body, String context) {
        String errorType = null;
        String error = null;
        try {
            JsonNode root = parser.readJson(body, context);
            errorType = root.hasNonNull("errorType") ? root.get("errorType").asString() : null;
            error = root.hasNonNull("error") ? root.get("error").asString() : null;
        } catch (PromQlException notJson) {
            // A proxy's HTML page, for example: the status and the start of the body say enough.
        }
        StringBuilder message = new StringBuilder(context).append(": HTTP ").append(status);
        if (errorType != null || error != null) {
            message.append(", ").append(errorType == null ? "error" : errorType).append(": ").append(error);
        } else {
            message.append(", body ").append(QueryResponseParser.snippet(body));
        }
        message.append("; ").append(fix(status, errorType, response));
        return new PromQlException(message.toString(), null, status, errorType);
    }

    private static String fix(int status, String errorType, HttpResponse<byte[]> response) {
        if ("bad_data".equals(errorType) || status == 400) {
            return "fix the PromQL query";
        }
        if (status == 401 || status == 403) {
            return "check the credentials (auth, customHeaders) for this endpoint";
        }
        if (status == 404) {
            return "serverAddress must be the Prometheus root; the client appends /api/v1/query";
        }
        if (status >= 300 && status < 400) {
            return "set serverAddress to the redirect target " + response.headers().firstValue("Location")
                    .orElse("(no Location header)") + "; redirects are not followed";
        }
        if ("timeout".equals(errorType) || status == 503) {
            return "Prometheus gave up or is overloaded; retry later or make the query cheaper";
        }
        if ("execution".equals(errorType) || status == 422) {
            return "the query failed while executing; check it in the Prometheus UI";
        }
        return "check Prometheus' logs";
    }

    private static String authorizationHeader(PrometheusAuth auth) {
        if (auth instanceof PrometheusAuth.Bearer bearer) {
            return "Bearer " + bearer.token();
        }
        if (auth instanceof PrometheusAuth.Basic basic) {
            String pair = basic.username() + ":" + basic.password();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** The JDK rejects some header names (Host, Connection, ...); say so now rather than at the first query. */
    private static void checkHeaderNames(PrometheusEndpoint endpoint) {
        for (String name : endpoint.customHeaders().keySet()) {
            try {
                HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, "x");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("customHeaders has header '" + name
                        + "', which the HTTP client does not allow to be set (" + e.getMessage() + "); remove it", e);
            }
        }
    }

    /** The JDK's trusted CAs plus the ones in the endpoint's PEM file. */
    private static SSLContext sslContextTrusting(PrometheusEndpoint endpoint) {
        var pem = endpoint.caCertificatePem();
        Collection<? extends Certificate> cas;
        try (InputStream in = Files.newInputStream(pem)) {
            cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read caCertificatePem " + pem + " (" + describe(e)
                    + "); give a readable PEM file of CA certificates", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("caCertificatePem " + pem + " is not a PEM certificate file ("
                    + describe(e) + "); give the CA certificate as -----BEGIN CERTIFICATE----- blocks", e);
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("caCertificatePem " + pem
                    + " holds no certificate; give the CA certificate as -----BEGIN CERTIFICATE----- blocks");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (X509Certificate jdkCa : defaultTrustManager().getAcceptedIssuers()) {
                trusted.setCertificateEntry("jdk-" + n++, jdkCa);
            }
            for (Certificate ca : cas) {
                trusted.setCertificateEntry("endpoint-" + n++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting " + pem + ": " + describe(e), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X509 trust manager");
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "no cause";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String quoted(String promql) {
        String oneLine = promql.replaceAll("\\s+", " ").trim();
        return "\"" + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine) + "\"";
    }
}
