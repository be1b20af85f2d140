package dev.omescale.scaler.observe;

import dev.omescale.scaler.decision.ComponentDecision;
import dev.omescale.scaler.decision.Explanation;
import dev.omescale.scaler.decision.ServiceDecision;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.ResolvedService;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What each tick decided, as metrics: per component the current, desired and min/max replicas, every input a
 * policy read with its target, decisions counted by outcome and reason, and how long deciding took.
 *
 * <p>Gauges follow the decisions: a component or input that a tick no longer reports loses its series at
 * {@link #endTick()}, so a dashboard never shows a value the engine stopped reading; an InferenceService waiting out
 * a retry backoff keeps its last ones ({@link #carryOver}). Thread-safe: the controller's
 * workers record while its timer ends ticks; the scrape thread only reads the instruments.
 */
public final class DecisionMetrics {
    private static final String[] COMPONENT = {"namespace", "inferenceservice", "component"};
    private static final String[] INPUT = {"namespace", "inferenceservice", "component", "policy", "signal"};
    private static final Pattern SIGNAL_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final TickSeries current;
    private final TickSeries desired;
    private final TickSeries min;
    private final TickSeries max;
    private final TickSeries value;
    private final TickSeries target;
    private final Counter decisions;
    private final Counter tickFailures;
    private final Histogram duration;

    public DecisionMetrics(PrometheusRegistry registry) {
        current = series(registry, "omescale_component_replicas", "Replicas the component had when omescale decided",
                COMPONENT);
        desired = series(registry, "omescale_component_desired_replicas", "Replicas omescale decided for the component",
                COMPONENT);
        min = series(registry, "omescale_component_min_replicas", "The component's effective minReplicas", COMPONENT);
        max = series(registry, "omescale_component_max_replicas", "The component's effective maxReplicas", COMPONENT);
        value = series(registry, "omescale_signal_value",
                "An input a scaling policy read this tick, in its own unit (seconds, ratios 0..1, per second, count)",
                INPUT);
        target = series(registry, "omescale_signal_target",
                "The target the policy holds that input to, in the input's unit", INPUT);
        decisions = Counter.builder()
                .name("omescale_decisions_total")
                .help("Decisions per component by outcome and by the step that settled the count")
                .labelNames("namespace", "inferenceservice", "component", "outcome", "reason")
                .register(registry);
        tickFailures = Counter.builder()
                .name("omescale_decision_tick_failures_total")
                .help("Decision ticks that failed; the previous decisions keep being served")
                .register(registry);
        duration = Histogram.builder()
                .name("omescale_decision_duration_seconds")
                .help("Time to decide for one InferenceService, all its components")
                .labelNames("namespace", "inferenceservice")
                .classicOnly()
                .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
                .register(registry);
    }

    private static TickSeries series(PrometheusRegistry registry, String name, String help, String[] labels) {
        return new TickSeries(Gauge.builder().name(name).help(help).labelNames(labels).register(registry));
    }

    /** Records one InferenceService's decision of this tick and how long it took. */
    public void record(ResolvedService service, ServiceDecision decision, Duration took) {
        String ns = service.isvc().namespace();
        String isvc = service.isvc().name();
        duration.labelValues(ns, isvc).observe(took.toNanos() / 1e9);
        for (ComponentDecision d : decision.components()) {
            String component = d.kind().word();
            List<String> key = List.of(ns, isvc, component);
            current.set(key, d.currentReplicas());
            desired.set(key, d.desiredReplicas());
            EffectiveComponentSpec spec = service.component(d.kind()).orElse(null);
            Explanation.Clamp clamp = d.explanation().clamp();
            if (spec != null) {
                min.set(key, spec.minReplicas());
                max.set(key, spec.maxReplicas());
            } else if (clamp != null) {
                min.set(key, clamp.min());
                max.set(key, clamp.max());
            }
            decisions.labelValues(ns, isvc, component, outcomeLabel(d), DecisionReason.of(d).label()).inc();
            for (Explanation.Input in : d.explanation().inputs()) {
                List<String> inputKey = List.of(ns, isvc, component, in.policy(), signalLabel(in.name()));
                if (in.value() != null && Double.isFinite(in.value())) {
                    value.set(inputKey, in.value());
                }
                if (in.target() != null && Double.isFinite(in.target())) {
                    target.set(inputKey, in.target());
                }
            }
        }
    }

    /**
     * Keeps the last recorded series of an InferenceService that this round did not decide because its reconcile
     * is waiting out a retry backoff: its last decision is still the one in force, and a dashboard should show it
     * rather than a gap for as long as the backoff lasts.
     */
    public void carryOver(String namespace, String inferenceService) {
        List<String> prefix = List.of(namespace, inferenceService);
        for (TickSeries t : List.of(current, desired, min, max, value, target)) {
            t.carry(prefix);
        }
    }

    /** A tick that failed as a whole. */
    public void tickFailed() {
        tickFailures.inc();
    }

    /**
     * Ends a tick: removes the series of components and inputs that this tick did not record (an InferenceService
     * removed, an input that went missing), so no gauge keeps a value nobody decides on any more.
     */
    public void endTick() {
        for (TickSeries t : List.of(current, desired, min, max, value, target)) {
            t.endTick();
        }
    }

    /** The outcome as a label value: {@code scale_up}, {@code hold_missing_data}, … */
    static String outcomeLabel(ComponentDecision d) {
        return d.outcome().name().toLowerCase(Locale.ROOT);
    }

    /**
     * The input's name as a label: signal names as they are; inputs named after free text (a PromQL query) by
     * their first word, so the query never becomes a label value.
     */
    static String signalLabel(String inputName) {
        if (SIGNAL_NAME.matcher(inputName).matches()) {
            return inputName;
        }
        int space = inputName.indexOf(' ');
        String first = space < 0 ? "" : inputName.substring(0, space);
        return SIGNAL_NAME.matcher(first).matches() ? first : "other";
    }

}
