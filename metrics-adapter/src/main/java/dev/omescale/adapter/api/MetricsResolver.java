package dev.omescale.adapter.api;

import dev.omescale.adapter.selector.LabelSelector;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.scaler.view.DesiredReplicas;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingView;
import dev.omescale.telemetry.config.Durations;
import dev.omescale.telemetry.signal.Aggregation;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.signal.SignalDefinition;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the metrics API answers, without HTTP: each method reads one snapshot of the {@link ScalingView} and returns
 * the items of one request, or throws an {@link ApiError} that says why there are none. Missing and stale data are
 * errors (503), never a 0 that an HPA would read as "no load".
 */
public final class MetricsResolver {
    /** The external metric that carries omescale's decision. */
    public static final String DESIRED_REPLICAS = "desired_replicas";

    public static final String PODS = "pods";
    public static final String INFERENCE_SERVICES = "inferenceservices.ome.io";
    public static final String DEPLOYMENTS = "deployments.apps";
    public static final String NAMESPACES = "namespaces";
    /** The namespaced resources that custom metrics describe, as group-resource strings. */
    public static final List<String> OBJECT_RESOURCES = List.of(PODS, INFERENCE_SERVICES, DEPLOYMENTS);

    /** Pod labels OME sets on every component pod (ome-compat.md section 5). */
    public static final String POD_ISVC_LABEL = "ome.io/inferenceservice";
    public static final String POD_COMPONENT_LABEL = "component";
    public static final String POD_APP_LABEL = "app";
    /** Metric labels of omescale's series, for metricLabelSelector and external labelSelector. */
    public static final String METRIC_ISVC_LABEL = "inferenceservice";
    public static final String METRIC_COMPONENT_LABEL = "component";

    private static final int LISTED = 5;

    private final ScalingView view;
    private final SignalCatalog catalog;
    private final Clock clock;
    private final Duration maxDataAge;

    public MetricsResolver(ScalingView view, SignalCatalog catalog, Clock clock, Duration maxDataAge) {
        this.view = view;
        this.catalog = catalog;
        this.clock = clock;
        this.maxDataAge = maxDataAge;
    }

    /** Every signal the custom API serves. */
    public List<String> customMetrics() {
        return catalog.names();
    }

    /** Every metric the external API serves: the catalog and {@value #DESIRED_REPLICAS}. */
    public List<String> externalMetrics() {
        List<String> names = new ArrayList<>(catalog.names());
        names.add(DESIRED_REPLICAS);
        return names;
    }

    /** {@code pods/*}: one item per matching pod with fresh data; pods without are left out, as the HPA expects. */
    public List<MetricSample> pods(String namespace, String signal, LabelSelector selector, LabelSelector metricSelector) {
        SignalDefinition definition = customSignal(signal);
        Read read = read();
        List<PodSignals> inNamespace = read.report.pods().stream()
                .filter(p -> p.namespace().equals(namespace))
                .sorted(Comparator.comparing(PodSignals::pod))
                .toList();
        if (inNamespace.isEmpty()) {
            throw ApiError.notFound("metric " + signal + " for pods in namespace " + namespace + ": omescale has no "
                    + "pods in namespace " + namespace + "; check that its telemetry targets cover that namespace");
        }
        List<PodSignals> matching = inNamespace.stream()
                .filter(p -> selector.matches(podLabels(p)) && metricSelector.matches(metricLabels(p)))
                .toList();
        if (matching.isEmpty()) {
            throw ApiError.notFound("metric " + signal + " for pods in namespace " + namespace + ": no pod matches "
                    + describe(selector, metricSelector) + "; pods known: "
                    + listed(inNamespace.stream().map(p -> p.pod() + labelsText(podLabels(p))).toList())
                    + "; omescale knows the labels " + POD_ISVC_LABEL + ", " + POD_COMPONENT_LABEL + " and "
                    + POD_APP_LABEL);
        }
        List<MetricSample> items = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (PodSignals p : matching) {
            Double value = p.get(signal);
            String problem = problem(value, p.dataTimeMillis(), read.now, p.notes());
            if (problem != null) {
                missing.add(p.pod() + ": " + problem);
                continue;
            }
            items.add(new MetricSample(DescribedObject.pod(namespace, p.pod()), signal, metricSelector, Map.of(),
                    Instant.ofEpochMilli(p.dataTimeMillis()), window(read), value));
        }
        if (items.isEmpty()) {
            throw ApiError.unavailable("metric " + signal + " for pods in namespace " + namespace + " matching "
                    + describe(selector, metricSelector) + ": no fresh data; " + listed(missing));
        }
        return items;
    }

