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
 */
public record AdapterConfig(String host, int port, TlsConfig tls, AuthenticationConfig authentication,
        Duration maxDataAge) {

    public static final int DEFAULT_PORT = 6443;
    public static final Duration DEFAULT_MAX_DATA_AGE = Duration.ofSeconds(60);

    public AdapterConfig {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(maxDataAge, "maxDataAge");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }
}
