package dev.omescale.scaler.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.scaler.controller.leader.LeaseLeadership;
import dev.omescale.scaler.controller.testing.FakeSignals;
import dev.omescale.scaler.controller.testing.Isvcs;
import dev.omescale.scaler.controller.testing.MockCluster;
import dev.omescale.scaler.controller.testing.RbacAudit;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.model.ComponentKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two controllers contend for one Lease: one writes, the other takes over when it leaves, and nobody writes twice. */
class LeaderElectionTest {
    private static final String NS = "qwen3-8b";
    private static final String ISVC = "qwen3-8b";
    private static final String ENGINE = "qwen3-8b-engine";
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private MockCluster cluster;
    private final FakeSignals signals = new FakeSignals();
    private Controller a;
    private Controller b;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster();
    }

    @AfterEach
    void stop() {
        for (Controller c : new Controller[] {a, b}) {
            if (c != null) {
                c.close();
            }
        }
        cluster.close();
        assertThat(RbacAudit.undocumented(RbacAudit.used(cluster, "omescale-a")))
                .as("requests outside ControllerRbac.RULES").isEmpty();
        assertThat(RbacAudit.undocumented(RbacAudit.used(cluster, "omescale-b")))
                .as("requests outside ControllerRbac.RULES").isEmpty();
    }

    private Controller controller(String identity) {
        LeaseLeadership.Settings lease = new LeaseLeadership.Settings("default", "omescale-controller", identity,
                LEASE, Duration.ofSeconds(4), Duration.ofMillis(200));
        Controller c = new Controller(cluster.client(identity), ControllerConfig.defaults()
                .withTick(Duration.ofMillis(200)).withRetry(Duration.ofMillis(100), Duration.ofSeconds(1)),
                StandardPolicies.engine(), signals, lease, Clock.systemUTC(), identity);
        c.start();
        return c;
    }

    private List<String> scaleWrites(String identity) {
        return cluster.callsBy(identity).stream().filter(c -> c.startsWith("PUT ") && c.endsWith("/scale"))
                .toList();
    }

    @Test
    void oneLeaderWritesAndTheOtherTakesOverFromTheCurrentReplicasWhenItLeaves() {
        GenericKubernetesResource isvc = Isvcs.annotate(cluster.sample("Qwen_qwen3-8b.yaml"),
                Isvcs.EXTERNAL_THRESHOLD);
        Isvcs.bounds(isvc, "engine", 1, 8);
        Isvcs.componentAnnotations(isvc, "router", Map.of("ome.io/autoscalerClass", "hpa"));
        cluster.create(isvc);
        cluster.deployment(NS, ISVC, "engine", 1);
        signals.set(NS, ISVC, ComponentKind.ENGINE, 30);

        a = controller("omescale-a");
        b = controller("omescale-b");
        await().atMost(WAIT).until(() -> a.isLeader() || b.isLeader());
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 3);
        assertThat(a.isLeader() && b.isLeader()).isFalse();
        Controller leader = a.isLeader() ? a : b;
        Controller follower = leader == a ? b : a;
        String leaderId = leader == a ? "omescale-a" : "omescale-b";
        String followerId = leader == a ? "omescale-b" : "omescale-a";
        // both decide (the follower can serve the KEDA scaler and the metrics API), only the leader writes
        await().atMost(WAIT).until(() -> follower.explainJson(NS, ISVC).isPresent());
        assertThat(scaleWrites(leaderId)).hasSize(1);
        assertThat(scaleWrites(followerId)).isEmpty();

        long released = System.nanoTime();
        leader.close();   // releases the Lease
        // released, not expired: the follower takes over well within the lease duration
        await().atMost(LEASE).until(follower::isLeader);
        Duration handover = Duration.ofNanos(System.nanoTime() - released);
        Lease lease = cluster.admin.leases().inNamespace("default").withName("omescale-controller").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(followerId);

        // the new leader starts from the 3 replicas it reads: nothing to write until the load changes
        assertThat(follower.tickAndAwaitQuietly()).isTrue();
        assertThat(scaleWrites(followerId)).isEmpty();
        signals.set(NS, ISVC, ComponentKind.ENGINE, 60);
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 6);
        assertThat(scaleWrites(followerId)).hasSize(1);
        assertThat(scaleWrites(leaderId)).hasSize(1);
        assertThat(handover).isLessThan(LEASE.dividedBy(2));
    }

    @Test
    void aReplicaThatLostTheLeaseStopsWritingAndCampaignsAgain() {
        GenericKubernetesResource isvc = Isvcs.annotate(cluster.sample("Qwen_qwen3-8b.yaml"),
                Isvcs.EXTERNAL_THRESHOLD);
        Isvcs.bounds(isvc, "engine", 1, 8);
        Isvcs.componentAnnotations(isvc, "router", Map.of("ome.io/autoscalerClass", "hpa"));
        cluster.create(isvc);
        cluster.deployment(NS, ISVC, "engine", 1);
        signals.set(NS, ISVC, ComponentKind.ENGINE, 30);
        a = controller("omescale-a");
        await().atMost(WAIT).until(() -> a.isLeader() && cluster.replicas(NS, ENGINE) == 3);

        // someone else takes the Lease (as after a partition): a can no longer renew and must stop writing
        // a renews every 2 s: a read-modify-write can meet a renewal (409), so take it again on a fresh read
        await().atMost(WAIT).ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .until(() -> {
                    Lease lease = cluster.admin.leases().inNamespace("default").withName("omescale-controller")
                            .get();
                    lease.getSpec().setHolderIdentity("intruder");
                    lease.getSpec().setLeaseDurationSeconds(3_600);
                    lease.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
                    cluster.admin.leases().inNamespace("default").resource(lease).update();
                    return true;
                });
        await().atMost(WAIT).until(() -> !a.isLeader());
        signals.set(NS, ISVC, ComponentKind.ENGINE, 60);
        assertThat(a.tickAndAwaitQuietly()).isTrue();
        assertThat(cluster.replicas(NS, ENGINE)).isEqualTo(3);
        assertThat(scaleWrites("omescale-a")).hasSize(1);

        // the intruder goes away: a campaigns again, leads, and writes
        cluster.admin.leases().inNamespace("default").withName("omescale-controller").delete();
        await().atMost(WAIT).until(a::isLeader);
        await().atMost(WAIT).until(() -> cluster.replicas(NS, ENGINE) == 6);
        assertThat(scaleWrites("omescale-a")).hasSize(2);
    }
}
