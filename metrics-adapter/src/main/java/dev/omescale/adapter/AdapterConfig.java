package dev.omescale.adapter;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code adapter:} section: where to listen, the serving certificate, authentication, and how old data may be
 * before the API answers 503 instead of a value.
 *
 * @param host       address to bind; null binds every interface
 * @param port       0 picks a free port (tests)
 * @param maxDataAge signals and decisions older than this are not served
 * @param authorization what authenticated callers may read; {@link AuthorizationMode#ALWAYS_ALLOW} with
 *                      {@code authentication: none}
 */
public record AdapterConfig(String host, int port, TlsConfig tls, AuthenticationConfig authentication,
        Duration maxDataAge, AuthorizationMode authorization) {

    public static final int DEFAULT_PORT = 6443;
    public static final Duration DEFAULT_MAX_DATA_AGE = Duration.ofSeconds(60);

    public AdapterConfig {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(maxDataAge, "maxDataAge");
        Objects.requireNonNull(authorization, "authorization");
        if (!authentication.enabled() && authorization == AuthorizationMode.SUBJECT_ACCESS_REVIEW) {
            throw new IllegalArgumentException("authorization subjectAccessReview needs authentication: without it"
                    + " there is no user to ask about");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }

    /**
     * Without authorization: every authenticated caller may read every metric, as before SubjectAccessReview was
     * supported. The configuration reader defaults to SubjectAccessReview instead (see {@link AuthorizationMode}).
     */
    public AdapterConfig(String host, int port, TlsConfig tls, AuthenticationConfig authentication,
            Duration maxDataAge) {
        this(host, port, tls, authentication, maxDataAge, AuthorizationMode.ALWAYS_ALLOW);
    }
}
