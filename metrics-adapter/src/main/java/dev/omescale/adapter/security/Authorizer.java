package dev.omescale.adapter.security;

import java.io.IOException;

/**
 * Decides whether an authenticated user may make a request, as Kubernetes' delegated authorization does with a
 * {@code SubjectAccessReview}.
 */
@FunctionalInterface
public interface Authorizer {

    /** The answer: allowed or not, and the authorizer's reason (may be empty). */
    record Decision(boolean allowed, String reason) {
        public Decision {
            reason = reason == null ? "" : reason;
        }
    }

    /**
     * @throws IOException when no decision could be made; the request is then refused, never let through
     */
    Decision authorize(UserInfo user, RequestAttributes request) throws IOException;

    /** Everyone authenticated may read everything (the adapter's behaviour before authorization existed). */
    static Authorizer alwaysAllow() {
        return (user, request) -> new Decision(true, "authorization: alwaysAllow");
    }
}
