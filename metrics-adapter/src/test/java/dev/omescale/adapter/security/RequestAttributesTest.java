package dev.omescale.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Attributes as kube-apiserver's request-info parser builds them for the metrics APIs' paths. */
class RequestAttributesTest {
    private static final String CUSTOM = "/apis/custom.metrics.k8s.io/v1beta2";

    @Test
    void objectMetricsAreSubresourcesOfTheObject() {
        assertThat(RequestAttributes.of("GET", CUSTOM + "/namespaces/llm/inferenceservices.ome.io/qwen3-8b/"
                + "ttft_p95_seconds")).isEqualTo(new RequestAttributes("get", CUSTOM + "/namespaces/llm/"
                        + "inferenceservices.ome.io/qwen3-8b/ttft_p95_seconds", "custom.metrics.k8s.io", "v1beta2",
                        "llm", "inferenceservices.ome.io", "ttft_p95_seconds", "qwen3-8b"));
    }

    @Test
    void podsByLabelSelectorAreAGetOfNameStar() {
        // kube-apiserver keeps "*" as the name, so the verb stays get (the HPA's role allows get and list).
        RequestAttributes a = RequestAttributes.of("GET", CUSTOM + "/namespaces/llm/pods/%2A/queue_length");
        assertThat(a.verb()).isEqualTo("get");
        assertThat(a.name()).isEqualTo("*");
        assertThat(a.resource()).isEqualTo("pods");
        assertThat(a.subresource()).isEqualTo("queue_length");
        assertThat(a.describe()).isEqualTo("get pods/queue_length \"*\" in API group custom.metrics.k8s.io in"
                + " namespace llm");
    }

    @Test
    void namespaceMetricsAreNamedMetrics() {
        RequestAttributes a = RequestAttributes.of("GET", CUSTOM + "/namespaces/llm/metrics/queue_length");
        assertThat(a.namespace()).isEqualTo("llm");
        assertThat(a.resource()).isEqualTo("metrics");
        assertThat(a.name()).isEqualTo("queue_length");
        assertThat(a.subresource()).isEmpty();
        assertThat(a.verb()).isEqualTo("get");
    }

    @Test
    void externalMetricsAreListedResources() {
        RequestAttributes a = RequestAttributes.of("GET",
                "/apis/external.metrics.k8s.io/v1beta1/namespaces/llm/desired_replicas");
        assertThat(a.verb()).isEqualTo("list");
        assertThat(a.apiGroup()).isEqualTo("external.metrics.k8s.io");
        assertThat(a.resource()).isEqualTo("desired_replicas");
        assertThat(a.name()).isEmpty();
        assertThat(a.rbacRule()).isEqualTo("{apiGroups: [\"external.metrics.k8s.io\"], resources: [\"*\"],"
                + " verbs: [\"get\", \"list\"]}");
    }

    @Test
    void discoveryAndOtherPathsAreNonResourceRequests() {
        for (String path : new String[] {"/apis", "/apis/custom.metrics.k8s.io", CUSTOM, "/healthz", "/"}) {
            RequestAttributes a = RequestAttributes.of("GET", path);
            assertThat(a.isResourceRequest()).as(path).isFalse();
            assertThat(a.verb()).isEqualTo("get");
            assertThat(a.path()).isEqualTo(path);
        }
        assertThat(RequestAttributes.of("GET", CUSTOM).describe()).isEqualTo("get path " + CUSTOM);
    }

    @Test
    void otherMethodsMapToKubernetesVerbs() {
        assertThat(RequestAttributes.of("POST", CUSTOM + "/namespaces/llm/pods").verb()).isEqualTo("create");
        assertThat(RequestAttributes.of("DELETE", CUSTOM + "/namespaces/llm/pods").verb())
                .isEqualTo("deletecollection");
        assertThat(RequestAttributes.of("DELETE", CUSTOM + "/namespaces/llm/pods/a").verb()).isEqualTo("delete");
        assertThat(RequestAttributes.of("POST", "/apis").verb()).isEqualTo("post");
    }
}
