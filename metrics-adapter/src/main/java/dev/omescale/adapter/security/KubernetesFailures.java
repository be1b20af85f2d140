package dev.omescale.adapter.security;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Says why a review request to the API server failed, in words, without repeating any secret it carried. */
final class KubernetesFailures {
    private KubernetesFailures() {
    }

    /**
     * The failure's code, the API server's message or the root cause, with {@code secret} (when not null) blanked
     * out: a proxy or a misbehaving server could echo the request body into its error.
     */
    static String describe(KubernetesClientException e, String secret) {
        String text;
        if (e.getCode() > 0) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage();
            text = "HTTP " + e.getCode() + " (" + message + ")";
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "[redacted]");
    }

    /** The fix for a refusal by the API server, or "" for other failures. */
    static String fix(KubernetesClientException e, String verb, String resource, String group) {
        if (e.getCode() == 401 || e.getCode() == 403) {
            return "; omescale's service account needs '" + verb + " " + resource + "." + group + "': bind it to"
                    + " ClusterRole system:auth-delegator (deploy/base/rbac-adapter.yaml)";
        }
        if (e.getCode() <= 0) {
            return "; the API server could not be reached, the request is refused until it answers";
        }
        return "";
    }
}