    /**
     * One object: a pod, an InferenceService (its engine, or the component {@code metricLabelSelector} names) or
     * the Deployment {@code <isvc>-<component>}.
     */
    public MetricSample object(String namespace, String resource, String name, String signal,
            LabelSelector metricSelector) {
        SignalDefinition definition = customSignal(signal);
        Read read = read();
        switch (resource) {
            case PODS -> {
                PodSignals pod = read.report.pod(namespace, name).orElseThrow(() -> ApiError.notFound("metric "
                        + signal + " for pod " + namespace + "/" + name + ": omescale has no such pod"));
                if (!metricSelector.matches(metricLabels(pod))) {
                    throw ApiError.notFound("metric " + signal + " for pod " + namespace + "/" + name
                            + ": metricLabelSelector '" + metricSelector + "' does not match its series "
                            + labelsText(metricLabels(pod)));
                }
                String problem = problem(pod.get(signal), pod.dataTimeMillis(), read.now, pod.notes());
                if (problem != null) {
                    throw ApiError.unavailable("metric " + signal + " for pod " + namespace + "/" + name + ": "
                            + problem);
                }
                return new MetricSample(DescribedObject.pod(namespace, name), signal, metricSelector, Map.of(),
                        Instant.ofEpochMilli(pod.dataTimeMillis()), window(read), pod.get(signal));
            }
            case INFERENCE_SERVICES -> {
                ComponentSignals c = componentOfService(read.report, namespace, name, signal, metricSelector);
                return componentSample(read, definition, c, DescribedObject.inferenceService(namespace, name),
                        metricSelector);
            }
            case DEPLOYMENTS -> {
                ComponentSignals c = read.report.components().stream()
                        .filter(s -> s.namespace().equals(namespace)
                                && name.equals(s.inferenceService() + "-" + s.component()))
                        .findFirst()
                        .orElseThrow(() -> ApiError.notFound("metric " + signal + " for Deployment " + namespace + "/"
                                + name + ": no InferenceService component of omescale is named " + name
                                + "; components in " + namespace + ": " + listed(componentNames(read.report, namespace))));
                if (!metricSelector.matches(metricLabels(c))) {
                    throw ApiError.notFound("metric " + signal + " for Deployment " + namespace + "/" + name
                            + ": metricLabelSelector '" + metricSelector + "' does not match its series "
                            + labelsText(metricLabels(c)));
                }
                return componentSample(read, definition, c, DescribedObject.deployment(namespace, name), metricSelector);
            }
            case NAMESPACES -> throw ApiError.notFound("namespace metrics are read at "
                    + "/apis/custom.metrics.k8s.io/{version}/namespaces/{namespace}/metrics/" + signal);
            default -> throw unknownResource(resource);
        }
    }

