package dev.omescale.adapter.security;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks bearer tokens with the API server: creates an {@code authentication.k8s.io/v1 TokenReview} per token, as
 * aggregated API servers do (the service account needs {@code create tokenreviews}, e.g. through ClusterRole
 * {@code system:auth-delegator}). Both answers are cached for {@code ttl}, keyed by the token's SHA-256, so the token
 * itself is never kept; failures are not cached. No message this class makes contains the token.
 */
public final class KubernetesTokenReviewer implements TokenReviewer {
    /** Kubernetes' default for delegated authentication ({@code --authentication-token-webhook-cache-ttl}). */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final KubernetesClient client;
    private final ExpiringCache<String, Optional<UserInfo>> cache;

    /** Caches for {@link #DEFAULT_TTL}, at most {@link #DEFAULT_MAX_ENTRIES} tokens. */
    public KubernetesTokenReviewer(KubernetesClient client) {
        this(client, Clock.systemUTC(), DEFAULT_TTL, DEFAULT_MAX_ENTRIES);
    }

    public KubernetesTokenReviewer(KubernetesClient client, Clock clock, Duration ttl, int maxEntries) {
        this.client = Objects.requireNonNull(client, "kubernetes client");
        this.cache = new ExpiringCache<>(clock, ttl, maxEntries);
    }

    @Override
    public Optional<UserInfo> review(String token) throws IOException {
        String key = sha256(token);
        Optional<UserInfo> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        TokenReview answer;
        try {
            answer = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                    .withNewSpec().withToken(token).endSpec().build());
        } catch (KubernetesClientException e) {
            throw new IOException("TokenReview at " + client.getMasterUrl() + " failed: "
                    + KubernetesFailures.describe(e, token) + KubernetesFailures.fix(e, "create", "tokenreviews",
                            "authentication.k8s.io"));
        }
        TokenReviewStatus status = answer == null ? null : answer.getStatus();
        Optional<UserInfo> user = Optional.empty();
        if (status != null && Boolean.TRUE.equals(status.getAuthenticated()) && status.getUser() != null
                && status.getUser().getUsername() != null && !status.getUser().getUsername().isEmpty()) {
            var u = status.getUser();
            user = Optional.of(new UserInfo(u.getUsername(), u.getGroups() == null ? List.of() : u.getGroups(),
                    u.getExtra() == null ? Map.of() : u.getExtra()));
        }
        cache.put(key, user);
        return user;
    }

    /** Tokens (answers) held now, for tests. */
    int cached() {
        return cache.size();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
