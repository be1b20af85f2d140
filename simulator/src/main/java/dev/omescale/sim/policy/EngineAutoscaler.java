package dev.omescale.sim.policy;

import dev.omescale.scaler.decision.ComponentDecision;
import dev.omescale.scaler.decision.DecisionEngine;
import dev.omescale.scaler.decision.ServiceDecision;
import dev.omescale.scaler.decision.ServiceHistory;
import dev.omescale.scaler.decision.ServiceInputs;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.hpa.HpaAlgorithm;
import dev.omescale.scaler.hpa.HpaControllerConfig;
import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodPhase;
import dev.omescale.scaler.hpa.PodSample;
import dev.omescale.scaler.hpa.ReadyCondition;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.EffectiveSpecResolver;
import dev.omescale.scaler.model.InferenceServiceReader;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.model.SpecProblem;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.KpaConfig;
import dev.omescale.scaler.policy.QueryValue;
import dev.omescale.scaler.policy.SloConfig;
import dev.omescale.sim.fleet.ReplicaSample;
import dev.omescale.sim.loop.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A policy omescale's decision engine implements, configured the way its users do it: an InferenceService with
 * annotations and spec fields, resolved by the real resolver and decided by the real {@link DecisionEngine} with its
 * stabilization, rate limits and bounds. The simulator only feeds it {@link ComponentInputs} the way the controller
 * does: signals from the scrape, pod states, metrics-server CPU samples and, for a PromQL trigger, the query's value.
 */
public final class EngineAutoscaler implements Autoscaler {
    private final String name;
    private final String description;
    private final ResolvedService service;
    private final DecisionEngine engine;
    private final double scrape;
    private final double window;
    private final double tick;
    private final ToDoubleFunction<List<ReplicaSample>> query;
    private ServiceHistory history = ServiceHistory.empty();
    private List<String> lastExplanations = List.of();

    /**
     * @param isvcYaml the InferenceService as a user writes it
     * @param query    the value of the component's PromQL query from the latest scrape of its pods, or null when the
     *                 spec has none
     * @param startupSeconds what the SLO policy is told the pod start-up takes (an operator knows this)
     */
    public EngineAutoscaler(String name, String description, String isvcYaml, double scrape, double window,
                            double tick, ToDoubleFunction<List<ReplicaSample>> query, double startupSeconds) {
        this.name = name;
        this.description = description;
        this.service = EffectiveSpecResolver.resolve(InferenceServiceReader.read(isvcYaml));
        for (SpecProblem p : service.problems()) {
            if (p.severity() == SpecProblem.Severity.ERROR) {
                throw new IllegalArgumentException("policy " + name + ": its InferenceService has a problem: " + p);
            }
        }
        SloConfig slo = SloConfig.DEFAULTS.withStartupTime(Duration.ofMillis(Math.round(startupSeconds * 1000)));
        this.engine = new DecisionEngine(new StandardPolicies(HpaControllerConfig.DEFAULT, KpaConfig.KNATIVE, slo),
                HpaAlgorithm.DEFAULT);
        this.scrape = scrape;
        this.window = window;
        this.tick = tick;
        this.query = query;
    }

    /** The engine's explanation of the last decision, one line per component. */
    public List<String> lastExplanations() {
        return lastExplanations;
    }

    public ResolvedService service() {
        return service;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public double scrapeSeconds() {
        return scrape;
    }

    @Override
    public double windowSeconds() {
        return window;
    }

    @Override
    public double tickSeconds() {
        return tick;
    }

    @Override
    public int[] decide(ClusterView view) {
        Instant now = instant(view.nowSeconds());
        Map<ComponentKind, ComponentInputs> inputs = new EnumMap<>(ComponentKind.class);
        put(inputs, ComponentKind.ENGINE, view.engine(), view, now);
        if (view.decoder() != null) {
            put(inputs, ComponentKind.DECODER, view.decoder(), view, now);
        }
        ServiceDecision d = engine.decide(new ServiceInputs(service, inputs, now), history);
        history = d.next();
        int[] out = {view.engine().current(), view.decoder() == null ? 0 : view.decoder().current()};
        List<String> lines = new ArrayList<>();
        for (ComponentDecision c : d.components()) {
            lines.add(c.explanation().toLine());
            out[c.kind() == ComponentKind.DECODER ? 1 : 0] = c.desiredReplicas();
        }
        lastExplanations = lines;
        return out;
    }

    private void put(Map<ComponentKind, ComponentInputs> inputs, ComponentKind kind, ComponentView c,
                     ClusterView view, Instant now) {
        EffectiveComponentSpec spec = service.component(kind).orElse(null);
        if (spec == null) {
            return;
        }
        long cpuRequestMilli = Math.round(view.profile().cpuRequestCores() * 1000);
        List<PodInfo> pods = new ArrayList<>();
        List<PodSample> cpu = new ArrayList<>();
        for (ComponentView.PodState p : c.podStates()) {
            boolean ready = !Double.isNaN(p.readyAt());
            pods.add(new PodInfo(p.name(), PodPhase.RUNNING, false, ready ? ReadyCondition.TRUE : ReadyCondition.FALSE,
                    instant(p.createdAt()), ready ? instant(p.readyAt()) : instant(p.createdAt()), cpuRequestMilli));
            if (!Double.isNaN(p.cpuCores())) {
                cpu.add(new PodSample(p.name(), Math.round(p.cpuCores() * 1000), now, Duration.ofSeconds(15)));
            }
        }
        QueryValue q = query == null || spec.keda() == null ? null
                : QueryValue.of(query.applyAsDouble(c.latest()), now);
        inputs.put(kind, new ComponentInputs("default", service.isvc().name(), spec, c.current(), c.ready(),
                c.starting(), c.signals(), c.pods(), pods, Map.of("cpu", cpu), q, now,
                Duration.ofMillis(Math.round(Math.max(3 * scrape, tick) * 1000))));
    }

    static Instant instant(double seconds) {
        return Instant.ofEpochMilli(Simulation.EPOCH_MILLIS_AT_ZERO + Math.round(seconds * 1000));
    }
}
