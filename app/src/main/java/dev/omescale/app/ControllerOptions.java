package dev.omescale.app;

import dev.omescale.adapter.AdapterConfig;
import dev.omescale.adapter.AdapterConfigReader;
import dev.omescale.scaler.controller.ControllerConfig;
import dev.omescale.scaler.discovery.DiscoveryConfig;
import dev.omescale.telemetry.config.ConfigException;
import dev.omescale.telemetry.config.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The command line of {@code omescale controller}, parsed: its usage text, and the options, each bad value refused
 * with the option, the value and an example of a good one.
 */
record ControllerOptions(String kubeconfig, String namespace, Duration tick, int workers, boolean leaderElection,
        String leaseNamespace, String leaseName, String identity, String host, int port, URI prometheus,
        Duration maxSignalAge, String kedaHost, int kedaPort, Duration maxUsageAge, DiscoveryConfig discovery,
        AdapterConfig adapter, boolean writeReplicas) {
    static final String USAGE = """
            usage: omescale controller [options]

              --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, else the
                                         in-cluster service account)
              --namespace NS           watch only this namespace (default: all namespaces)
              --tick DURATION          re-evaluate every InferenceService this often (default 5s)
              --workers N              InferenceServices reconciled at once (default 4)
              --leader-election on|off only the holder of a coordination.k8s.io Lease writes (default on;
                                         off with --write-replicas off)
              --write-replicas on|off  off: metrics-only mode, decisions, /explain and the servers run but nothing
                                         is written (no replicas, no lever patch, no Events, no Lease); HPAs or
                                         ScaledObjects scale from what omescale serves (default on)
              --lease-namespace NS     the Lease's namespace (default $POD_NAMESPACE, else the client's namespace)
              --lease-name NAME        the Lease's name (default omescale-controller)
              --identity ID            this replica's name in the Lease and in Events (default $HOSTNAME)
              --listen HOST:PORT       /healthz, /readyz and /explain/<ns>/<isvc> (default 0.0.0.0:8080)
              --prometheus URL         Prometheus for components with a PromQL query (threshold policy)
              --max-signal-age DUR     signals older than this are missing data (default 30s)
              --max-usage-age DUR      cpu/memory samples (metrics.k8s.io) older than this are missing data
                                         (default 120s: metrics-server samples are 15-60 s old by design)
              --keda-listen HOST:PORT  also serve the KEDA external scaler (plaintext gRPC) from the decisions
              --adapter-config FILE    also serve the custom/external metrics API (HTTPS) from the decisions;
                                         FILE holds the keys of omescale serve's adapter: section, e.g.
                                         {listen: 0.0.0.0:6443, tls: {selfSigned: true},
                                          authentication: {requestheaderClientCa: ca.pem}}

            telemetry (component pods and DCGM exporters are discovered and scraped):
              --metrics-port PORT      engine metrics port of pods without a prometheus.io/port annotation
                                         (default 8080)
              --metrics-path PATH      engine metrics path of pods without a prometheus.io/path annotation
                                         (default /metrics)
              --dcgm-selector LABELS   DCGM exporter pods, key=value[,key=value] (default
                                         app.kubernetes.io/name=dcgm-exporter; none turns DCGM scraping off)
              --dcgm-namespace NS      the DCGM exporters' namespace (default: all namespaces)
              --scrape-interval DUR    how often each pod is scraped (default: the tick)
            """;

    static ControllerOptions parse(String[] args, Map<String, String> env) throws UsageException {
        String kubeconfig = null;
        String namespace = null;
        Duration tick = ControllerConfig.DEFAULT_TICK;
        int workers = 4;
        Boolean leader = null; // default: on when writing, off in metrics-only mode
        boolean writeReplicas = true;
        String leaseNamespace = env.get("POD_NAMESPACE");
        String leaseName = "omescale-controller";
        String identity = env.getOrDefault("HOSTNAME", "omescale-" + UUID.randomUUID().toString().substring(0, 8));
        String host = "0.0.0.0";
        int port = 8080;
        URI prometheus = null;
        Duration maxAge = Duration.ofSeconds(30);
        String kedaHost = null;
        int kedaPort = -1;
        Duration maxUsageAge = ControllerConfig.DEFAULT_MAX_USAGE_AGE;
        int metricsPort = DiscoveryConfig.DEFAULT_ENGINE_PORT;
        String metricsPath = DiscoveryConfig.DEFAULT_PATH;
        Map<String, String> dcgmSelector = DiscoveryConfig.parseSelector(DiscoveryConfig.DEFAULT_DCGM_SELECTOR);
        String dcgmNamespace = null;
        Duration scrapeInterval = null;
        AdapterConfig adapter = null;
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (opt.equals("--help") || opt.equals("-h")) {
                throw new UsageException(null);
            }
            if (i + 1 >= args.length) {
                throw new UsageException(opt.startsWith("--") ? opt + " needs a value" : "unknown option '" + opt
                        + "'");
            }
            String v = args[++i];
            switch (opt) {
                case "--kubeconfig" -> kubeconfig = v;
                case "--namespace" -> namespace = v;
                case "--tick" -> tick = positive(opt, v);
                case "--workers" -> {
                    if (!v.matches("[1-9][0-9]{0,2}")) {
                        throw new UsageException("--workers needs a whole number from 1 to 999, not '" + v + "'");
                    }
                    workers = Integer.parseInt(v);
                }
                case "--leader-election" -> {
                    if (!v.equals("on") && !v.equals("off")) {
                        throw new UsageException("--leader-election takes on or off, not '" + v + "'");
                    }
                    leader = v.equals("on");
                }
                case "--write-replicas" -> {
                    if (!v.equals("on") && !v.equals("off")) {
                        throw new UsageException("--write-replicas takes on or off, not '" + v + "'");
                    }
                    writeReplicas = v.equals("on");
                }
                case "--lease-namespace" -> leaseNamespace = v;
                case "--lease-name" -> leaseName = v;
                case "--identity" -> identity = v;
                case "--listen" -> {
                    port = port(opt, v);
                    host = host(v);
                }
                case "--keda-listen" -> {
                    kedaPort = port(opt, v);
                    kedaHost = host(v);
                }
                case "--prometheus" -> {
                    try {
                        prometheus = URI.create(v);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--prometheus needs a URL like http://prometheus:9090, not '" + v
                                + "'");
                    }
                    if (prometheus.getScheme() == null || prometheus.getHost() == null) {
                        throw new UsageException("--prometheus needs a URL like http://prometheus:9090, not '" + v
                                + "'");
                    }
                }
                case "--max-signal-age" -> maxAge = positive(opt, v);
                case "--max-usage-age" -> maxUsageAge = positive(opt, v);
                case "--metrics-port" -> {
                    if (!v.matches("[0-9]{1,5}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 65535) {
                        throw new UsageException("--metrics-port needs a TCP port from 1 to 65535, not '" + v + "'");
                    }
                    metricsPort = Integer.parseInt(v);
                }
                case "--metrics-path" -> {
                    if (!v.startsWith("/")) {
                        throw new UsageException("--metrics-path needs an absolute URL path such as /metrics, not '"
                                + v + "'");
                    }
                    metricsPath = v;
                }
                case "--dcgm-selector" -> {
                    try {
                        dcgmSelector = v.equals("none") ? Map.of() : DiscoveryConfig.parseSelector(v);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--dcgm-selector: " + e.getMessage());
                    }
                    if (dcgmSelector.isEmpty() && !v.equals("none")) {
                        throw new UsageException("--dcgm-selector needs key=value labels, or none to turn DCGM "
                                + "scraping off");
                    }
                }
                case "--dcgm-namespace" -> dcgmNamespace = v;
                case "--scrape-interval" -> scrapeInterval = positive(opt, v);
                case "--adapter-config" -> adapter = adapterConfig(v);
                default -> throw new UsageException("unknown option '" + opt + "'");
            }
        }
        if (!writeReplicas && Boolean.TRUE.equals(leader)) {
            throw new UsageException("--leader-election on decides which replica writes, and --write-replicas off "
                    + "writes nothing: drop --leader-election (every metrics-only replica serves)");
        }
        boolean election = leader == null ? writeReplicas : leader;
        Duration interval = scrapeInterval == null ? tick : scrapeInterval;
        // a scrape may take most of an interval, at most DiscoveryConfig's default 3 s: a slower engine is down
        Duration timeout = interval.multipliedBy(4).dividedBy(5);
        if (timeout.compareTo(DiscoveryConfig.DEFAULT.scrapeTimeout()) > 0) {
            timeout = DiscoveryConfig.DEFAULT.scrapeTimeout();
        }
        if (timeout.isZero()) {
            timeout = interval;
        }
        DiscoveryConfig discovery = DiscoveryConfig.DEFAULT.withNamespace(namespace)
                .withEngineDefaults(metricsPort, metricsPath).withDcgm(dcgmSelector, dcgmNamespace)
                .withScrape(interval, timeout);
        return new ControllerOptions(kubeconfig, namespace, tick, workers, election, leaseNamespace, leaseName, identity, host,
                port, prometheus, maxAge, kedaHost, kedaPort, maxUsageAge, discovery, adapter, writeReplicas);
    }

    /** The metrics API's settings: a YAML file with the keys of {@code omescale serve}'s {@code adapter:} section. */
    static AdapterConfig adapterConfig(String file) throws UsageException {
        Path path = Path.of(file);
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new UsageException("--adapter-config: cannot read " + file + " (" + e.getMessage() + "); give a "
                    + "YAML file such as {listen: 0.0.0.0:6443, tls: {selfSigned: true}, authentication: none}");
        }
        try {
            JsonNode tree = YAMLMapper.builder().build().readTree(text);
            Path dir = path.toAbsolutePath().getParent();
            return AdapterConfigReader.fromTree(tree, file, dir);
        } catch (ConfigException e) {
            throw new UsageException("--adapter-config " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UsageException("--adapter-config: " + file + " is not YAML (" + e.getMessage() + ")");
        }
    }

    private static int port(String opt, String v) throws UsageException {
        int colon = v.lastIndexOf(':');
        if (colon < 0 || !v.substring(colon + 1).matches("[0-9]{1,5}")
                || Integer.parseInt(v.substring(colon + 1)) > 65535) {
            throw new UsageException(opt + " needs HOST:PORT, e.g. 0.0.0.0:8080 or :8080, not '" + v + "'");
        }
        return Integer.parseInt(v.substring(colon + 1));
    }

    private static String host(String v) {
        int colon = v.lastIndexOf(':');
        return colon == 0 ? "0.0.0.0" : v.substring(0, colon);
    }

    private static Duration positive(String opt, String v) throws UsageException {
        try {
            Duration d = Durations.parse(v);
            if (d.isZero()) {
                throw new UsageException(opt + " must be more than 0, e.g. 5s");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UsageException(opt + ": " + e.getMessage());
        }
    }

}
