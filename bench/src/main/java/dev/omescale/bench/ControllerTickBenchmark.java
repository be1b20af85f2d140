package dev.omescale.bench;

import dev.omescale.scaler.controller.Controller;
import dev.omescale.scaler.controller.ControllerConfig;
import dev.omescale.scaler.controller.testing.FakeSignals;
import dev.omescale.scaler.controller.testing.Isvcs;
import dev.omescale.scaler.controller.testing.MockCluster;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.model.ComponentKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One controller tick over {@code services} InferenceServices with an engine and a decoder each (OME's
 * deepseek-v3-pd sample without its router, class external, threshold policy) on fabric8's mock API server: every
 * InferenceService is queued, reconciled from the informer caches, decided, and, for the {@code changedPercent} of
 * services whose load moves this tick, both components are written through /scale with an Event each. The op ends
 * when the work queue is idle, including the reconciles that the controller's own writes trigger through the
 * watches. The mock server runs in the same JVM and its work is part of the time; a real API server's latency is
 * not modelled.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ControllerTickBenchmark {
    private static final String NS = "bench";

    @Param({"1000"})
    int services;

    @Param({"0", "10"})
    int changedPercent;

    private MockCluster cluster;
    private FakeSignals signals;
    private Controller controller;
    private int tick;
    private long writesAtStart;
    private long ticks;
    private long heapBefore;
    private long heapAfter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        cluster = new MockCluster();
        signals = new FakeSignals();
        for (int i = 0; i < services; i++) {
            GenericKubernetesResource isvc = cluster.sample("deepseek-ai_deepseek-v3-pd.yaml");
            String name = "svc-" + i;
            isvc.getMetadata().setName(name);
            isvc.getMetadata().setNamespace(NS);
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) isvc.getAdditionalProperties().get("spec");
            spec.remove("router");
            Isvcs.annotate(isvc, Isvcs.EXTERNAL_THRESHOLD);
            Isvcs.bounds(isvc, "engine", 1, 10);
            Isvcs.bounds(isvc, "decoder", 1, 10);
            cluster.create(isvc);
            cluster.deployment(NS, name, "engine", 2);
            cluster.deployment(NS, name, "decoder", 2);
            load(i, 20);
        }
        heapBefore = usedHeapAfterGc();
        controller = new Controller(cluster.client("omescale-bench"), ControllerConfig.defaults()
                .withTick(Duration.ofHours(1)).withWorkers(4), StandardPolicies.engine(), signals, null,
                Clock.systemUTC(), "omescale-bench");
        controller.start();
        if (!controller.tickAndAwait(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the first tick did not finish within 5 minutes");
        }
        heapAfter = usedHeapAfterGc();
        writesAtStart = controller.writes();
    }

    private void load(int service, double value) {
        signals.set(NS, "svc-" + service, ComponentKind.ENGINE, value);
        signals.set(NS, "svc-" + service, ComponentKind.DECODER, value);
    }

    @Benchmark
    public boolean tick() throws InterruptedException {
        tick++;
        int changed = services * changedPercent / 100;
        // a different slice of services each tick; a service's load alternates 20 ↔ 40 (2 ↔ 4 replicas)
        for (int k = 0; k < changed; k++) {
            int service = (tick * changed + k) % services;
            load(service, ((tick * changed + k) / services) % 2 == 0 ? 40 : 20);
        }
        ticks++;
        return controller.tickAndAwait(Duration.ofMinutes(5));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long writes = controller.writes() - writesAtStart;
        System.out.printf("%nCONTROLLER services=%d changedPercent=%d ticks=%d writes=%d writesPerTick=%.1f "
                + "reconciles=%d heapBeforeControllerMiB=%.1f heapWithControllerMiB=%.1f controllerHeapMiB=%.1f%n",
                services, changedPercent, ticks, writes, ticks == 0 ? 0.0 : (double) writes / ticks,
                controller.reconciles(), heapBefore / 1048576.0, heapAfter / 1048576.0,
                (heapAfter - heapBefore) / 1048576.0);
        controller.close();
        cluster.close();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
