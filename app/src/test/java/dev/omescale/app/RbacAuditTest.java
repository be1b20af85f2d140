package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.app.RbacAudit.Access;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The audit's two halves, ready for the controller's end-to-end tests: requests become RBAC attributes as the API
 * server derives them, and the rendered base's rules are compared with them both ways.
 */
class RbacAuditTest {

    @Test
    void requestsBecomeTheAttributesTheApiServerAuthorizes() {
        assertThat(RbacAudit.ofRequest("GET", "/apis/ome.io/v1beta1/inferenceservices?watch=true&resourceVersion=5"))
                .isEqualTo(new Access("watch", "ome.io", "inferenceservices", null));
        assertThat(RbacAudit.ofRequest("GET", "/apis/ome.io/v1beta1/namespaces/llm/inferenceservices"))
                .isEqualTo(new Access("list", "ome.io", "inferenceservices", "llm"));
        assertThat(RbacAudit.ofRequest("PATCH", "/apis/ome.io/v1beta1/namespaces/llm/inferenceservices/chat"))
                .isEqualTo(new Access("patch", "ome.io", "inferenceservices", "llm"));
        assertThat(RbacAudit.ofRequest("PUT", "/apis/apps/v1/namespaces/llm/deployments/chat-engine/scale"))
                .isEqualTo(new Access("update", "apps", "deployments/scale", "llm"));
        assertThat(RbacAudit.ofRequest("GET", "/api/v1/namespaces/llm/pods?labelSelector=app%3Dchat"))
                .isEqualTo(new Access("list", "", "pods", "llm"));
        assertThat(RbacAudit.ofRequest("POST", "/api/v1/namespaces/llm/events"))
                .isEqualTo(new Access("create", "", "events", "llm"));
        assertThat(RbacAudit.ofRequest("GET", "/apis/coordination.k8s.io/v1/namespaces/omescale/leases/omescale"))
                .isEqualTo(new Access("get", "coordination.k8s.io", "leases", "omescale"));
        assertThat(RbacAudit.ofRequest("DELETE", "/api/v1/namespaces/llm/pods"))
                .isEqualTo(new Access("deletecollection", "", "pods", "llm"));
        assertThatThrownBy(() -> RbacAudit.ofRequest("GET", "/healthz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBaseRulesAgainstRequestsMissingAndExtraBothWays() throws Exception {
        List<HasMetadata> base = Manifests.render("base");
        Set<Access> allowed = RbacAudit.allowed(base);
        assertThat(allowed).contains(new Access("get", "coordination.k8s.io", "leases", "omescale"),
                new Access("patch", "ome.io", "inferenceservices", null));

        // A controller that makes exactly one request per grant: nothing missing, nothing extra.
        Set<Access> exact = new TreeSet<>();
        for (Access a : allowed) {
            exact.add(new Access(a.verb(), a.group(), a.resource(), a.namespace() == null ? "llm" : a.namespace()));
        }
        assertThat(RbacAudit.missing(exact, allowed)).isEmpty();
        assertThat(RbacAudit.extra(exact, allowed)).isEmpty();

        // One request more (deleting pods) is missing; one fewer (never patching the InferenceService) is extra.
        Set<Access> requests = new TreeSet<>(exact);
        requests.add(RbacAudit.ofRequest("DELETE", "/api/v1/namespaces/llm/pods/chat-engine-0"));
        requests.removeIf(r -> r.key().equals("patch ome.io/inferenceservices"));
        assertThat(RbacAudit.missing(requests, allowed)).containsExactly(new Access("delete", "", "pods", "llm"));
        assertThat(RbacAudit.extra(requests, allowed))
                .containsExactly(new Access("patch", "ome.io", "inferenceservices", null));

        // The lease Role is namespaced: a lease in another namespace is not covered.
        Set<Access> elsewhere = Set.of(RbacAudit.ofRequest("PUT",
                "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/omescale"));
        assertThat(RbacAudit.missing(elsewhere, allowed)).hasSize(1);
    }
}
