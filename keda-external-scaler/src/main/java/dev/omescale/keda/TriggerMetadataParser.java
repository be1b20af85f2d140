package dev.omescale.keda;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.telemetry.config.Durations;
import dev.omescale.telemetry.config.KubernetesNames;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a trigger's {@code scalerMetadata}. Exactly the documented keys are accepted (plus KEDA's own
 * {@code scalerAddress}, {@code enableTLS}, {@code unsafeSsl}); anything else, and any bad value, is an
 * INVALID_ARGUMENT that lists every problem at once, each naming the key and the fix.
 *
 * <p>Only what the metadata alone decides is checked here; what needs omescale's state (does the component
 * exist, is the window the telemetry window, can target default from scaleMetric) is checked when answering.
 */
public final class TriggerMetadataParser {

    public static final String INFERENCE_SERVICE = "inferenceService";
    public static final String COMPONENT = "component";
    public static final String NAMESPACE = "namespace";
    public static final String SIGNAL = "signal";
    public static final String TARGET = "target";
    public static final String ACTIVATION_TARGET = "activationTarget";
    public static final String WINDOW = "window";
    public static final String QUERY = "query";
    public static final String THRESHOLD = "threshold";
    public static final String ACTIVATION_THRESHOLD = "activationThreshold";
    public static final String SERVER_ADDRESS = "serverAddress";

    static final List<String> SIGNAL_KEYS =
            List.of(INFERENCE_SERVICE, COMPONENT, NAMESPACE, SIGNAL, TARGET, ACTIVATION_TARGET, WINDOW);
    static final List<String> QUERY_KEYS = List.of(QUERY, THRESHOLD, ACTIVATION_THRESHOLD, SERVER_ADDRESS);
    /** KEDA's own trigger keys: it passes the whole metadata map, these included. */
    static final Set<String> KEDA_KEYS = Set.of("scalerAddress", "enableTLS", "unsafeSsl");
    /** TLS material users put in metadata after KEDA's docs (issue #5082); KEDA reads it only from auth. */
    private static final Set<String> TLS_MATERIAL = Set.of("caCert", "tlsClientCert", "tlsClientKey", "tlsCertFile");

    // Go's ParseFloat forms without hex, underscores, Inf or NaN: a target is a plain decimal number.
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final SignalCatalog catalog;