    /**
     * The namespace as a whole, over its components ({@code metricLabelSelector} narrows them): totals add up,
     * ratios average over pods, quantiles give the worst component's, which bounds the namespace-wide quantile
     * from above.
     */
    public MetricSample namespace(String namespace, String signal, LabelSelector metricSelector) {
        SignalDefinition definition = customSignal(signal);
        Read read = read();
        List<ComponentSignals> components = read.report.components().stream()
                .filter(c -> c.namespace().equals(namespace) && metricSelector.matches(metricLabels(c)))
                .sorted(COMPONENT_ORDER)
                .toList();
        String what = "metric " + signal + " for namespace " + namespace;
        if (components.isEmpty()) {
            throw ApiError.notFound(what + ": no InferenceService component"
                    + (metricSelector.isEmpty() ? "" : " matching metricLabelSelector '" + metricSelector + "'")
                    + " is known in namespace " + namespace);
        }
        double total = 0;
        long weight = 0;
        double max = Double.NEGATIVE_INFINITY;
        long oldest = Long.MAX_VALUE;
        List<String> missing = new ArrayList<>();
        for (ComponentSignals c : components) {
            Value v;
            try {
                v = componentValue(read, definition, c);
            } catch (ApiError e) {
                // A total without one component would read as low load; ratios and quantiles stay representative.
                if (definition.additive()) {
                    throw ApiError.unavailable(what + ": " + e.getMessage());
                }
                missing.add(e.getMessage());
                continue;
            }
            int pods = Math.max(1, c.podsWithData().getOrDefault(signal, 1));
            total += definition.aggregation() == Aggregation.AVERAGE ? v.value * pods : v.value;
            weight += pods;
            max = Math.max(max, v.value);
            oldest = Math.min(oldest, v.timeMillis);
        }
        if (oldest == Long.MAX_VALUE) {
            throw ApiError.unavailable(what + ": no fresh data; " + listed(missing));
        }
        double value = switch (definition.aggregation()) {
            case SUM -> total;
            case AVERAGE -> total / weight;
            case MERGED_BUCKETS -> max;
        };
        return new MetricSample(DescribedObject.namespace(namespace), signal, metricSelector, Map.of(),
                Instant.ofEpochMilli(oldest), window(read), value);
    }

    /**
     * External series: one per InferenceService component of the namespace, labelled {@code inferenceservice} and
     * {@code component}. The HPA adds up every item, so one matching series without fresh data fails the request.
     */
    public List<MetricSample> external(String namespace, String metric, LabelSelector selector) {
        boolean decision = metric.equals(DESIRED_REPLICAS);
        SignalDefinition definition = decision ? null : catalog.find(metric).orElseThrow(() -> ApiError.notFound(
                "external metric " + metric + " is not served; use a catalog signal or " + DESIRED_REPLICAS + ": "
                        + String.join(", ", externalMetrics())));
        Read read = read();
        Map<List<String>, ComponentSignals> series = new LinkedHashMap<>();
        read.report.components().stream()
                .filter(c -> c.namespace().equals(namespace))
                .sorted(COMPONENT_ORDER)
                .forEach(c -> series.put(List.of(c.inferenceService(), c.component()), c));
        // A decision can exist for a component that has no telemetry yet (scale from zero); a selector naming it
        // exactly still finds it.
        Optional<String> isvc = selector.exactValue(METRIC_ISVC_LABEL);
        Optional<String> component = selector.exactValue(METRIC_COMPONENT_LABEL);
        if (decision && isvc.isPresent() && component.isPresent()) {
            series.putIfAbsent(List.of(isvc.get(), component.get()), null);
        }
        List<List<String>> matching = series.keySet().stream()
                .filter(k -> selector.matches(seriesLabels(k.get(0), k.get(1))))
                .toList();
        String what = "external metric " + metric + " in namespace " + namespace;
        if (matching.isEmpty()) {
            throw ApiError.notFound(what + ": no series matches labelSelector '" + selector + "'; series: "
                    + listed(series.keySet().stream().map(k -> labelsText(seriesLabels(k.get(0), k.get(1)))).toList())
                    + "; select one with labelSelector=" + METRIC_ISVC_LABEL + "=<name>," + METRIC_COMPONENT_LABEL
                    + "=<engine|decoder|router>");
        }
        List<MetricSample> items = new ArrayList<>();
        for (List<String> key : matching) {
            Map<String, String> labels = seriesLabels(key.get(0), key.get(1));
            if (decision) {
                DesiredReplicas d = decision(read, namespace, key.get(0), key.get(1));
                items.add(new MetricSample(null, metric, LabelSelector.EVERYTHING, labels, d.decidedAt(), null,
                        d.replicas()));
            } else {
                Value v;
                try {
                    v = componentValue(read, definition, series.get(key));
                } catch (ApiError e) {
                    throw new ApiError(e.code(), e.reason(), what + ": " + e.getMessage());
                }
                items.add(new MetricSample(null, metric, LabelSelector.EVERYTHING, labels,
                        Instant.ofEpochMilli(v.timeMillis), window(read), v.value));
            }
        }
        return items;
    }

