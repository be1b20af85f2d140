package dev.omescale.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.telemetry.testing.MutableClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reviewers on their own against fabric8's mock API server: cache lifetimes, bounds and refusals. */
class KubernetesReviewersTest {
    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    private static final RequestAttributes READ = RequestAttributes.of("GET",
            "/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/pods/*/queue_length");

    KubernetesMockServer api;
    KubernetesClient client;
    final MutableClock clock = new MutableClock(1_000_000);
    final AtomicInteger tokenReviews = new AtomicInteger();
    final AtomicInteger accessReviews = new AtomicInteger();

    @BeforeEach
    void start() {
        api = new KubernetesMockServer(false);
        api.init();
        client = api.createClient();
    }

    @AfterEach
    void stop() {
        api.destroy();
        client.close();
    }

    private void tokensAreAlice() {
        api.expect().post().withPath(TOKEN_REVIEWS).andReply(201, r -> {
            tokenReviews.incrementAndGet();
            return "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"status\":{"
                    + "\"authenticated\":true,\"user\":{\"username\":\"alice\",\"groups\":[\"devs\"],"
                    + "\"extra\":{\"scopes\":[\"metrics\"]}}}}";
        }).always();
    }

    private void accessIs(boolean allowed) {
        api.expect().post().withPath(ACCESS_REVIEWS).andReply(201, r -> {
            accessReviews.incrementAndGet();
            return "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"status\":{"
                    + "\"allowed\":" + allowed + ",\"reason\":\"because\"}}";
        }).always();
    }

    @Test
    void tokenAnswersLiveTenSecondsThenAreAskedAgain() throws Exception {
        tokensAreAlice();
        KubernetesTokenReviewer reviewer = new KubernetesTokenReviewer(client, clock, Duration.ofSeconds(10), 100);
        UserInfo alice = new UserInfo("alice", List.of("devs"), Map.of("scopes", List.of("metrics")));
        assertThat(reviewer.review("t1")).contains(alice);
        clock.advance(9_999);
        assertThat(reviewer.review("t1")).contains(alice);
        assertThat(tokenReviews).hasValue(1);
        clock.advance(1);
        assertThat(reviewer.review("t1")).contains(alice);
        assertThat(tokenReviews).hasValue(2);
    }

    @Test
    void theCacheIsBounded() throws Exception {
        tokensAreAlice();
        KubernetesTokenReviewer reviewer = new KubernetesTokenReviewer(client, clock, Duration.ofSeconds(10), 2);
        for (String token : List.of("a", "b", "c", "a")) {
            reviewer.review(token);
        }
        // "a" was the eldest when "c" came, so it was asked about again.
        assertThat(tokenReviews).hasValue(4);
        assertThat(reviewer.cached()).isEqualTo(2);
    }

    @Test
    void anApiServerThatRefusesTheServiceAccountSaysWhichRoleToBind() {
        api.expect().post().withPath(TOKEN_REVIEWS).andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Failure\",\"message\":\"tokenreviews.authentication.k8s.io is forbidden\","
                + "\"reason\":\"Forbidden\",\"code\":403}").always();
        KubernetesTokenReviewer reviewer = new KubernetesTokenReviewer(client, clock, Duration.ofSeconds(10), 100);
        assertThatThrownBy(() -> reviewer.review("secret-value")).isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 403 (tokenreviews.authentication.k8s.io is forbidden)")
                .hasMessageContaining("needs 'create tokenreviews.authentication.k8s.io'")
                .hasMessageContaining("system:auth-delegator")
                .message().doesNotContain("secret-value");
        assertThat(reviewer.cached()).isZero();
    }

    @Test
    void accessDecisionsAreCachedPerUserAndRequest() throws Exception {
        accessIs(false);
        KubernetesSubjectAccessReviewer reviewer = new KubernetesSubjectAccessReviewer(client, clock,
                Duration.ofSeconds(10), 100);
        UserInfo bob = new UserInfo("bob", List.of("devs"), Map.of());
        assertThat(reviewer.authorize(bob, READ)).isEqualTo(new Authorizer.Decision(false, "because"));
        assertThat(reviewer.authorize(bob, READ).allowed()).isFalse();
        assertThat(accessReviews).hasValue(1);
        // Another group is another question.
        reviewer.authorize(new UserInfo("bob", List.of("ops"), Map.of()), READ);
        assertThat(accessReviews).hasValue(2);
        clock.advance(10_000);
        reviewer.authorize(bob, READ);
        assertThat(accessReviews).hasValue(3);
    }

    @Test
    void systemMastersNeedNoReview() throws Exception {
        accessIs(false);
        KubernetesSubjectAccessReviewer reviewer = new KubernetesSubjectAccessReviewer(client);
        assertThat(reviewer.authorize(new UserInfo("admin", List.of("system:masters"), Map.of()), READ).allowed())
                .isTrue();
        assertThat(accessReviews).hasValue(0);
    }
}
