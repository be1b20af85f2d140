package dev.omescale.app;

import dev.omescale.adapter.HttpMetrics;
import dev.omescale.adapter.MetricsAdapterServer;
import dev.omescale.app.controller.ControllerServer;
import dev.omescale.app.observe.MetricsEndpoint;
import dev.omescale.app.observe.OmescaleMetrics;
import dev.omescale.keda.GrpcMetrics;
import dev.omescale.keda.KedaScalerServer;
import dev.omescale.keda.KedaServerConfig;
import dev.omescale.scaler.controller.ClusterSignals;
import dev.omescale.scaler.controller.ComponentSignalsSource;
import dev.omescale.scaler.controller.Controller;
import dev.omescale.scaler.controller.ControllerConfig;
import dev.omescale.scaler.controller.PromQlSignals;
import dev.omescale.scaler.controller.leader.LeaseLeadership;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.discovery.DiscoveryConfig;
import dev.omescale.scaler.discovery.ResourceUsageReader;
import dev.omescale.scaler.discovery.TargetDiscovery;
import dev.omescale.scaler.promql.PromQlEvaluator;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.promql.PrometheusClient;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import dev.omescale.telemetry.scrape.ScrapeMetrics;
import dev.omescale.telemetry.scrape.ScraperOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code omescale controller}: the reconcile loop in a cluster, until stopped. */
final class ControllerCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ControllerCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        ControllerOptions o;
        try {
            o = ControllerOptions.parse(args, env);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                out.print(ControllerOptions.USAGE);
                return 0;
            }
            err.println("omescale controller: " + e.getMessage());
            err.print(ControllerOptions.USAGE);
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
    record Running(Controller controller, ControllerServer server, KedaScalerServer keda,
            MetricsAdapterServer adapter, ClusterSignals telemetry, OmescaleMetrics metrics,
            KubernetesClient usageClient, KubernetesClient client, String banner) implements AutoCloseable {
        @Override
        public void close() {
            controller.close();
            telemetry.close();
            if (keda != null) {
                keda.close();
            }
            if (adapter != null) {
                adapter.close();
            }
            server.close();
            metrics.close();
            usageClient.close();
            client.close();
        }
    }

    /** Builds and starts everything {@code o} asks for; the caller closes it. */
    static Running start(ControllerOptions o) throws IOException {
        Config config = o.kubeconfig() == null ? Config.autoConfigure(null) : Config.fromKubeconfig(
                new File(o.kubeconfig()));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        KubernetesClient usageClient = ResourceUsageReader.clientWithoutRetries(client);
        OmescaleMetrics metrics = new OmescaleMetrics();
        TargetDiscovery discovery = new TargetDiscovery(client, o.discovery());
        DiscoveryConfig d = o.discovery();
        TelemetryPipeline pipeline = new TelemetryPipeline(new TelemetryConfig(d.scrapeInterval(), d.scrapeTimeout(),
                TelemetryConfig.DEFAULT_WINDOW, List.of()), ScraperOptions.DEFAULT,
                TelemetryPipeline.DEFAULT_STALE_AFTER_INTERVALS, Clock.systemUTC(),
                new ScrapeMetrics(metrics.registry()));
        ClusterSignals telemetry = new ClusterSignals(discovery, pipeline,
                new ResourceUsageReader(usageClient, Clock.systemUTC()), o.tick().multipliedBy(4).dividedBy(5));
        ComponentSignalsSource signals = o.prometheus() == null ? telemetry
                : ComponentSignalsSource.merged(telemetry, new PromQlSignals(PromQlEvaluator.of(
                        new PrometheusClient(PrometheusEndpoint.of(o.prometheus()))), TelemetryConfig.DEFAULT_WINDOW));
        String leaseNamespace = o.leaseNamespace() != null ? o.leaseNamespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
        LeaseLeadership.Settings lease = o.leaderElection() ? new LeaseLeadership.Settings(leaseNamespace,
                o.leaseName(), o.identity(), Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2))
                : null;
        ControllerConfig cc = ControllerConfig.defaults().withNamespace(o.namespace()).withTick(o.tick())
                .withWorkers(o.workers()).withMaxSignalAge(o.maxSignalAge()).withMaxUsageAge(o.maxUsageAge())
                .withWriteReplicas(o.writeReplicas());
        Controller controller = new Controller(client, cc, StandardPolicies.engine(), signals, discovery,
                metrics.registry(), lease, Clock.systemUTC(), o.identity());
        ControllerServer server;
        try {
            server = ControllerServer.start(controller, o.host(), o.port(), new MetricsEndpoint(metrics.registry()));
        } catch (IOException e) {
            telemetry.close();
            discovery.close();
            usageClient.close();
            metrics.close();
            client.close();
            throw e;
        }
        KedaScalerServer keda = null;
        MetricsAdapterServer adapter = null;
        try {
            if (o.kedaPort() >= 0) {
                keda = KedaScalerServer.start(KedaServerConfig.plaintext(o.kedaHost(), o.kedaPort()),
                        controller.view(), null, Clock.systemUTC(), new GrpcMetrics(metrics.registry()));
            }
            if (o.adapter() != null) {
                // TokenReview and SubjectAccessReview go to the cluster the controller watches.
                adapter = MetricsAdapterServer.startDelegating(o.adapter(), controller.view(), client,
                        Clock.systemUTC(), new HttpMetrics(metrics.registry()));
            }
            telemetry.start();
            controller.start();
        } catch (IOException | RuntimeException e) {
            if (keda != null) {
                keda.close();
            }
            if (adapter != null) {
                adapter.close();
            }
            server.close();
            controller.close();
            telemetry.close();
            usageClient.close();
            metrics.close();
            client.close();
            throw e;
        }
        String banner = "omescale controller: watching " + (o.namespace() == null ? "all namespaces"
                : "namespace " + o.namespace()) + ", tick " + o.tick().toMillis() + " ms"
                + (o.writeReplicas() ? "" : ", metrics-only (--write-replicas off: writes nothing)")
                + ", leader election "
                + (lease == null ? "off" : "on (Lease " + leaseNamespace + "/" + o.leaseName() + ", identity "
                        + o.identity() + ")") + "; /healthz, /readyz, /metrics and /explain on port " + server.port()
                + "; scraping component pods (default :" + d.enginePort() + d.enginePath() + ") every "
                + d.scrapeInterval().toMillis() + " ms" + (d.dcgmSelector().isEmpty() ? ", DCGM off"
                        : ", DCGM exporters " + d.dcgmSelector() + (d.dcgmNamespace() == null ? ""
                                : " in " + d.dcgmNamespace()))
                + (keda == null ? "" : "; KEDA external scaler on port " + keda.port())
                + (adapter == null ? "" : "; metrics API (HTTPS) on port " + adapter.port())
                + (o.prometheus() == null ? "; no --prometheus: threshold policies on PromQL hold for lack of inputs"
                        : "");
        return new Running(controller, server, keda, adapter, telemetry, metrics, usageClient, client, banner);
    }
}
