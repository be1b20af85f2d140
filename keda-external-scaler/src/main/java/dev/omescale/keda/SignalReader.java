package dev.omescale.keda;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.ScaleMetric;
import dev.omescale.scaler.model.ScaleTarget;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.scaler.view.DesiredReplicas;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.scaler.view.ScalingView;
import dev.omescale.telemetry.config.Durations;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.signal.SignalDefinition;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers signal triggers from the {@link ScalingView}, in memory. The value semantics make KEDA's HPA
 * (AverageValue: {@code desired = ceil(value / target)}) land where the signal says:
 * <ul>
 *   <li>additive signals (queue length, concurrency, rates, power) return the component total;</li>
 *   <li>intensive signals (utilizations, latency quantiles) return value × ready replicas, so that
 *       {@code ceil(metric / target) = ceil(replicas × value / target)}, the HPA's utilization rule;</li>
 *   <li>{@code desired_replicas} returns the decision engine's replicas with target 1.</li>
 * </ul>
 * Missing or stale data is an error (UNAVAILABLE), never 0, so KEDA's fallback applies rather than a scale-down.
 */
final class SignalReader {
    private final ScalingView view;
    private final SignalCatalog catalog;
    private final Clock clock;
    private final Duration maxDataAge;
    private final AtomicReference<ComponentIndex> index = new AtomicReference<>();

    SignalReader(ScalingView view, SignalCatalog catalog, Clock clock, Duration maxDataAge) {
        this.view = view;
        this.catalog = catalog;
        this.clock = clock;
        this.maxDataAge = maxDataAge;
    }

    /** The metric name and target, as GetMetricSpec returns them. */
    MetricTarget target(SignalTrigger t) throws ScalerException {
        ScalingView v = consistent();
        ComponentIndex idx = index(v.telemetry());
        checkWindow(t, idx.report());
        requireKnown(v, idx, t.component());
        return new MetricTarget(t.metricName(), target(v, t));
    }

    /**
     * The reading for GetMetrics. A total over only some of the component's pods is a lower bound: it is served
     * only while it does not by itself take replicas down (ceil(total / target) ≥ current replicas), as the
     * HPA treats pods without metrics; otherwise the answer is UNAVAILABLE.
     */
    Reading forMetrics(SignalTrigger t) throws ScalerException {
        Measured m = measure(t);
        if (m.partial != null && m.reading.hpaReplicas() < m.currentReplicas) {
            throw ScalerException.unavailable(m.partial + "; a total over part of the pods ("
                    + fmt(m.reading.metricValue()) + ") would take " + m.currentReplicas + " replicas down to "
                    + m.reading.hpaReplicas() + " on incomplete data, so omescale does not serve it until every pod"
                    + " reports again; KEDA's fallback applies meanwhile");
        }
        return m.reading;
    }

    /** The reading for IsActive: a partial total decides "active" (the real total is higher) but not "inactive". */
    Reading forActivity(SignalTrigger t) throws ScalerException {
        Measured m = measure(t);
        if (m.partial != null && !m.reading.active()) {
            throw ScalerException.unavailable(m.partial + "; a total over part of the pods ("
                    + fmt(m.reading.activationValue()) + ") cannot show that the component is idle (activationTarget "
                    + fmt(m.reading.activationTarget()) + "); KEDA's fallback applies until every pod reports again");
        }
        return m.reading;
    }

    /** A reading plus what the partial-data rules need. */
    private record Measured(Reading reading, String partial, int currentReplicas) {
    }

