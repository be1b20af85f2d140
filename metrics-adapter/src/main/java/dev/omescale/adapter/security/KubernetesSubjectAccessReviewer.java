package dev.omescale.adapter.security;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Asks the API server whether a user may make a request: creates an {@code authorization.k8s.io/v1
 * SubjectAccessReview} with the user's name, groups and extra and the request's attributes, as aggregated API
 * servers do (the service account needs {@code create subjectaccessreviews}, e.g. through ClusterRole
 * {@code system:auth-delegator}). Answers are cached for {@code ttl} per user and request; failures are not. Members
 * of {@code system:masters} are allowed without asking, as Kubernetes' delegating authorizer does.
 */
public final class KubernetesSubjectAccessReviewer implements Authorizer {
    /** Kubernetes' defaults for delegated authorization (allowed and denied answers alike). */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    private static final String MASTERS = "system:masters";

    private record Question(UserInfo user, RequestAttributes request) {
    }

    private final KubernetesClient client;
    private final ExpiringCache<Question, Decision> cache;

    /** Caches for {@link #DEFAULT_TTL}, at most {@link #DEFAULT_MAX_ENTRIES} answers. */
    public KubernetesSubjectAccessReviewer(KubernetesClient client) {
        this(client, Clock.systemUTC(), DEFAULT_TTL, DEFAULT_MAX_ENTRIES);
    }

    public KubernetesSubjectAccessReviewer(KubernetesClient client, Clock clock, Duration ttl, int maxEntries) {
        this.client = Objects.requireNonNull(client, "kubernetes client");
        this.cache = new ExpiringCache<>(clock, ttl, maxEntries);
    }

    @Override
    public Decision authorize(UserInfo user, RequestAttributes request) throws IOException {
        if (user.groups().contains(MASTERS)) {
            return new Decision(true, "member of " + MASTERS);
        }
        Question question = new Question(user, request);
        Decision cached = cache.get(question);
        if (cached != null) {
            return cached;
        }
        SubjectAccessReview answer;
        try {
            answer = client.authorization().v1().subjectAccessReview().create(review(user, request));
        } catch (KubernetesClientException e) {
            throw new IOException("SubjectAccessReview at " + client.getMasterUrl() + " failed: "
                    + KubernetesFailures.describe(e, null) + KubernetesFailures.fix(e, "create",
                            "subjectaccessreviews", "authorization.k8s.io"));
        }
        SubjectAccessReviewStatus status = answer == null ? null : answer.getStatus();
        Decision decision;
        if (status == null) {
            decision = new Decision(false, "the SubjectAccessReview came back without a status");
        } else {
            String reason = status.getReason() == null ? "" : status.getReason();
            if (status.getEvaluationError() != null && !status.getEvaluationError().isEmpty()) {
                reason = reason + (reason.isEmpty() ? "" : "; ") + "evaluation error: " + status.getEvaluationError();
            }
            decision = new Decision(Boolean.TRUE.equals(status.getAllowed())
                    && !Boolean.TRUE.equals(status.getDenied()), reason);
        }
        cache.put(question, decision);
        return decision;
    }

    /** Answers held now, for tests. */
    int cached() {
        return cache.size();
    }

    static SubjectAccessReview review(UserInfo user, RequestAttributes request) {
        SubjectAccessReviewBuilder builder = new SubjectAccessReviewBuilder();
        var spec = builder.withNewSpec().withUser(user.name()).withGroups(List.copyOf(user.groups()))
                .withExtra(Map.copyOf(user.extra()));
        if (request.isResourceRequest()) {
            spec = spec.withNewResourceAttributes().withVerb(request.verb()).withGroup(request.apiGroup())
                    .withVersion(request.apiVersion()).withNamespace(request.namespace())
                    .withResource(request.resource()).withSubresource(request.subresource())
                    .withName(request.name()).endResourceAttributes();
        } else {
            spec = spec.withNewNonResourceAttributes().withPath(request.path()).withVerb(request.verb())
                    .endNonResourceAttributes();
        }
        return spec.endSpec().build();
    }
}