    private DesiredReplicas decision(Read read, String namespace, String isvc, String component) {
        String what = "external metric " + DESIRED_REPLICAS + " for " + namespace + "/" + isvc + " " + component;
        ComponentKind kind = kind(component).orElseThrow(() -> ApiError.notFound(what + ": '" + component
                + "' is not a component omescale decides for; use engine, decoder or router"));
        DesiredReplicas d = read.view.desiredReplicas(new ComponentKey(namespace, isvc, kind))
                .orElseThrow(() -> ApiError.unavailable(what + ": no decision yet; omescale decides only for"
                        + " InferenceServices it manages (check its annotations and the controller log)"));
        long age = read.now - d.decidedAt().toEpochMilli();
        if (age > maxDataAge.toMillis()) {
            throw ApiError.unavailable(what + ": the last decision is stale (" + seconds(age) + " old > max age "
                    + Durations.format(maxDataAge) + "); is the decision loop running?");
        }
        return d;
    }

    private ComponentSignals componentOfService(TelemetryReport report, String namespace, String name, String signal,
            LabelSelector metricSelector) {
        List<ComponentSignals> components = report.components().stream()
                .filter(c -> c.namespace().equals(namespace) && name.equals(c.inferenceService()))
                .sorted(COMPONENT_ORDER)
                .toList();
        String what = "metric " + signal + " for InferenceService " + namespace + "/" + name;
        if (components.isEmpty()) {
            throw ApiError.notFound(what + ": omescale has no components of it; InferenceServices in " + namespace
                    + ": " + String.join(", ", report.components().stream()
                    .filter(c -> c.namespace().equals(namespace))
                    .map(ComponentSignals::inferenceService).distinct().sorted().toList()));
        }
        String present = components.stream().map(ComponentSignals::component).collect(Collectors.joining(", "));
        if (metricSelector.isEmpty()) {
            return components.stream()
                    .filter(c -> c.component().equals(ComponentKind.ENGINE.word()))
                    .findFirst()
                    .orElseThrow(() -> ApiError.notFound(what + ": it has no engine component (components: " + present
                            + "); choose one with metricLabelSelector=component=<name>"));
        }
        List<ComponentSignals> chosen = components.stream()
                .filter(c -> metricSelector.matches(metricLabels(c)))
                .toList();
        if (chosen.isEmpty()) {
            throw ApiError.notFound(what + ": metricLabelSelector '" + metricSelector + "' matches none of its "
                    + "components (" + present + ")");
        }
        if (chosen.size() > 1) {
            throw ApiError.badRequest(what + ": metricLabelSelector '" + metricSelector + "' matches "
                    + chosen.stream().map(ComponentSignals::component).collect(Collectors.joining(" and "))
                    + "; an object metric has one value, so select one component, e.g. component=decoder");
        }
        return chosen.get(0);
    }

    private MetricSample componentSample(Read read, SignalDefinition definition, ComponentSignals c,
            DescribedObject object, LabelSelector metricSelector) {
        Value v;
        try {
            v = componentValue(read, definition, c);
        } catch (ApiError e) {
            throw new ApiError(e.code(), e.reason(), "metric " + definition.name() + " for " + object.kind() + " "
                    + object.namespace() + "/" + object.name() + ": " + e.getMessage());
        }
        return new MetricSample(object, definition.name(), metricSelector, Map.of(), Instant.ofEpochMilli(v.timeMillis),
                window(read), v.value);
    }

    private Value componentValue(Read read, SignalDefinition definition, ComponentSignals c) {
        String name = c.inferenceService() + " " + c.component();
        String signal = definition.name();
        String problem = problem(c.get(signal), c.dataTimeMillis(), read.now, c.notes());
        if (problem != null) {
            throw ApiError.unavailable(name + ": " + problem);
        }
        int withData = c.podsWithData().getOrDefault(signal, 0);
        if (definition.additive() && withData < c.pods().size()) {
            throw ApiError.unavailable(name + ": only " + withData + " of " + c.pods().size() + " pods have data, and"
                    + " a partial total would read as low load" + notes(c.notes())
                    + "; per-pod values are served at pods/*/" + signal);
        }
        return new Value(c.get(signal), c.dataTimeMillis());
    }