    private Measured measure(SignalTrigger t) throws ScalerException {
        ScalingView v = consistent();
        TelemetryReport report = v.telemetry();
        ComponentIndex idx = index(report);
        ComponentKey key = t.component();
        checkWindow(t, report);
        requireKnown(v, idx, key);
        double target = target(v, t);
        if (t.desiredReplicas()) {
            return new Measured(decision(v, t), null, 0);
        }
        requireFresh(report);
        ComponentSignals c = idx.component(key);
        if (c == null) {
            throw ScalerException.unavailable("no telemetry for " + key + ": none of its pods is a scrape target with"
                    + " data yet" + podNotes(idx.pods(key)) + "; check that its pods are listed as targets and"
                    + " answer; KEDA's fallback applies meanwhile");
        }
        Double value = c.get(t.signal());
        int withData = c.podsWithData().getOrDefault(t.signal(), 0);
        if (value == null || value.isNaN() || value.isInfinite()) {
            throw ScalerException.unavailable("no fresh data for signal " + t.signal() + " of " + key + ": "
                    + withData + " of " + c.pods().size() + " pods have it" + reasons(c, idx.pods(key))
                    + "; KEDA's fallback applies until data returns");
        }
        SignalDefinition def = catalog.require(t.signal());
        Optional<Integer> ready = v.readyReplicas(key);
        if (def.additive()) {
            Reading r = new Reading(t.metricName(), value, target, value, t.activationTarget());
            if (withData < c.pods().size()) {
                String partial = "signal " + t.signal() + " of " + key + " has data from only " + withData + " of "
                        + c.pods().size() + " pods" + reasons(c, idx.pods(key));
                return new Measured(r, partial, ready.orElse(c.pods().size()));
            }
            return new Measured(r, null, 0);
        }
        int replicas = ready.orElse(withData);
        if (replicas <= 0) {
            throw ScalerException.unavailable(key + " has no ready replicas, so intensive signal " + t.signal()
                    + " (a per-replica value) has no total to report; KEDA's fallback applies until pods are ready");
        }
        return new Measured(new Reading(t.metricName(), value * replicas, target, value, t.activationTarget()),
                null, 0);
    }

    private Reading decision(ScalingView v, SignalTrigger t) throws ScalerException {
        Optional<DesiredReplicas> d = v.desiredReplicas(t.component());
        if (d.isEmpty()) {
            throw ScalerException.unavailable("omescale has not decided replicas for " + t.component()
                    + " yet (the decision engine publishes one per evaluation); KEDA's fallback applies meanwhile");
        }
        DesiredReplicas decision = d.get();
        if (decision.decidedAt() != null) {
            Duration age = Duration.between(decision.decidedAt(), clock.instant());
            if (age.compareTo(maxDataAge) > 0) {
                throw ScalerException.unavailable("omescale's last decision for " + t.component() + " is "
                        + Durations.format(age.withNanos(0)) + " old (more than keda.maxDataAge "
                        + Durations.format(maxDataAge) + "); the decision loop is behind or stopped, so KEDA's"
                        + " fallback applies");
            }
        }
        double replicas = decision.replicas();
        return new Reading(t.metricName(), replicas, 1, replicas, t.activationTarget());
    }

    private double target(ScalingView v, SignalTrigger t) throws ScalerException {
        if (t.desiredReplicas()) {
            return 1;
        }
        if (t.target() != null) {
            return t.target();
        }
        String fix = "add target: <per-replica " + t.signal() + ">";
        Optional<EffectiveComponentSpec> spec = v.spec(t.component());
        if (spec.isEmpty()) {
            throw ScalerException.invalidArgument("target is missing for signal " + t.signal() + " of "
                    + t.component() + ", and omescale has no InferenceService spec to default it from (it reads"
                    + " none without a cluster); " + fix);
        }
        ScaleMetric metric = spec.get().scaleMetric() == null ? ScaleMetric.CPU : spec.get().scaleMetric();
        String matching = matchingSignal(metric);
        ScaleTarget st = spec.get().scaleTarget();
        if (!t.signal().equals(matching) || st == null || st.value() <= 0) {
            throw ScalerException.invalidArgument("target is missing for signal " + t.signal() + " of "
                    + t.component() + "; it defaults only when the signal matches the component's scaleMetric"
                    + " (concurrency for concurrency, request_rate for rps), and scaleMetric is " + metric.word()
                    + "; " + fix);
        }
        return st.value();
    }

    /** The signal that reads the same quantity as an OME scaleMetric, or null for cpu and memory. */
    static String matchingSignal(ScaleMetric metric) {
        return switch (metric) {
            case CONCURRENCY -> SignalCatalog.CONCURRENCY;
            case RPS -> SignalCatalog.REQUEST_RATE;
            default -> null;
        };
    }