    public TriggerMetadataParser(SignalCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param scaledObjectName      {@code ScaledObjectRef.name}, for messages
     * @param scaledObjectNamespace {@code ScaledObjectRef.namespace}, the default for {@code namespace}
     * @param metadata              {@code ScaledObjectRef.scalerMetadata}
     */
    public Trigger parse(String scaledObjectName, String scaledObjectNamespace, Map<String, String> metadata)
            throws ScalerException {
        List<String> problems = new ArrayList<>();
        Map<String, String> m = metadata;
        boolean queryMode = m.containsKey(QUERY);
        for (String key : m.keySet()) {
            if (keyProblem(key, queryMode) != null) {
                // Sorted, so that the problems come in the same order whatever order KEDA's Go map sent.
                for (String k : new TreeSet<>(m.keySet())) {
                    String problem = keyProblem(k, queryMode);
                    if (problem != null) {
                        problems.add(problem);
                    }
                }
                break;
            }
        }
        Trigger trigger = queryMode ? queryTrigger(m, problems) : signalTrigger(m, scaledObjectNamespace, problems);
        if (!problems.isEmpty()) {
            String who = scaledObjectName == null || scaledObjectName.isEmpty() ? "the trigger"
                    : "the trigger of ScaledObject " + (scaledObjectNamespace == null || scaledObjectNamespace.isEmpty()
                    ? "" : scaledObjectNamespace + "/") + scaledObjectName;
            throw ScalerException.invalidArgument("metadata of " + who + ": " + String.join("; ", problems));
        }
        return trigger;
    }

    private String keyProblem(String key, boolean queryMode) {
        if (SIGNAL_KEYS.contains(key)) {
            return queryMode ? "'" + key + "' does not go with 'query': a PromQL passthrough trigger reads only "
                    + String.join(", ", QUERY_KEYS) + "; remove '" + key + "' or remove 'query'" : null;
        }
        if (QUERY_KEYS.contains(key)) {
            return queryMode ? null : "'" + key + "' belongs to PromQL passthrough and needs 'query'; for a signal"
                    + " trigger use " + (key.equals(THRESHOLD) ? "'target'" : key.equals(ACTIVATION_THRESHOLD)
                    ? "'activationTarget'" : "inferenceService/component/signal") + " instead, or add 'query'";
        }
        if (KEDA_KEYS.contains(key)) {
            return null;
        }
        if (TLS_MATERIAL.contains(key)) {
            return "'" + key + "' is TLS material, which KEDA reads only from a TriggerAuthentication (caCert,"
                    + " tlsClientCert, tlsClientKey as PEM contents), never from metadata; move it there and"
                    + " reference it with the trigger's authenticationRef";
        }
        if (key.equals("ignoreNullValues")) {
            return "'ignoreNullValues' is not supported: omescale answers an empty query result with UNAVAILABLE"
                    + " (missing data is never 0); remove it, and append 'or vector(0)' to the query where an"
                    + " empty result truly means zero";
        }
        String suggestion = closest(key);
        return "unknown key '" + key + "'" + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                + "; omescale reads " + String.join(", ", SIGNAL_KEYS) + ", or for PromQL passthrough "
                + String.join(", ", QUERY_KEYS) + " (KEDA's scalerAddress, enableTLS and unsafeSsl are accepted);"
                + " remove or rename it";
    }

    private SignalTrigger signalTrigger(Map<String, String> m, String scaledObjectNamespace, List<String> problems) {
        String isvc = m.get(INFERENCE_SERVICE);
        if (isvc == null) {
            problems.add("'inferenceService' is missing; name the InferenceService to scale on, e.g."
                    + " inferenceService: llama-chat (or give 'query' for PromQL passthrough)");
        } else if (!KubernetesNames.isLabel(isvc)) {
            problems.add("inferenceService '" + isvc + "' is not an InferenceService name; "
                    + KubernetesNames.LABEL_RULE);
            isvc = null;
        }
        ComponentKind kind = ComponentKind.ENGINE;
        String componentText = m.get(COMPONENT);
        if (componentText != null) {
            kind = componentOf(componentText);
            if (kind == null) {
                problems.add("component '" + componentText + "' is not engine, decoder or router; write one of"
                        + " those (default engine)");
            }
        }
        String namespace = m.get(NAMESPACE);
        if (namespace == null) {
            if (scaledObjectNamespace == null || scaledObjectNamespace.isEmpty()) {
                problems.add("'namespace' is missing and the ScaledObjectRef carries no namespace; add namespace:"
                        + " <the InferenceService's namespace>");
            } else {
                namespace = scaledObjectNamespace;
            }
        } else if (!KubernetesNames.isLabel(namespace)) {
            problems.add("namespace '" + namespace + "' is not a namespace name; " + KubernetesNames.LABEL_RULE);
            namespace = null;
        }
        String signal = m.getOrDefault(SIGNAL, SignalTrigger.DESIRED_REPLICAS);
        if (!signal.equals(SignalTrigger.DESIRED_REPLICAS) && catalog.find(signal).isEmpty()) {
            problems.add("signal '" + signal + "' is not an omescale signal; use desired_replicas (the default) or"
                    + " one of " + String.join(", ", catalog.names()));
        }
        Double target = null;
        if (m.containsKey(TARGET)) {
            target = number(TARGET, m.get(TARGET), true, problems);
            if (target != null && signal.equals(SignalTrigger.DESIRED_REPLICAS) && target != 1.0) {
                problems.add("target " + m.get(TARGET) + " does not go with signal desired_replicas, which is"
                        + " served with target 1 so that the HPA lands on omescale's replicas; remove target");
                target = null;
            }
        }
        double activation = 0;
        if (m.containsKey(ACTIVATION_TARGET)) {
            Double a = number(ACTIVATION_TARGET, m.get(ACTIVATION_TARGET), false, problems);
            activation = a == null ? 0 : a;
        }
        Duration window = null;
        if (m.containsKey(WINDOW)) {
            try {
                window = Durations.parse(m.get(WINDOW));
                if (window.isZero()) {
                    problems.add("window 0 is empty; remove window to use the telemetry window");
                    window = null;
                }
            } catch (IllegalArgumentException e) {
                problems.add("window " + e.getMessage() + "; or remove window to use the telemetry window");
            }
        }
        if (isvc == null || namespace == null || kind == null) {
            return null;
        }
        return new SignalTrigger(new ComponentKey(namespace, isvc, kind), signal, target, activation, window);
    }

    private QueryTrigger queryTrigger(Map<String, String> m, List<String> problems) {
        String query = m.get(QUERY);
        if (query.isBlank()) {
            problems.add("query is empty; write the PromQL to evaluate, e.g. query: sum(vllm:num_requests_waiting)");
        }
        Double threshold = null;
        if (m.containsKey(THRESHOLD)) {
            threshold = number(THRESHOLD, m.get(THRESHOLD), true, problems);
        } else {
            problems.add("'threshold' is missing; PromQL passthrough needs the per-replica target, e.g. threshold:"
                    + " \"10\"");
        }
        double activation = 0;
        if (m.containsKey(ACTIVATION_THRESHOLD)) {
            Double a = number(ACTIVATION_THRESHOLD, m.get(ACTIVATION_THRESHOLD), false, problems);
            activation = a == null ? 0 : a;
        }
        URI server = null;
        if (m.containsKey(SERVER_ADDRESS)) {
            server = serverAddress(m.get(SERVER_ADDRESS), problems);
        }
        if (query.isBlank() || threshold == null) {
            return null;
        }
        return new QueryTrigger(server, query, threshold, activation);
    }

    private static URI serverAddress(String text, List<String> problems) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            problems.add("serverAddress is not a URL (" + e.getReason() + "); write the Prometheus root, e.g."
                    + " http://prometheus.monitoring:9090");
            return null;
        }
        try {
            // The same checks the client makes, so a bad address fails here and not at the first query.
            PrometheusEndpoint.of(uri);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
        return uri;
    }

