package dev.omescale.adapter;

import java.util.Arrays;
import java.util.Optional;

/** How the adapter decides what an authenticated caller may read ({@code adapter.authorization}). */
public enum AuthorizationMode {
    /**
     * Ask the API server with a SubjectAccessReview per user and request (cached 10 s), as aggregated API servers
     * do; the default whenever authentication involves the cluster (front proxy or TokenReview).
     */
    SUBJECT_ACCESS_REVIEW("subjectAccessReview"),
    /** Every authenticated caller may read every metric. */
    ALWAYS_ALLOW("alwaysAllow");

    private final String configName;

    AuthorizationMode(String configName) {
        this.configName = configName;
    }

    /** The word in the configuration file. */
    public String configName() {
        return configName;
    }

    public static Optional<AuthorizationMode> fromConfigName(String name) {
        return Arrays.stream(values()).filter(m -> m.configName.equals(name)).findFirst();
    }

    /** The default for {@code authentication}: SubjectAccessReview when it uses the front proxy or TokenReview. */
    public static AuthorizationMode defaultFor(AuthenticationConfig authentication) {
        return authentication.enabled()
                && (authentication.requestheaderClientCa() != null || authentication.tokenReview())
                ? SUBJECT_ACCESS_REVIEW : ALWAYS_ALLOW;
    }
}
