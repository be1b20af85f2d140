package dev.omescale.keda;

import dev.omescale.telemetry.config.ConfigException;
import dev.omescale.telemetry.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The {@code keda:} section of omescale's configuration:
 * <pre>
 * keda:
 *   listen: 127.0.0.1:9443        # host:port, or :port for every interface
 *   tls: {cert: tls.crt, key: tls.key, clientCa: ca.crt}   # optional; clientCa makes it mutual TLS
 *   maxDataAge: 60s               # older telemetry or decisions are UNAVAILABLE, not served
 *   maxConcurrentCalls: 256       # unary calls in progress; more get RESOURCE_EXHAUSTED
 *   workerThreads: 2              # transport threads that also run the calls (default: the CPUs, at least 2)
 *   maxStreams: 10000             # open StreamIsActive/StreamMetricSpec streams
 *   streamCheckInterval: 1s       # how often open streams are re-evaluated (pushes on change)
 *   streamHeartbeat: 30s          # an unchanged value is re-sent this often
 *   promqlCacheTtl: 30s           # PromQL passthrough cache; match the ScaledObjects' pollingInterval
 * </pre>
 *
 * @param host a host name or address to bind; null binds every interface
 * @param port 0 picks a free port (see {@link KedaScalerServer#port()})
 * @param tls  null for plaintext
 */
public record KedaServerConfig(String host, int port, TlsFiles tls, Duration maxDataAge, int maxConcurrentCalls,
        int workerThreads, int maxStreams, Duration streamCheckInterval, Duration streamHeartbeat,
        Duration promqlCacheTtl) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:9443";
    public static final Duration DEFAULT_MAX_DATA_AGE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 256;
    public static final int DEFAULT_MAX_STREAMS = 10_000;
    public static final Duration DEFAULT_STREAM_CHECK_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STREAM_HEARTBEAT = Duration.ofSeconds(30);

    static final List<String> KEYS = List.of("listen", "tls", "maxDataAge", "maxConcurrentCalls", "workerThreads",
            "maxStreams", "streamCheckInterval", "streamHeartbeat", "promqlCacheTtl");
    static final List<String> TLS_KEYS = List.of("cert", "key", "clientCa");

    public KedaServerConfig {
        Objects.requireNonNull(maxDataAge, "maxDataAge");
        Objects.requireNonNull(streamCheckInterval, "streamCheckInterval");
        Objects.requireNonNull(streamHeartbeat, "streamHeartbeat");
        Objects.requireNonNull(promqlCacheTtl, "promqlCacheTtl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0..65535");
        }
        if (maxConcurrentCalls < 1 || workerThreads < 1 || maxStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls, workerThreads and maxStreams must be at least 1");
        }
    }

    /** Plaintext on {@code host:port} with every default. */
    public static KedaServerConfig plaintext(String host, int port) {
        return new KedaServerConfig(host, port, null, DEFAULT_MAX_DATA_AGE, DEFAULT_MAX_CONCURRENT_CALLS,
                defaultWorkerThreads(), DEFAULT_MAX_STREAMS, DEFAULT_STREAM_CHECK_INTERVAL, DEFAULT_STREAM_HEARTBEAT,
                PromQlPassthrough.DEFAULT_TTL);
    }

    public KedaServerConfig withTls(TlsFiles newTls) {
        return new KedaServerConfig(host, port, newTls, maxDataAge, maxConcurrentCalls, workerThreads, maxStreams,
                streamCheckInterval, streamHeartbeat, promqlCacheTtl);
    }

    public KedaServerConfig withMaxDataAge(Duration age) {
        return new KedaServerConfig(host, port, tls, age, maxConcurrentCalls, workerThreads, maxStreams,
                streamCheckInterval, streamHeartbeat, promqlCacheTtl);
    }

    public KedaServerConfig withStreams(Duration checkInterval, Duration heartbeat, int max) {
        return new KedaServerConfig(host, port, tls, maxDataAge, maxConcurrentCalls, workerThreads, max,
                checkInterval, heartbeat, promqlCacheTtl);
    }

    public KedaServerConfig withMaxConcurrentCalls(int max) {
        return new KedaServerConfig(host, port, tls, maxDataAge, max, workerThreads, maxStreams, streamCheckInterval,
                streamHeartbeat, promqlCacheTtl);
    }

    public static int defaultWorkerThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** {@code host:port} as configured; {@code :port} when binding every interface. */
    public String listen() {
        return (host == null ? "" : host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Reads the section. A missing or null node gives the defaults (plaintext on {@value #DEFAULT_LISTEN}).
     * Relative TLS paths are read relative to the working directory. The TLS files are read and checked now, so
     * a bad certificate fails at start-up with its key path.
     *
     * @param path the section's key path for messages, e.g. {@code keda}
     * @throws ConfigException listing every problem with its key path and the fix
     */
    public static KedaServerConfig fromTree(JsonNode node, String path) throws ConfigException {
        List<String> problems = new ArrayList<>();
        if (node != null && !node.isNull() && !node.isMissingNode() && !node.isObject()) {
            throw new ConfigException(path, List.of(path + ": must be a mapping, e.g. " + path
                    + ": {listen: 127.0.0.1:9443}"));
        }
        boolean present = node != null && node.isObject();
        if (present) {
            for (String key : node.propertyNames()) {
                if (!KEYS.contains(key)) {
                    problems.add(path + "." + key + ": unknown key; known keys are " + String.join(", ", KEYS));
                }
            }
        }
        JsonNode listenNode = present ? present(node.get("listen")) : null;
        String host = "127.0.0.1";
        int port = 9443;
        if (listenNode != null) {
            Listen l = listen(listenNode, path + ".listen", problems);
            if (l != null) {
                host = l.host;
                port = l.port;
            }
        }
        TlsFiles tls = present ? tls(present(node.get("tls")), path + ".tls", problems) : null;
        Duration maxDataAge = duration(present ? node.get("maxDataAge") : null, path + ".maxDataAge",
                DEFAULT_MAX_DATA_AGE, problems);
        int maxCalls = count(present ? node.get("maxConcurrentCalls") : null, path + ".maxConcurrentCalls",
                DEFAULT_MAX_CONCURRENT_CALLS, problems);
        int workers = count(present ? node.get("workerThreads") : null, path + ".workerThreads",
                defaultWorkerThreads(), problems);
        int maxStreams = count(present ? node.get("maxStreams") : null, path + ".maxStreams", DEFAULT_MAX_STREAMS,
                problems);
        Duration check = duration(present ? node.get("streamCheckInterval") : null, path + ".streamCheckInterval",
                DEFAULT_STREAM_CHECK_INTERVAL, problems);
        Duration heartbeat = duration(present ? node.get("streamHeartbeat") : null, path + ".streamHeartbeat",
                DEFAULT_STREAM_HEARTBEAT, problems);
        Duration ttl = duration(present ? node.get("promqlCacheTtl") : null, path + ".promqlCacheTtl",
                PromQlPassthrough.DEFAULT_TTL, problems);
        if (check != null && heartbeat != null && heartbeat.compareTo(check) < 0) {
            problems.add(path + ".streamHeartbeat: " + Durations.format(heartbeat) + " is shorter than "
                    + path + ".streamCheckInterval (" + Durations.format(check) + "); streams are only checked that"
                    + " often, so raise streamHeartbeat or lower streamCheckInterval");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(path, problems);
        }
        return new KedaServerConfig(host, port, tls, maxDataAge, maxCalls, workers, maxStreams, check, heartbeat,
                ttl);
    }

    private record Listen(String host, int port) {
    }

    private static Listen listen(JsonNode node, String key, List<String> problems) {
        String fix = "write host:port, e.g. 127.0.0.1:9443, :9443 for every interface, or [::1]:9443";
        if (!node.isString()) {
            problems.add(key + ": " + node + " is not host:port; " + fix);
            return null;
        }
        String text = node.asString().trim();
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            problems.add(key + ": '" + text + "' has no port; " + fix);
            return null;
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            problems.add(key + ": '" + text + "' has an IPv6 address without brackets; " + fix);
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + portText + "' in '" + text + "' is not a port number; " + fix);
            return null;
        }
        if (port < 0 || port > 65535) {
            problems.add(key + ": port " + port + " is not 0..65535; " + fix);
            return null;
        }
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            host = null; // every interface, IPv4 and IPv6
        } else if (!host.matches("[A-Za-z0-9.:%_-]+")) {
            problems.add(key + ": '" + host + "' is not a host name or address; " + fix);
            return null;
        }
        return new Listen(host, port);
    }

    private static TlsFiles tls(JsonNode node, String key, List<String> problems) {
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(key + ": must be a mapping, e.g. " + key + ": {cert: /tls/tls.crt, key: /tls/tls.key,"
                    + " clientCa: /tls/ca.crt}");
            return null;
        }
        int before = problems.size();
        for (String k : node.propertyNames()) {
            if (!TLS_KEYS.contains(k)) {
                problems.add(key + "." + k + ": unknown key; known keys are " + String.join(", ", TLS_KEYS));
            }
        }
        Path cert = file(node.get("cert"), key + ".cert", true, problems);
        Path privateKey = file(node.get("key"), key + ".key", true, problems);
        Path clientCa = file(node.get("clientCa"), key + ".clientCa", false, problems);
        if (problems.size() > before || cert == null || privateKey == null) {
            return null;
        }
        TlsFiles tls = new TlsFiles(cert, privateKey, clientCa);
        try {
            ServerTls.context(tls, key);
        } catch (IOException e) {
            problems.add(e.getMessage());
            return null;
        }
        return tls;
    }

    private static Path file(JsonNode node, String key, boolean required, List<String> problems) {
        node = present(node);
        if (node == null) {
            if (required) {
                problems.add(key + ": missing; give the PEM file's path");
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            problems.add(key + ": must be a file path, e.g. /etc/omescale/tls/tls.crt");
            return null;
        }
        Path p;
        try {
            p = Path.of(node.asString());
        } catch (InvalidPathException e) {
            problems.add(key + ": '" + node.asString() + "' is not a path (" + e.getReason() + ")");
            return null;
        }
        if (!Files.isReadable(p)) {
            problems.add(key + ": cannot read " + p.toAbsolutePath() + "; check the path (relative paths start at"
                    + " the working directory) and its permissions");
            return null;
        }
        return p;
    }

    private static Duration duration(JsonNode node, String key, Duration fallback, List<String> problems) {
        node = present(node);
        if (node == null) {
            return fallback;
        }
        if (!node.isValueNode()) {
            problems.add(key + ": must be a duration such as 30s");
            return null;
        }
        try {
            Duration d = Durations.parse(node.asString());
            if (d.isZero()) {
                problems.add(key + ": must be more than zero, e.g. 30s");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }

    private static int count(JsonNode node, String key, int fallback, List<String> problems) {
        node = present(node);
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            problems.add(key + ": " + node + " must be a whole number of at least 1, e.g. " + fallback);
            return fallback;
        }
        return node.asInt();
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }
}