    /** A finite decimal number; {@code positive} also rejects zero and below (an HPA target must be positive). */
    private static Double number(String key, String text, boolean positive, List<String> problems) {
        String example = positive ? "e.g. " + key + ": \"10\" or \"0.75\"" : "e.g. " + key + ": \"0\" or \"0.5\"";
        String t = text.trim();
        if (t.isEmpty()) {
            problems.add(key + " is empty; write a number, " + example);
            return null;
        }
        if (!NUMBER.matcher(t).matches()) {
            problems.add(key + " '" + text + "' is not a number; write a decimal number, " + example);
            return null;
        }
        double v = Double.parseDouble(t);
        if (Double.isInfinite(v)) {
            problems.add(key + " '" + text + "' is too large; write a finite number, " + example);
            return null;
        }
        if (positive && v <= 0) {
            problems.add(key + " " + text + " must be above 0 (the HPA divides by it); " + example);
            return null;
        }
        return v;
    }

    private static ComponentKind componentOf(String word) {
        for (ComponentKind k : ComponentKind.values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        return null;
    }

    /** The accepted key nearest to a typo: same letters in another case, or at most two edits away. */
    private static String closest(String key) {
        String best = null;
        int bestDistance = 3;
        List<String> known = new ArrayList<>(SIGNAL_KEYS);
        known.addAll(QUERY_KEYS);
        for (String k : known) {
            if (k.equalsIgnoreCase(key)) {
                return k;
            }
            int d = editDistance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