    private static void checkWindow(SignalTrigger t, TelemetryReport report) throws ScalerException {
        if (t.window() != null && !t.window().equals(report.window())) {
            throw ScalerException.invalidArgument("window " + Durations.format(t.window()) + " is not available:"
                    + " omescale computes signals over one window, the telemetry window "
                    + Durations.format(report.window()) + " (set by the targets file's window); remove window or"
                    + " set it to " + Durations.format(report.window()));
        }
    }

    private void requireFresh(TelemetryReport report) throws ScalerException {
        if (report.evaluatedAtMillis() <= 0) {
            throw ScalerException.unavailable("omescale has not evaluated any telemetry yet (the first evaluation"
                    + " follows the first scrapes); KEDA's fallback applies meanwhile");
        }
        long ageMillis = clock.millis() - report.evaluatedAtMillis();
        if (ageMillis > maxDataAge.toMillis()) {
            throw ScalerException.unavailable("omescale's telemetry was last evaluated "
                    + Durations.format(Duration.ofSeconds(ageMillis / 1000)) + " ago (more than keda.maxDataAge "
                    + Durations.format(maxDataAge) + "); the evaluation loop is behind or stopped, so KEDA's"
                    + " fallback applies");
        }
    }

    /** NOT_FOUND unless omescale knows the component from its spec, its telemetry or a decision. */
    private static void requireKnown(ScalingView v, ComponentIndex idx, ComponentKey key) throws ScalerException {
        if (known(v, idx, key)) {
            return;
        }
        List<String> components = new ArrayList<>();
        for (ComponentKind k : ComponentKind.values()) {
            if (known(v, idx, new ComponentKey(key.namespace(), key.inferenceService(), k))) {
                components.add(k.word());
            }
        }
        if (!components.isEmpty()) {
            throw ScalerException.notFound("InferenceService " + key.namespace() + "/" + key.inferenceService()
                    + " has no " + key.component().word() + " component known to omescale (it has "
                    + String.join(", ", components) + "); check component in the trigger metadata");
        }
        TreeSet<String> inNamespace = new TreeSet<>(idx.inferenceServices(key.namespace()));
        if (v instanceof ScalingSnapshot s) {
            s.specs().keySet().stream().filter(k -> k.namespace().equals(key.namespace()))
                    .forEach(k -> inNamespace.add(k.inferenceService()));
            s.decisions().keySet().stream().filter(k -> k.namespace().equals(key.namespace()))
                    .forEach(k -> inNamespace.add(k.inferenceService()));
        }
        throw ScalerException.notFound("InferenceService " + key.namespace() + "/" + key.inferenceService()
                + " is not known to omescale (no spec, scrape target or decision names it); known in namespace "
                + key.namespace() + ": " + (inNamespace.isEmpty() ? "none" : String.join(", ", inNamespace))
                + "; check inferenceService and namespace in the trigger metadata");
    }

    private static boolean known(ScalingView v, ComponentIndex idx, ComponentKey key) {
        return idx.knows(key) || v.spec(key).isPresent() || v.desiredReplicas(key).isPresent();
    }

    private static String reasons(ComponentSignals c, List<PodSignals> pods) {
        List<String> parts = new ArrayList<>(c.notes());
        String podNotes = podNotes(pods);
        return (parts.isEmpty() ? "" : " (" + String.join("; ", limit(parts)) + ")") + podNotes;
    }

    private static String podNotes(List<PodSignals> pods) {
        List<String> parts = new ArrayList<>();
        for (PodSignals p : pods) {
            for (String note : p.notes()) {
                parts.add("pod " + p.pod() + ": " + note);
            }
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", limit(parts)) + ")";
    }

    /** At most three reasons, so an error stays one readable line. */
    private static List<String> limit(List<String> parts) {
        if (parts.size() <= 3) {
            return parts;
        }
        List<String> head = new ArrayList<>(parts.subList(0, 3));
        head.add("and " + (parts.size() - 3) + " more");
        return head;
    }

    private ScalingView consistent() {
        // One snapshot per call, so that signals, specs and ready counts agree with each other.
        return view instanceof LatestScalingView latest ? latest.current() : view;
    }

    private ComponentIndex index(TelemetryReport report) {
        ComponentIndex i = index.get();
        if (i == null || i.report() != report) {
            i = ComponentIndex.of(report);
            index.set(i);
        }
        return i;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
