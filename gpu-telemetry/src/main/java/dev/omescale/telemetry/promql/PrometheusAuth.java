package dev.omescale.telemetry.promql;

import java.util.Objects;

/**
 * How the client authenticates to Prometheus: nothing, a bearer token, or HTTP basic auth (KEDA's
 * {@code authModes} {@code bearer} and {@code basic}, which are mutually exclusive there too).
 *
 * <p>{@code toString} never prints a token or password, so an endpoint can be logged as it is.
 */
public sealed interface PrometheusAuth {

    /** No {@code Authorization} header. */
    record None() implements PrometheusAuth {
    }

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements PrometheusAuth {
        public Bearer {
            Objects.requireNonNull(token, "bearer token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("bearer token is blank; give the token, or use PrometheusAuth.None");
            }
        }

        @Override
        public String toString() {
            return "Bearer[token=***]";
        }
    }

    /** {@code Authorization: Basic base64(username:password)}. */
    record Basic(String username, String password) implements PrometheusAuth {
        public Basic {
            Objects.requireNonNull(username, "basic auth username");
            Objects.requireNonNull(password, "basic auth password");
            if (username.indexOf(':') >= 0) {
                // RFC 7617: the first colon separates user from password, so the server would split it wrongly.
                throw new IllegalArgumentException("basic auth username '" + username
                        + "' contains ':', which HTTP basic auth cannot carry; use a username without a colon");
            }
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }
}
