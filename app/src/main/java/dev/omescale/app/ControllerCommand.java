package dev.omescale.app;

import dev.omescale.app.controller.ControllerServer;
import dev.omescale.keda.KedaScalerServer;
import dev.omescale.keda.KedaServerConfig;
import dev.omescale.scaler.controller.ComponentSignalsSource;
import dev.omescale.scaler.controller.Controller;
import dev.omescale.scaler.controller.ControllerConfig;
import dev.omescale.scaler.controller.PromQlSignals;
import dev.omescale.scaler.controller.leader.LeaseLeadership;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.promql.PromQlEvaluator;
import dev.omescale.telemetry.config.Durations;
import dev.omescale.telemetry.promql.PrometheusClient;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/** {@code omescale controller}: the reconcile loop in a cluster, until stopped. */
final class ControllerCommand {
    static final String USAGE = """
            usage: omescale controller [options]

              --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, else the
                                         in-cluster service account)
              --namespace NS           watch only this namespace (default: all namespaces)
              --tick DURATION          re-evaluate every InferenceService this often (default 5s)
              --workers N              InferenceServices reconciled at once (default 4)
              --leader-election on|off only the holder of a coordination.k8s.io Lease writes (default on)
              --lease-namespace NS     the Lease's namespace (default $POD_NAMESPACE, else the client's namespace)
              --lease-name NAME        the Lease's name (default omescale-controller)
              --identity ID            this replica's name in the Lease and in Events (default $HOSTNAME)
              --listen HOST:PORT       /healthz, /readyz and /explain/<ns>/<isvc> (default 0.0.0.0:8080)
              --prometheus URL         Prometheus for components with a PromQL query (threshold policy)
              --max-signal-age DUR     signals older than this are missing data (default 30s)
              --keda-listen HOST:PORT  also serve the KEDA external scaler (plaintext gRPC) from the decisions
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ControllerCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** The parsed command line. */
    record Options(String kubeconfig, String namespace, Duration tick, int workers, boolean leaderElection,
            String leaseNamespace, String leaseName, String identity, String host, int port, URI prometheus,
            Duration maxSignalAge, String kedaHost, int kedaPort) {
    }

    static Options parse(String[] args, Map<String, String> env) throws UsageException {
        String kubeconfig = null;
        String namespace = null;
        Duration tick = ControllerConfig.DEFAULT_TICK;
        int workers = 4;
        boolean leader = true;
        String leaseNamespace = env.get("POD_NAMESPACE");
        String leaseName = "omescale-controller";
        String identity = env.getOrDefault("HOSTNAME", "omescale-" + UUID.randomUUID().toString().substring(0, 8));
        String host = "0.0.0.0";
        int port = 8080;
        URI prometheus = null;
        Duration maxAge = Duration.ofSeconds(30);
        String kedaHost = null;
        int kedaPort = -1;
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
                default -> throw new UsageException("unknown option '" + opt + "'");
            }
        }
        return new Options(kubeconfig, namespace, tick, workers, leader, leaseNamespace, leaseName, identity, host,
                port, prometheus, maxAge, kedaHost, kedaPort);
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

    int run(String[] args) {
        Options o;
        try {
            o = parse(args, env);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                out.print(USAGE);
                return 0;
            }
            err.println("omescale controller: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Running running;
        try {
            running = start(o);
        } catch (IOException | RuntimeException e) {
            err.println("omescale controller: cannot start: " + e.getMessage());
            return 1;
        }
        out.println(running.banner());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // release the Lease before the JVM exits, so another replica takes over at once
            running.close();
            stopped.countDown();
        }, "omescale-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The controller and its endpoint, running. */
    record Running(Controller controller, ControllerServer server, KedaScalerServer keda, KubernetesClient client,
            String banner) implements AutoCloseable {
        @Override
        public void close() {
            controller.close();
            if (keda != null) {
                keda.close();
            }
            server.close();
            client.close();
        }
    }

    /** Builds and starts everything {@code o} asks for; the caller closes it. */
    static Running start(Options o) throws IOException {
        Config config = o.kubeconfig() == null ? Config.autoConfigure(null) : Config.fromKubeconfig(
                new File(o.kubeconfig()));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        ComponentSignalsSource signals = o.prometheus() == null ? ComponentSignalsSource.none(Duration.ofMinutes(1))
                : new PromQlSignals(PromQlEvaluator.of(new PrometheusClient(PrometheusEndpoint.of(o.prometheus()))),
                        Duration.ofMinutes(1));
        String leaseNamespace = o.leaseNamespace() != null ? o.leaseNamespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
        LeaseLeadership.Settings lease = o.leaderElection() ? new LeaseLeadership.Settings(leaseNamespace,
                o.leaseName(), o.identity(), Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2))
                : null;
        ControllerConfig cc = ControllerConfig.defaults().withNamespace(o.namespace()).withTick(o.tick())
                .withWorkers(o.workers()).withMaxSignalAge(o.maxSignalAge());
        Controller controller = new Controller(client, cc, StandardPolicies.engine(), signals, lease,
                Clock.systemUTC(), o.identity());
        ControllerServer server;
        try {
            server = ControllerServer.start(controller, o.host(), o.port());
        } catch (IOException e) {
            client.close();
            throw e;
        }
        KedaScalerServer keda = null;
        try {
            if (o.kedaPort() >= 0) {
                keda = KedaScalerServer.start(KedaServerConfig.plaintext(o.kedaHost(), o.kedaPort()),
                        controller.view(), null);
            }
            controller.start();
        } catch (IOException | RuntimeException e) {
            if (keda != null) {
                keda.close();
            }
            server.close();
            controller.close();
            client.close();
            throw e;
        }
        String banner = "omescale controller: watching " + (o.namespace() == null ? "all namespaces"
                : "namespace " + o.namespace()) + ", tick " + o.tick().toMillis() + " ms, leader election "
                + (lease == null ? "off" : "on (Lease " + leaseNamespace + "/" + o.leaseName() + ", identity "
                        + o.identity() + ")") + "; /healthz, /readyz and /explain on port " + server.port()
                + (keda == null ? "" : "; KEDA external scaler on port " + keda.port())
                + (o.prometheus() == null ? "; no --prometheus: policies hold for lack of inputs" : "");
        return new Running(controller, server, keda, client, banner);
    }
}
