package dev.omescale.bench;

import dev.omescale.scaler.decision.DecisionEngine;
import dev.omescale.scaler.decision.PolicySet;
import dev.omescale.scaler.decision.ServiceDecision;
import dev.omescale.scaler.decision.ServiceHistory;
import dev.omescale.scaler.decision.ServiceInputs;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.EffectiveSpecResolver;
import dev.omescale.scaler.model.InferenceServiceReader;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.InputUsed;
import dev.omescale.scaler.policy.Proposal;
import dev.omescale.scaler.policy.ScalingPolicy;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The decision engine's cost: one full decision of an engine+decoder InferenceService with two policies, and one
 * tick over 10,000 components (5,000 such services). Each op builds that tick's inputs (signals and
 * {@link ComponentInputs} for the tick's time, as telemetry would hand them over) and decides, carrying each
 * service's history to the next op, so stabilization windows, scale events and policy states are as full as in a
 * running controller. Time advances 15 s per op; the loads move on a wave so that components scale up, hold and
 * scale down. Target (issue 3): the 10,000-component tick under 50 ms on one core. {@code policies} selects two
 * one-line test policies (the engine's own cost) or the policies omescale ships (SLO and KPA, as users run them).
 */
@BenchmarkMode(Mode.AverageTime)
public class DecisionBenchmark {

    static final int SERVICES = 5_000;
    static final Instant START = Instant.parse("2026-11-27T00:00:00Z");
    static final Duration TICK = Duration.ofSeconds(15);
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    /** A 64-step load wave, requests in flight per component. */
    static final double[] WAVE = new double[64];

    static {
        for (int i = 0; i < WAVE.length; i++) {
            WAVE[i] = 24 + 20 * Math.sin(2 * Math.PI * i / WAVE.length);
        }
    }

    /** HPA-style: ceil(concurrency / target) on fresh data, else missing. */
    record ConcurrencyPolicy(double target) implements ScalingPolicy<Void> {
        @Override
        public PolicyKind kind() {
            return PolicyKind.HPA;
        }

        @Override
        public Void initialState() {
            return null;
        }

        @Override
        public PolicyOutcome<Void> propose(ComponentInputs inputs, Void state) {
            Double c = inputs.freshSignal(SignalCatalog.CONCURRENCY);
            List<InputUsed> used = List.of(new InputUsed(SignalCatalog.CONCURRENCY, c, target, inputs.signalAge()));
            if (c == null) {
                return new PolicyOutcome<>(Proposal.missing("hpa", "concurrency missing", used), null);
            }
            return new PolicyOutcome<>(Proposal.of("hpa", (int) Math.ceil(c / target), "concurrency / target",
                    used), null);
        }
    }

    /** A stateful one: queue length smoothed over ticks (an EWMA as state), ceil(smoothed / target). */
    record SmoothedQueuePolicy(double target) implements ScalingPolicy<Double> {
        @Override
        public PolicyKind kind() {
            return PolicyKind.KPA;
        }

        @Override
        public Double initialState() {
            return 0.0;
        }

        @Override
        public PolicyOutcome<Double> propose(ComponentInputs inputs, Double state) {
            Double q = inputs.freshSignal(SignalCatalog.QUEUE_LENGTH);
            List<InputUsed> used = List.of(new InputUsed(SignalCatalog.QUEUE_LENGTH, q, target, inputs.signalAge()));
            if (q == null) {
                return new PolicyOutcome<>(Proposal.missing("kpa", "queue_length missing", used), state);
            }
            double smoothed = 0.7 * state + 0.3 * q;
            return new PolicyOutcome<>(Proposal.of("kpa", (int) Math.ceil(smoothed / target), "smoothed queue",
                    used), smoothed);
        }
    }

    static final DecisionEngine SIMPLE =
            new DecisionEngine(PolicySet.of(new ConcurrencyPolicy(4), new SmoothedQueuePolicy(2)));
    /** The policies omescale ships (SLO with its learned capacity model, and KPA with its windows). */
    static final DecisionEngine SHIPPED = StandardPolicies.engine();

    static DecisionEngine engine(String policies) {
        return policies.equals("shipped") ? SHIPPED : SIMPLE;
    }

    static ResolvedService service(String name, String policies) {
        if (policies.equals("shipped")) {
            return EffectiveSpecResolver.resolve(InferenceServiceReader.read("""
                    apiVersion: ome.io/v1beta1
                    kind: InferenceService
                    metadata:
                      name: %s
                      namespace: bench
                      annotations:
                        ome.io/autoscalerClass: external
                        omescale.dev/policy: slo,kpa
                        omescale.dev/slo-ttft-p95: 2s
                        omescale.dev/slo-itl-p95: 80ms
                        omescale.dev/decoder-ratio: 1:1-1:4
                    spec:
                      model: {name: llama}
                      engine: {minReplicas: 1, maxReplicas: 16, scaleMetric: concurrency, scaleTarget: 8}
                      decoder: {minReplicas: 1, maxReplicas: 32, scaleMetric: concurrency, scaleTarget: 8}
                    """.formatted(name)));
        }
        return service(name);
    }

    static ResolvedService service(String name) {
        return EffectiveSpecResolver.resolve(InferenceServiceReader.read("""
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata:
                  name: %s
                  namespace: bench
                  annotations:
                    ome.io/autoscalerClass: external
                    omescale.dev/policy: hpa,kpa
                    omescale.dev/decoder-ratio: 1:1-1:4
                spec:
                  model: {name: llama}
                  engine: {minReplicas: 1, maxReplicas: 16}
                  decoder: {minReplicas: 1, maxReplicas: 32}
                """.formatted(name)));
    }

    /** One service's tick: both components' signals at {@code now}, 5 s old. */
    static ServiceInputs inputs(ResolvedService s, int[] current, double load, Instant now) {
        Map<ComponentKind, ComponentInputs> m = new EnumMap<>(ComponentKind.class);
        List<EffectiveComponentSpec> specs = s.components();
        m.put(ComponentKind.ENGINE, component(s, specs.get(0), current[0], load, now));
        m.put(ComponentKind.DECODER, component(s, specs.get(1), current[1], 1.5 * load, now));
        return new ServiceInputs(s, m, now);
    }

    private static ComponentInputs component(ResolvedService s, EffectiveComponentSpec spec, int current,
            double load, Instant now) {
        Map<String, Double> values = new LinkedHashMap<>(16);
        values.put(SignalCatalog.CONCURRENCY, load);
        values.put(SignalCatalog.QUEUE_LENGTH, load / 4);
        values.put(SignalCatalog.REQUEST_RATE, load / 2);
        // what the SLO policy reads: latency that grows with load per replica, KV pressure, token rates
        double perReplica = load / Math.max(1, current);
        values.put(SignalCatalog.RUNNING_REQUESTS, load * 3 / 4);
        values.put("ttft_p95_seconds", 0.2 + 0.05 * perReplica);
        values.put("itl_p95_seconds", 0.02 + 0.002 * perReplica);
        values.put(SignalCatalog.KV_CACHE_UTILIZATION, Math.min(1, 0.02 * perReplica));
        values.put(SignalCatalog.PROMPT_TOKEN_RATE, load * 400);
        values.put(SignalCatalog.GENERATION_TOKEN_RATE, load * 100);
        ComponentSignals signals = new ComponentSignals("bench", s.isvc().name(), spec.kind().word(), List.of(),
                values, Map.of(), now.toEpochMilli() - 5_000, List.of());
        return new ComponentInputs("bench", s.isvc().name(), spec, current, current, 0, signals, List.of(),
                List.of(), Map.of(), null, now, MAX_AGE);
    }

    /** The fleet: 5,000 services, their histories and replica counts, and the tick count. */
    @State(Scope.Thread)
    public static class Fleet {
        /** {@code simple}: two one-line test policies; {@code shipped}: omescale's SLO and KPA policies. */
        @Param({"simple", "shipped"})
        String policies;
        DecisionEngine engine;
        ResolvedService[] services;
        ServiceHistory[] histories;
        int[][] replicas;
        long tick;

        @Setup
        public void setUp() {
            engine = engine(policies);
            services = new ResolvedService[SERVICES];
            histories = new ServiceHistory[SERVICES];
            replicas = new int[SERVICES][];
            for (int i = 0; i < SERVICES; i++) {
                services[i] = service("llama-" + i, policies);
                histories[i] = ServiceHistory.empty();
                replicas[i] = new int[] {1, 1};
            }
            int decided = tickOnce(this);
            if (decided != 2 * SERVICES) {
                throw new IllegalStateException("a tick decided " + decided + " components, expected "
                        + 2 * SERVICES);
            }
        }
    }

    /** One service, engine and decoder. */
    @State(Scope.Thread)
    public static class One {
        @Param({"simple", "shipped"})
        String policies;
        DecisionEngine engine;
        ResolvedService service;
        ServiceHistory history;
        int[] replicas;
        long tick;

        @Setup
        public void setUp() {
            engine = engine(policies);
            service = service("llama-chat", policies);
            history = ServiceHistory.empty();
            replicas = new int[] {2, 4};
        }
    }

    /** Decides every service once, applies the decisions, and returns how many components were decided. */
    static int tickOnce(Fleet f) {
        Instant now = START.plus(TICK.multipliedBy(f.tick));
        int decided = 0;
        for (int i = 0; i < SERVICES; i++) {
            ServiceDecision d = f.engine.decide(inputs(f.services[i], f.replicas[i],
                    WAVE[(int) ((f.tick + i) % WAVE.length)], now), f.histories[i]);
            f.histories[i] = d.next();
            f.replicas[i][0] = d.components().get(0).desiredReplicas();
            f.replicas[i][1] = d.components().get(1).desiredReplicas();
            decided += d.components().size();
        }
        f.tick++;
        return decided;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int tick10k(Fleet f) {
        return tickOnce(f);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ServiceDecision oneDecision(One o) {
        Instant now = START.plus(TICK.multipliedBy(o.tick));
        ServiceDecision d = o.engine.decide(inputs(o.service, o.replicas, WAVE[(int) (o.tick % WAVE.length)], now),
                o.history);
        o.history = d.next();
        o.replicas[0] = d.components().get(0).desiredReplicas();
        o.replicas[1] = d.components().get(1).desiredReplicas();
        o.tick++;
        return d;
    }
}
