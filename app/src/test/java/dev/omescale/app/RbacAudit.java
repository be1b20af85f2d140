package dev.omescale.app;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the API requests a client made with what RBAC rules allow, in RBAC's own terms: each request becomes
 * the attributes the API server authorizes (verb, API group, resource with subresource, namespace), as
 * {@code kube-apiserver}'s request-info resolver derives them from method, path and query. The RBAC audit of issue
 * #9 feeds it every request the controller sends in its end-to-end tests (fabric8 mock server's request log) and
 * the rules of {@code deploy/base/rbac-controller.yaml}: nothing may be missing, nothing may be extra.
 */
final class RbacAudit {

    /** One authorization: {@code namespace} is null for a cluster-wide grant (ClusterRole) or request. */
    record Access(String verb, String group, String resource, String namespace) implements Comparable<Access> {
        String key() {
            return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource;
        }

        @Override
        public int compareTo(Access o) {
            return (key() + " " + namespace).compareTo(o.key() + " " + o.namespace);
        }
    }

    /** What a request asks for. */
    static Access ofRequest(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        String[] parts = uri.getRawPath().replaceAll("^/+|/+$", "").split("/");
        int i;
        String group;
        if (parts.length >= 2 && parts[0].equals("api")) {
            group = "";
            i = 2; // api/v1
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            group = parts[1];
            i = 3; // apis/group/version
        } else {
            throw new IllegalArgumentException("not a resource request: " + method + " " + pathAndQuery);
        }
        String namespace = null;
        if (parts.length > i + 1 && parts[i].equals("namespaces")) {
            namespace = parts[i + 1];
            i += 2;
        }
        if (parts.length <= i) {
            throw new IllegalArgumentException("no resource in " + pathAndQuery);
        }
        String resource = parts[i];
        String name = parts.length > i + 1 ? parts[i + 1] : null;
        String subresource = parts.length > i + 2 ? parts[i + 2] : null;
        boolean watch = uri.getRawQuery() != null && List.of(uri.getRawQuery().split("&")).stream()
                .anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
        String verb = switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("no RBAC verb for " + method);
        };
        return new Access(verb, group, subresource == null ? resource : resource + "/" + subresource, namespace);
    }

    /** Every access the ClusterRoles (cluster-wide) and Roles (in their namespace) among {@code objects} allow. */
    static Set<Access> allowed(List<HasMetadata> objects) {
        Set<Access> out = new TreeSet<>();
        for (HasMetadata o : objects) {
            if (o instanceof ClusterRole role) {
                expand(role.getRules(), null, out);
            } else if (o instanceof Role role) {
                expand(role.getRules(), role.getMetadata().getNamespace(), out);
            }
        }
        return out;
    }

    private static void expand(List<PolicyRule> rules, String namespace, Set<Access> out) {
        for (PolicyRule rule : rules) {
            if (rule.getVerbs().contains("*") || rule.getResources().contains("*") || rule.getApiGroups().contains("*")
                    || rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
                throw new IllegalArgumentException("wildcards and resourceNames are not audited: " + rule);
            }
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        out.add(new Access(verb, group, resource, namespace));
                    }
                }
            }
        }
    }

    /** Requests no rule allows. */
    static Set<Access> missing(Set<Access> requests, Set<Access> allowed) {
        Set<Access> out = new TreeSet<>();
        for (Access r : requests) {
            boolean covered = allowed.stream().anyMatch(a -> a.key().equals(r.key())
                    && (a.namespace() == null || a.namespace().equals(r.namespace())));
            if (!covered) {
                out.add(r);
            }
        }
        return out;
    }

    /** Grants no request used. */
    static Set<Access> extra(Set<Access> requests, Set<Access> allowed) {
        Set<Access> out = new TreeSet<>();
        for (Access a : allowed) {
            boolean used = requests.stream().anyMatch(r -> r.key().equals(a.key())
                    && (a.namespace() == null || a.namespace().equals(r.namespace())));
            if (!used) {
                out.add(a);
            }
        }
        return out;
    }

    private RbacAudit() {
    }
}
