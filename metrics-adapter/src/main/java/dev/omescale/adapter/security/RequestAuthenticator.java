package dev.omescale.adapter.security;

import dev.omescale.adapter.api.ApiError;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a request the way an aggregated API server does, trying in order: the front proxy (a client
 * certificate from the request-header CA with an allowed name; the user from its headers), a client certificate
 * from the client CA (the user is its CN, groups its O), and a bearer token checked by a {@link TokenReviewer}.
 * Nothing accepted means 401. Authorization comes after, in the server ({@link Authorizer}).
 */
public final class RequestAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthenticator.class);

    /** The request parts authentication looks at. */
    public interface Request {
        /** Every value of header {@code name} (case-insensitive), empty when absent. */
        List<String> headers(String name);

        /** Every header name, for extra-header prefixes. */
        List<String> headerNames();
    }

    private final ClientCertificateVerifier frontProxy;
    private final RequestHeaderSettings headerSettings;
    private final ClientCertificateVerifier clients;
    private final TokenReviewer tokens;

    /**
     * @param frontProxy     the request-header CA, or null when the front proxy is not trusted
     * @param headerSettings names and headers for the front proxy; unused without it
     * @param clients        the client CA, or null
     * @param tokens         the token reviewer, or null when bearer tokens are refused
     */
    public RequestAuthenticator(ClientCertificateVerifier frontProxy, RequestHeaderSettings headerSettings,
            ClientCertificateVerifier clients, TokenReviewer tokens) {
        this.frontProxy = frontProxy;
        this.headerSettings = headerSettings;
        this.clients = clients;
        this.tokens = tokens;
    }

    /** The CAs whose certificates clients should present, for the TLS certificate request. */
    public List<X509Certificate> acceptedIssuers() {
        List<X509Certificate> issuers = new ArrayList<>();
        if (frontProxy != null) {
            issuers.addAll(frontProxy.authorities());
        }
        if (clients != null) {
            issuers.addAll(clients.authorities());
        }
        return issuers;
    }

    /** Whether any authenticator takes client certificates, so the TLS layer should ask for one. */
    public boolean wantsClientCertificates() {
        return frontProxy != null || clients != null;
    }

    /**
     * The request's user.
     *
     * @param chain the client's certificate chain, leaf first, or null when it sent none
     * @throws ApiError 401 naming every reason no authenticator accepted the request
     */
    public UserInfo authenticate(X509Certificate[] chain, Request request) {
        List<String> reasons = new ArrayList<>();
        if (chain != null && chain.length > 0) {
            if (frontProxy != null) {
                Optional<UserInfo> user = fromFrontProxy(chain, request, reasons);
                if (user.isPresent()) {
                    return user.get();
                }
            }
            if (clients != null) {
                String problem = clients.problem(chain);
                if (problem == null) {
                    return new UserInfo(ClientCertificateVerifier.commonName(chain[0]),
                            ClientCertificateVerifier.organizations(chain[0]), Map.of());
                }
                reasons.add(problem);
            }
            if (frontProxy == null && clients == null) {
                reasons.add("client certificates are not accepted (no requestheaderClientCa or clientCa configured)");
            }
        }
        Optional<String> token = bearerToken(request);
        if (token.isPresent()) {
            if (tokens == null) {
                reasons.add("bearer tokens are not accepted (authentication.tokenReview is off)");
            } else {
                try {
                    Optional<UserInfo> user = tokens.review(token.get());
                    if (user.isPresent()) {
                        return user.get();
                    }
                    reasons.add("the API server did not authenticate the bearer token (TokenReview)");
                } catch (IOException e) {
                    LOG.warn("TokenReview failed: {}", e.getMessage());
                    reasons.add("the bearer token could not be reviewed: " + e.getMessage());
                }
            }
        }
        if (reasons.isEmpty()) {
            reasons.add("the request has no client certificate and no bearer token");
        }
        throw ApiError.unauthorized("Unauthorized: " + String.join("; ", reasons));
    }

    private Optional<UserInfo> fromFrontProxy(X509Certificate[] chain, Request request, List<String> reasons) {
        String problem = frontProxy.problem(chain);
        if (problem != null) {
            reasons.add(problem);
            return Optional.empty();
        }
        String name = ClientCertificateVerifier.commonName(chain[0]);
        if (!headerSettings.allowedNames().isEmpty() && !headerSettings.allowedNames().contains(name)) {
            reasons.add("front-proxy certificate CN=" + name + " is not among the allowed names "
                    + headerSettings.allowedNames());
            return Optional.empty();
        }
        String user = null;
        for (String header : headerSettings.usernameHeaders()) {
            user = request.headers(header).stream().filter(v -> !v.isEmpty()).findFirst().orElse(null);
            if (user != null) {
                break;
            }
        }
        if (user == null) {
            reasons.add("front-proxy certificate CN=" + name + " without a user header ("
                    + String.join(", ", headerSettings.usernameHeaders()) + ")");
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>();
        for (String header : headerSettings.groupHeaders()) {
            groups.addAll(request.headers(header));
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (String headerName : request.headerNames()) {
            for (String prefix : headerSettings.extraHeaderPrefixes()) {
                if (headerName.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    // Kubernetes lower-cases extra keys and percent-decodes them.
                    String key = URLDecoder.decode(headerName.substring(prefix.length()), StandardCharsets.UTF_8)
                            .toLowerCase(Locale.ROOT);
                    extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(request.headers(headerName));
                }
            }
        }
        return Optional.of(new UserInfo(user, groups, extra));
    }

    private static Optional<String> bearerToken(Request request) {
        for (String value : request.headers("Authorization")) {
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String token = value.substring(7).trim();
                if (!token.isEmpty()) {
                    return Optional.of(token);
                }
            }
        }
        return Optional.empty();
    }
}