    // Null when the value can be served, else why not.
    private String problem(Double value, long timeMillis, long now, List<String> notes) {
        if (value == null || timeMillis <= 0) {
            return "no data" + notes(notes);
        }
        if (!Double.isFinite(value)) {
            return "the value is " + value + ", which no quantity can carry";
        }
        long age = now - timeMillis;
        if (age > maxDataAge.toMillis()) {
            return "no fresh samples (oldest " + seconds(age) + " > max age " + Durations.format(maxDataAge) + ")"
                    + notes(notes);
        }
        return null;
    }

    private SignalDefinition customSignal(String signal) {
        if (signal.equals(DESIRED_REPLICAS)) {
            throw ApiError.notFound("metric " + DESIRED_REPLICAS + " is served by the external metrics API: "
                    + "/apis/external.metrics.k8s.io/v1beta1/namespaces/{namespace}/" + DESIRED_REPLICAS
                    + "?labelSelector=" + METRIC_ISVC_LABEL + "=<name>," + METRIC_COMPONENT_LABEL + "=<component>");
        }
        return catalog.find(signal).orElseThrow(() -> ApiError.notFound("metric " + signal
                + " is not served; omescale serves: " + String.join(", ", catalog.names())));
    }

    private static ApiError unknownResource(String resource) {
        return ApiError.notFound("resource " + resource + " has no metrics here; omescale serves "
                + String.join(", ", OBJECT_RESOURCES) + " and namespaces (…/namespaces/{namespace}/metrics/{metric})");
    }

    private Read read() {
        // One snapshot per request, so pods, components and decisions agree with each other.
        ScalingView snapshot = view instanceof LatestScalingView latest ? latest.current() : view;
        return new Read(snapshot, snapshot.telemetry(), clock.millis());
    }

    private static Long window(Read read) {
        return read.report.window().toSeconds();
    }

    private static Optional<ComponentKind> kind(String word) {
        for (ComponentKind k : ComponentKind.values()) {
            if (k.word().equals(word)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The labels OME puts on a component pod, as far as omescale knows them. */
    public static Map<String, String> podLabels(PodSignals p) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (p.inferenceService() != null && p.component() != null) {
            labels.put(POD_ISVC_LABEL, p.inferenceService());
            labels.put(POD_COMPONENT_LABEL, p.component());
            labels.put(POD_APP_LABEL, p.inferenceService() + "-" + p.component());
        }
        return labels;
    }

    private static Map<String, String> metricLabels(PodSignals p) {
        return p.inferenceService() == null || p.component() == null ? Map.of()
                : seriesLabels(p.inferenceService(), p.component());
    }

    private static Map<String, String> metricLabels(ComponentSignals c) {
        return seriesLabels(c.inferenceService(), c.component());
    }

    private static Map<String, String> seriesLabels(String isvc, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(METRIC_ISVC_LABEL, isvc);
        labels.put(METRIC_COMPONENT_LABEL, component);
        return labels;
    }

    private static List<String> componentNames(TelemetryReport report, String namespace) {
        return report.components().stream()
                .filter(c -> c.namespace().equals(namespace))
                .sorted(COMPONENT_ORDER)
                .map(c -> c.inferenceService() + "-" + c.component())
                .toList();
    }

    private static String describe(LabelSelector selector, LabelSelector metricSelector) {
        String s = "labelSelector '" + selector + "'";
        return metricSelector.isEmpty() ? s : s + " and metricLabelSelector '" + metricSelector + "'";
    }

    private static String labelsText(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String listed(List<String> items) {
        if (items.isEmpty()) {
            return "none";
        }
        String shown = String.join("; ", items.subList(0, Math.min(LISTED, items.size())));
        return items.size() > LISTED ? shown + "; and " + (items.size() - LISTED) + " more" : shown;
    }

    private static String notes(List<String> notes) {
        return notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
    }

    private static String seconds(long millis) {
        return (millis / 1000) + "s";
    }

    private static final Comparator<ComponentSignals> COMPONENT_ORDER =
            Comparator.comparing(ComponentSignals::inferenceService).thenComparing(ComponentSignals::component);

    private record Read(ScalingView view, TelemetryReport report, long now) {
    }

    private record Value(double value, long timeMillis) {
    }
}
