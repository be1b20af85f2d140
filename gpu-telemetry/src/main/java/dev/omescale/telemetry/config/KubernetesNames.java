package dev.omescale.telemetry.config;

import java.util.regex.Pattern;

/** Kubernetes object-name rules, so a typo in a pod or namespace is caught at load time, not at lookup time. */
public final class KubernetesNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** What {@link #isLabel} accepts, in words, for error messages. */
    public static final String LABEL_RULE =
            "use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit";
    /** What {@link #isSubdomain} accepts, in words, for error messages. */
    public static final String SUBDOMAIN_RULE =
            "use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";

    private KubernetesNames() {
    }

    /** An RFC 1123 label (namespaces, InferenceServices, services). */
    public static boolean isLabel(String name) {
        return name.length() <= 63 && LABEL.matcher(name).matches();
    }

    /** An RFC 1123 subdomain (pods and most other objects). */
    public static boolean isSubdomain(String name) {
        return name.length() <= 253 && SUBDOMAIN.matcher(name).matches();
    }
}
