package dev.omescale.scaler.discovery;

import dev.omescale.scaler.controller.testing.MockCluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.hpa.HpaControllerConfig;
import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodPhase;
import dev.omescale.scaler.hpa.PodSample;
import dev.omescale.scaler.hpa.ReadyCondition;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.PolicyFixtures;
import dev.omescale.scaler.policy.Proposal;
import dev.omescale.scaler.policy.ScaleMetricPolicy;
import dev.omescale.scaler.policy.NoState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * cpu and memory usage from metrics.k8s.io on the CRUD mock server (PodMetrics stored as metrics-server serves
 * them, with the pod's labels), requests from OME-shaped pods, and utilization as the HPA computes it.
 */
class ResourceUsageReaderTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final ComponentPodKey ENGINE = new ComponentPodKey("qwen3-8b", "qwen3-8b", "engine");

    private final MockCluster cluster = new MockCluster();
    private final KubernetesClient client = cluster.admin;
    private final ResourceUsageReader reader = new ResourceUsageReader(client, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void usageIsTheSumOverContainersAndUtilizationIsPercentOfRequests() {
        Pod a = create(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-a", "10.0.0.1"));
        Pod b = create(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-b", "10.0.0.2"));
        Pod router = create(OmePods.qwenRouter("qwen3-8b", "qwen3-8b", "qwen3-8b-router-a", "10.0.0.3"));
        metrics(a, NOW.minusSeconds(10), Map.of("ome-container", usage("5", "15Gi")));
        // pod b also runs a sidecar in the metrics (e.g. an injected proxy): its usage adds up
        metrics(b, NOW.minusSeconds(10), Map.of("ome-container", usage("6500m", "24Gi"), "proxy",
                usage("500m", "0")));
        metrics(router, NOW.minusSeconds(10), Map.of("router", usage("900m", "1Gi")));

        ComponentResourceUsage u = reader.read(ENGINE);
        assertThat(u.metricsProblem()).isNull();
        assertThat(u.readAt()).isEqualTo(NOW);
        assertThat(u.usage().get("cpu")).extracting(PodSample::pod, PodSample::valueMilli)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("qwen3-8b-engine-a", 5_000L),
                        org.assertj.core.groups.Tuple.tuple("qwen3-8b-engine-b", 7_000L));
        assertThat(u.usage().get("cpu")).allSatisfy(s -> {
            assertThat(s.timestamp()).isEqualTo(NOW.minusSeconds(10));
            assertThat(s.window()).isEqualTo(Duration.ofSeconds(15));
        });
        assertThat(u.pods("cpu")).extracting(PodInfo::requestMilli).containsOnly(10_000L);
        assertThat(u.pods("memory")).extracting(PodInfo::requestMilli).containsOnly(30L * 1024 * 1024 * 1024 * 1000);
        assertThat(u.pods("cpu")).allSatisfy(p -> {
            assertThat(p.phase()).isEqualTo(PodPhase.RUNNING);
            assertThat(p.ready()).isEqualTo(ReadyCondition.TRUE);
            assertThat(p.startTime()).isEqualTo(OmePods.STARTED);
            assertThat(p.readyTransitionTime()).isEqualTo(OmePods.STARTED.plusSeconds(90));
        });

        // (5 + 7) cpu of 2 × 10 requested = 60 %; (15 + 24) Gi of 60 Gi = 65 %
        ResourceUtilization cpu = u.utilization("cpu", HpaControllerConfig.DEFAULT);
        assertThat(cpu).isEqualTo(new ResourceUtilization("cpu", 60, 6_000L, 2, 2, null, false));
        assertThat(u.utilization("memory", HpaControllerConfig.DEFAULT).percent()).isEqualTo(65);

        ComponentResourceUsage routerUsage = reader.read(new ComponentPodKey("qwen3-8b", "qwen3-8b", "router"));
        // the router runtime sets only limits; admission copies them into requests, so 0.9 of 1 cpu is 90 %
        assertThat(routerUsage.utilization("cpu", HpaControllerConfig.DEFAULT).percent()).isEqualTo(90);
    }

    @Test
    void aPodWithoutMetricsHasNoSampleAndNeverAZero() {
        Pod a = create(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-a", "10.0.0.1"));
        create(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-b", "10.0.0.2"));
        Pod c = create(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-c", "10.0.0.3"));
        metrics(a, NOW.minusSeconds(5), Map.of("ome-container", usage("10", "20Gi")));
        // c's metrics lack memory for one container: the HPA drops the pod for memory only
        metrics(c, NOW.minusSeconds(5), Map.of("ome-container", usage("10", null)));

        ComponentResourceUsage u = reader.read(ENGINE);
        assertThat(u.usage().get("cpu")).extracting(PodSample::pod)
                .containsExactlyInAnyOrder("qwen3-8b-engine-a", "qwen3-8b-engine-c");
        assertThat(u.usage().get("memory")).extracting(PodSample::pod).containsExactly("qwen3-8b-engine-a");
        ResourceUtilization cpu = u.utilization("cpu", HpaControllerConfig.DEFAULT);
        assertThat(cpu.percent()).isEqualTo(100);
        assertThat(cpu.podsWithSample()).isEqualTo(2);
        assertThat(cpu.pods()).isEqualTo(3);

        // fed to the HPA policy, the pod without a sample is a missing pod, read as idle on a scale-up: 20 of 30
        // cpu is 66 % of a 50 % target, ceil(1.32 × 3) = 4 replicas rather than the 6 that 100 % alone would give;
        // the reason names the pod without a sample
        Proposal p = hpaProposal(u, "cpu", 50, 3);
        assertThat(p.replicas()).isEqualTo(4);
        assertThat(p.reason()).startsWith("cpu utilization 100% of requests vs target 50%")
                .contains("qwen3-8b-engine-b has none");
    }

    @Test
    void noMetricsAtAllIsMissingDataThatHolds() {
        create(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-a", "10.0.0.1"));
        ComponentResourceUsage u = reader.read(ENGINE);
        assertThat(u.usage().get("cpu")).isEmpty();
        ResourceUtilization cpu = u.utilization("cpu", HpaControllerConfig.DEFAULT);
        assertThat(cpu.percent()).isNull();
        assertThat(cpu.missingData()).isTrue();
        assertThat(cpu.error()).isEqualTo("failed to get cpu utilization of qwen3-8b/qwen3-8b engine: did not"
                + " receive metrics for targeted pods (pods might be unready)");
        Proposal p = hpaProposal(u, "cpu", 50, 1);
        assertThat(p.replicas()).isNull();
        assertThat(p.missingData()).isTrue();
    }

    @Test
    void metricsApiErrorsAreExplainedAndLeaveTheResourceOut() {
        create(OmePods.qwenEngine("qwen3-8b", "qwen3-8b", "qwen3-8b-engine-a", "10.0.0.1"));
        String path = "/apis/metrics.k8s.io/v1beta1/namespaces/qwen3-8b/pods?labelSelector="
                + "ome.io%2Finferenceservice%3Dqwen3-8b%2Ccomponent%3Dengine";
        cluster.server().expect().get().withPath(path).andReturn(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}").once();

        ComponentResourceUsage notServed = reader.read(ENGINE);
        assertThat(notServed.usage()).isEmpty();
        assertThat(notServed.metricsProblem()).isEqualTo("metrics.k8s.io/v1beta1 pods in namespace qwen3-8b are not"
                + " served (HTTP 404): install metrics-server (or another metrics.k8s.io provider), or choose"
                + " scaleMetric concurrency or rps");
        ResourceUtilization cpu = notServed.utilization("cpu", HpaControllerConfig.DEFAULT);
        assertThat(cpu.missingData()).isTrue();
        assertThat(cpu.error()).startsWith("failed to get cpu utilization of qwen3-8b/qwen3-8b engine: metrics.k8s.io");
        assertThat(hpaProposal(notServed, "cpu", 50, 1).missingData()).isTrue();

        // fabric8 retries 5xx answers with backoff; a client without retries shows the first answer at once
        cluster.server().expect().get().withPath(path).andReturn(503, "service unavailable").always();
        try (KubernetesClient noRetries = ResourceUsageReader.clientWithoutRetries(client)) {
            ComponentResourceUsage unavailable = new ResourceUsageReader(noRetries, Clock.fixed(NOW, ZoneOffset.UTC))
                    .read(ENGINE, List.of());
            assertThat(unavailable.usage()).isEmpty();
            assertThat(unavailable.metricsProblem()).isEqualTo("metrics.k8s.io/v1beta1 pods in namespace qwen3-8b are"
                    + " unavailable (HTTP 503): the v1beta1.metrics.k8s.io APIService is not available; check"
                    + " metrics-server's pods and `kubectl get apiservice v1beta1.metrics.k8s.io`");
        }
    }

    @Test
    void aPodWithoutACpuRequestIsTheHpasMissingRequestError() {
        ComponentPodKey key = new ComponentPodKey("ds", "deepseek-r1", "engine");
        Pod leader = create(OmePods.deepseekLeaderWorker("ds", "deepseek-r1", "engine", "lws-deepseek-r1-engine-0",
                "10.0.2.1", 0));
        metrics(leader, NOW.minusSeconds(5), Map.of("ome-container", usage("30", "200Gi")));
        ComponentResourceUsage u = reader.read(key);
        assertThat(u.missingRequests().get("cpu"))
                .containsExactly("missing request for cpu in container ome-container of Pod lws-deepseek-r1-engine-0");
        assertThat(u.pods("cpu")).extracting(PodInfo::requestMilli).containsExactly(PodInfo.NO_REQUEST);
        ResourceUtilization cpu = u.utilization("cpu", HpaControllerConfig.DEFAULT);
        assertThat(cpu.percent()).isNull();
        assertThat(cpu.missingData()).isFalse();
        assertThat(cpu.error()).isEqualTo("failed to get cpu utilization of ds/deepseek-r1 engine: missing request for"
                + " cpu in container ome-container of Pod lws-deepseek-r1-engine-0. The HPA computes no cpu"
                + " utilization while any pod of the target lacks the request, and omescale does the same: set"
                + " resources.requests.cpu on every container of the engine (or a pod-level request), or choose"
                + " another scaleMetric");
        // the HPA policy refuses too, as a spec failure rather than missing data
        Proposal p = hpaProposal(u, "cpu", 80, 1);
        assertThat(p.replicas()).isNull();
        assertThat(p.missingData()).isFalse();
        assertThat(p.reason()).contains("missing request for cpu in Pod lws-deepseek-r1-engine-0");
    }

    @Test
    void aFleetIsReadWithOneListPerNamespaceAndGivesWhatPerComponentReadsGive() {
        Pod a = create(OmePods.qwenEngine("team-a", "chat", "chat-engine-a", "10.0.0.1"));
        Pod b = create(OmePods.qwenEngine("team-a", "chat", "chat-engine-b", "10.0.0.2"));
        Pod r = create(OmePods.qwenRouter("team-a", "chat", "chat-router-a", "10.0.0.3"));
        Pod other = create(OmePods.qwenEngine("team-b", "code", "code-engine-a", "10.0.1.1"));
        metrics(a, NOW.minusSeconds(3), Map.of("ome-container", usage("2", "10Gi")));
        metrics(r, NOW.minusSeconds(3), Map.of("router", usage("300m", "1Gi")));
        // a pod outside every component (no OME labels) in the same namespace is listed but belongs to no one
        Pod stray = create(OmePods.running(new PodBuilder().withNewMetadata().withNamespace("team-a")
                .withName("stray").endMetadata().withNewSpec().endSpec(), "10.0.0.9"));
        metrics(stray, NOW.minusSeconds(3), Map.of("c", usage("50", "50Gi")));
        cluster.server().expect().get().withPath("/apis/metrics.k8s.io/v1beta1/namespaces/team-b/pods")
                .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}").once();

        ComponentPodKey engine = new ComponentPodKey("team-a", "chat", "engine");
        ComponentPodKey router = new ComponentPodKey("team-a", "chat", "router");
        ComponentPodKey code = new ComponentPodKey("team-b", "code", "engine");
        Map<ComponentPodKey, List<Pod>> fleet = new java.util.LinkedHashMap<>();
        fleet.put(engine, List.of(a, b));
        fleet.put(router, List.of(r));
        fleet.put(code, List.of(other));
        int before = cluster.server().getRequestCount();
        Map<ComponentPodKey, ComponentResourceUsage> all = reader.readAll(fleet);
        assertThat(cluster.server().getRequestCount() - before).isEqualTo(2);

        assertThat(all.get(engine)).isEqualTo(reader.read(engine, List.of(a, b)));
        assertThat(all.get(router)).isEqualTo(reader.read(router, List.of(r)));
        assertThat(all.get(engine).usage().get("cpu")).extracting(PodSample::pod).containsExactly("chat-engine-a");
        assertThat(all.get(code).usage()).isEmpty();
        assertThat(all.get(code).metricsProblem()).isEqualTo("metrics.k8s.io/v1beta1 pods in namespace team-b may"
                + " not be listed (HTTP 403): grant omescale get and list on pods in API group metrics.k8s.io");
    }

    @Test
    void requestsFollowTheHpaRules() {
        PodBuilder withSidecar = OmePods.qwenEngine("ns", "chat", "chat-engine-s", "10.0.0.1");
        withSidecar.editSpec().addNewInitContainer().withName("istio-proxy").withRestartPolicy("Always")
                .withNewResources().addToRequests("cpu", new Quantity("100m")).endResources().endInitContainer()
                .addNewInitContainer().withName("model-check").withNewResources().endResources().endInitContainer()
                .endSpec();
        // restartable init containers (sidecars) add their request; ordinary init containers do not count
        assertThat(PodRequests.request(withSidecar.build(), "cpu").milli()).isEqualTo(10_100);
        assertThat(PodRequests.request(withSidecar.build(), "memory"))
                .isEqualTo(new PodRequests.Request(PodInfo.NO_REQUEST,
                        "missing request for memory in container istio-proxy of Pod chat-engine-s"));

        PodBuilder podLevel = OmePods.qwenEngine("ns", "chat", "chat-engine-p", "10.0.0.2");
        podLevel.editSpec().withNewResources().addToRequests("cpu", new Quantity("12")).endResources().endSpec();
        // a pod-level request (PodLevelResources) is the pod's request
        assertThat(PodRequests.request(podLevel.build(), "cpu").milli()).isEqualTo(12_000);

        PodBuilder limitsOnly = OmePods.qwenEngine("ns", "chat", "chat-engine-l", "10.0.0.3");
        limitsOnly.editSpec().editFirstContainer().editResources().withRequests(Map.of()).endResources()
                .endContainer().endSpec();
        // as stored before admission defaulting: the limit stands in for the request
        assertThat(PodRequests.request(limitsOnly.build(), "cpu").milli()).isEqualTo(10_000);

        Pod terminating = OmePods.qwenEngine("ns", "chat", "chat-engine-t", "10.0.0.4").editMetadata()
                .withDeletionTimestamp("2026-11-27T11:59:00Z").endMetadata().build();
        assertThat(PodRequests.podInfo(terminating, "cpu").deleted()).isTrue();
        Pod pending = OmePods.pending(OmePods.qwenEngine("ns", "chat", "chat-engine-q", null));
        assertThat(PodRequests.podInfo(pending, "cpu")).extracting(PodInfo::phase, PodInfo::ready)
                .containsExactly(PodPhase.PENDING, ReadyCondition.ABSENT);
    }

    private Proposal hpaProposal(ComponentResourceUsage u, String resource, int target, int replicas) {
        EffectiveComponentSpec spec = PolicyFixtures.engine("", "    scaleMetric: " + resource + "\n    scaleTarget: "
                + target + "\n    minReplicas: 1\n    maxReplicas: 10\n", "");
        ComponentInputs inputs = new ComponentInputs(u.component().namespace(), u.component().inferenceService(), spec,
                replicas, replicas, 0, null, List.of(), u.pods(resource), u.usage(), null, NOW, Duration.ofSeconds(60));
        return ScaleMetricPolicy.DEFAULT.propose(inputs, NoState.INSTANCE).proposal();
    }

    private Pod create(PodBuilder pod) {
        Pod p = pod.build();
        return client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).create();
    }

    /** Stores the pod's PodMetrics as metrics-server serves it: same name, namespace and labels. */
    private void metrics(Pod pod, Instant at, Map<String, Map<String, Quantity>> containers) {
        PodMetricsBuilder b = new PodMetricsBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).withLabels(pod.getMetadata().getLabels())
                .endMetadata().withTimestamp(at.toString())
                .withWindow(new io.fabric8.kubernetes.api.model.Duration(Duration.ofSeconds(15)));
        containers.forEach((name, usage) -> b.addNewContainer().withName(name).withUsage(usage).endContainer());
        PodMetrics m = b.build();
        client.resource(m).inNamespace(pod.getMetadata().getNamespace()).create();
    }

    private static Map<String, Quantity> usage(String cpu, String memory) {
        Map<String, Quantity> m = new java.util.LinkedHashMap<>();
        m.put("cpu", new Quantity(cpu));
        if (memory != null) {
            m.put("memory", new Quantity(memory));
        }
        return m;
    }
}
