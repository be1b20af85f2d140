package dev.omescale.adapter.security;

import java.io.IOException;
import java.util.Optional;

/**
 * Checks a bearer token with the Kubernetes API server ({@code authentication.k8s.io/v1 TokenReview}), as an
 * aggregated API server does for callers that present a token instead of the front proxy's certificate.
 * {@link KubernetesTokenReviewer} asks a real API server (and caches); tests and benchmarks may supply their own.
 */
@FunctionalInterface
public interface TokenReviewer {

    /**
     * The token's user, or empty when the API server answers {@code status.authenticated: false}.
     *
     * @throws IOException when the review could not be made; the request is then refused (401), never let through
     */
    Optional<UserInfo> review(String token) throws IOException;
}
