package dev.omescale.adapter.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a request asks for, in the terms Kubernetes authorizes: a resource request (verb, API group and version,
 * namespace, resource, name, subresource) or a non-resource request (verb and path). Built from the path the way
 * kube-apiserver's request-info parser does, so RBAC rules written for any aggregated metrics server apply as they
 * would there:
 *
 * <ul>
 *   <li>/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/pods/&#42;/queue_length: get, resource {@code pods},
 *       name {@code *}, subresource {@code queue_length} in namespace {@code llm};</li>
 *   <li>{@code …/namespaces/llm/metrics/queue_length} (a namespace's metric): get, resource {@code metrics},
 *       name {@code queue_length};</li>
 *   <li>{@code /apis/external.metrics.k8s.io/v1beta1/namespaces/llm/queue_length}: list, resource
 *       {@code queue_length} (no name);</li>
 *   <li>{@code /apis}, {@code /apis/<group>} and {@code /apis/<group>/<version>}: non-resource, get.</li>
 * </ul>
 *
 * @param verb        get, list, create, update, patch, delete, deletecollection; for non-resource requests the
 *                    lower-case HTTP method
 * @param path        the request path
 * @param apiGroup    null for a non-resource request
 * @param apiVersion  null for a non-resource request
 * @param namespace   "" when none
 * @param resource    "" for a non-resource request
 * @param subresource "" when none
 * @param name        "" when none
 */
public record RequestAttributes(String verb, String path, String apiGroup, String apiVersion, String namespace,
        String resource, String subresource, String name) {

    /** Namespace subresources kube-apiserver keeps on the namespace itself. */
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    public boolean isResourceRequest() {
        return apiGroup != null;
    }

    /** The attributes of {@code method} on {@code path} (URL-encoded as sent). */
    public static RequestAttributes of(String method, String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                // '+' is a plus in a path, not a space.
                parts.add(URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        String httpVerb = method.toLowerCase(Locale.ROOT);
        if (parts.size() < 4 || !parts.get(0).equals("apis")) {
            return new RequestAttributes(httpVerb, path, null, null, "", "", "", "");
        }
        String group = parts.get(1);
        String version = parts.get(2);
        List<String> rest = parts.subList(3, parts.size());
        String namespace = "";
        if (rest.get(0).equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                rest = rest.subList(2, rest.size());
            }
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : "";
        String subresource = rest.size() > 2 ? rest.get(2) : "";
        String verb = switch (httpVerb) {
            case "get", "head" -> name.isEmpty() ? "list" : "get";
            case "post" -> "create";
            case "put" -> "update";
            case "patch" -> "patch";
            case "delete" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> httpVerb;
        };
        return new RequestAttributes(verb, path, group, version, namespace, resource, subresource, name);
    }

    /** E.g. {@code get pods/queue_length "*" in API group custom.metrics.k8s.io in namespace llm}, or the path. */
    public String describe() {
        if (!isResourceRequest()) {
            return verb + " path " + path;
        }
        return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource)
                + (name.isEmpty() ? "" : " \"" + name + "\"") + " in API group " + apiGroup
                + (namespace.isEmpty() ? "" : " in namespace " + namespace);
    }

    /** An RBAC rule that grants this request, as the fix in a 403. */
    public String rbacRule() {
        if (!isResourceRequest()) {
            return "{nonResourceURLs: [\"" + path + "\"], verbs: [\"" + verb + "\"]} (ClusterRole system:discovery"
                    + " grants discovery paths to every authenticated user)";
        }
        // Metric names are subresources (custom) or resources (external); "*" covers them all, as the HPA
        // controller's own role does.
        return "{apiGroups: [\"" + apiGroup + "\"], resources: [\"*\"], verbs: [\"get\", \"list\"]}";
    }

    @Override
    public String toString() {
        return describe();
    }
}
