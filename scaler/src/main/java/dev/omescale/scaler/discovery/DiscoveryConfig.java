package dev.omescale.scaler.discovery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where in-cluster telemetry discovery looks and what it falls back to.
 *
 * @param namespace          the only namespace whose InferenceService pods are scraped, or null for all
 * @param enginePort         port of an OME component pod without a {@code prometheus.io/port} annotation
 * @param enginePath         path of an OME component pod without a {@code prometheus.io/path} annotation
 * @param dcgmSelector       labels that select DCGM exporter pods (all must match); empty turns DCGM discovery off
 * @param dcgmNamespace      the namespace of the DCGM exporter pods, or null for all namespaces
 * @param dcgmPort           port of a DCGM exporter pod without a {@code prometheus.io/port} annotation and without
 *                           a container port named {@code metrics}
 * @param dcgmPath           path of a DCGM exporter pod without a {@code prometheus.io/path} annotation
 * @param scrapeInterval     interval of every discovered target
 * @param scrapeTimeout      timeout of every discovered target
 */
public record DiscoveryConfig(
        String namespace,
        int enginePort,
        String enginePath,
        Map<String, String> dcgmSelector,
        String dcgmNamespace,
        int dcgmPort,
        String dcgmPath,
        Duration scrapeInterval,
        Duration scrapeTimeout) {

    /** OME's runtimes serve metrics on the engine's HTTP port 8080 (ome-compat section 10). */
    public static final int DEFAULT_ENGINE_PORT = 8080;
    public static final String DEFAULT_PATH = "/metrics";
    /** The label the dcgm-exporter Helm chart and the GPU operator put on exporter pods. */
    public static final String DEFAULT_DCGM_SELECTOR = "app.kubernetes.io/name=dcgm-exporter";
    /** dcgm-exporter's default listen address is :9400. */
    public static final int DEFAULT_DCGM_PORT = 9400;

    public static final DiscoveryConfig DEFAULT = new DiscoveryConfig(null, DEFAULT_ENGINE_PORT, DEFAULT_PATH,
            parseSelector(DEFAULT_DCGM_SELECTOR), null, DEFAULT_DCGM_PORT, DEFAULT_PATH, Duration.ofSeconds(5),
            Duration.ofSeconds(3));

    public DiscoveryConfig {
        requirePort("enginePort", enginePort);
        requirePort("dcgmPort", dcgmPort);
        requirePath("enginePath", enginePath);
        requirePath("dcgmPath", dcgmPath);
        dcgmSelector = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(dcgmSelector, "dcgmSelector (use an empty map for none)")));
        if (scrapeInterval == null || scrapeInterval.isZero() || scrapeInterval.isNegative()) {
            throw new IllegalArgumentException("discovery scrapeInterval must be positive, got " + scrapeInterval);
        }
        if (scrapeTimeout == null || scrapeTimeout.isZero() || scrapeTimeout.isNegative()) {
            throw new IllegalArgumentException("discovery scrapeTimeout must be positive, got " + scrapeTimeout);
        }
    }

    public DiscoveryConfig withNamespace(String ns) {
        return new DiscoveryConfig(ns, enginePort, enginePath, dcgmSelector, dcgmNamespace, dcgmPort, dcgmPath,
                scrapeInterval, scrapeTimeout);
    }

    public DiscoveryConfig withDcgm(Map<String, String> selector, String ns) {
        return new DiscoveryConfig(namespace, enginePort, enginePath, selector, ns, dcgmPort, dcgmPath,
                scrapeInterval, scrapeTimeout);
    }

    public DiscoveryConfig withEngineDefaults(int port, String path) {
        return new DiscoveryConfig(namespace, port, path, dcgmSelector, dcgmNamespace, dcgmPort, dcgmPath,
                scrapeInterval, scrapeTimeout);
    }

    public DiscoveryConfig withScrape(Duration interval, Duration timeout) {
        return new DiscoveryConfig(namespace, enginePort, enginePath, dcgmSelector, dcgmNamespace, dcgmPort,
                dcgmPath, interval, timeout);
    }

    /**
     * Parses an equality label selector such as {@code app.kubernetes.io/name=dcgm-exporter,team=gpu}. Set-based
     * forms ({@code in}, {@code !=}, {@code !key}) are refused: an informer selects by equality here.
     *
     * @throws IllegalArgumentException naming the selector, the bad term and the accepted form
     */
    public static Map<String, String> parseSelector(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (selector == null || selector.isBlank()) {
            return labels;
        }
        for (String term : selector.split(",")) {
            String t = term.trim();
            int eq = t.indexOf('=');
            String key = eq < 0 ? t : t.substring(0, eq).trim();
            String value = eq < 0 ? "" : t.substring(eq + 1).trim();
            if (value.startsWith("=")) {
                value = value.substring(1).trim(); // "==" is the same as "="
            }
            if (eq <= 0 || key.endsWith("!") || key.isEmpty() || t.contains(" in ") || t.contains(" notin ")
                    || !key.matches("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")
                    || !value.matches("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?")) {
                throw new IllegalArgumentException("DCGM exporter selector \"" + selector + "\" has the term \""
                        + t + "\" that is not key=value; write labels as key=value joined by commas, e.g. "
                        + DEFAULT_DCGM_SELECTOR);
            }
            if (labels.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("DCGM exporter selector \"" + selector + "\" names label " + key
                        + " twice; name each label once");
            }
        }
        return labels;
    }

    private static void requirePort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("discovery " + what + " " + port + " is not a TCP port; use 1-65535");
        }
    }

    private static void requirePath(String what, String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("discovery " + what + " \"" + path
                    + "\" must be an absolute URL path such as /metrics");
        }
    }
}
