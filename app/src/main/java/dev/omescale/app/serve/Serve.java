package dev.omescale.app.serve;

import dev.omescale.adapter.HttpMetrics;
import dev.omescale.adapter.MetricsAdapterServer;
import dev.omescale.app.observe.MetricsEndpoint;
import dev.omescale.app.observe.ObservabilityServer;
import dev.omescale.app.observe.OmescaleMetrics;
import dev.omescale.keda.GrpcMetrics;
import dev.omescale.keda.KedaScalerServer;
import dev.omescale.keda.PromQlPassthrough;
import dev.omescale.scaler.decision.StandardPolicies;
import dev.omescale.scaler.observe.DecisionMetrics;
import dev.omescale.scaler.promql.PromQlEvaluator;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.promql.PrometheusClient;
import dev.omescale.telemetry.scrape.ScrapeMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import dev.omescale.telemetry.scrape.ScraperOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code omescale serve} running: telemetry, the decision loop and the servers, without a cluster. Each scrape
 * interval the loop evaluates signals, decides for the configured InferenceServices and publishes one snapshot
 * that the KEDA scaler and the metrics API serve from memory.
 */
public final class Serve implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Serve.class);

    private final TelemetryPipeline pipeline;
    private final LatestScalingView view;
    private final ScheduledExecutorService loop;
    private final PromQlPassthrough passthrough;
    private final OmescaleMetrics metrics;
    private KedaScalerServer keda;
    private MetricsAdapterServer adapter;
    private ObservabilityServer observability;

    private Serve(ServeConfig config, int staleAfter, Clock clock) {
        Duration interval = config.telemetry().scrapeInterval();
        this.metrics = new OmescaleMetrics();
        this.pipeline = new TelemetryPipeline(config.telemetry(), ScraperOptions.DEFAULT, staleAfter, clock,
                new ScrapeMetrics(metrics.registry()));
        this.view = new LatestScalingView(ScalingSnapshot.empty(config.telemetry().window()));
        PromQlEvaluator evaluator = config.prometheus() == null ? null
                : PromQlEvaluator.of(new PrometheusClient(config.prometheus()));
        this.passthrough = config.prometheus() == null ? null
                : new PromQlPassthrough(config.prometheus(), PromQlPassthrough.DEFAULT_TTL, clock);
        DecisionMetrics decisionMetrics = new DecisionMetrics(metrics.registry());
        StandaloneDecisions decisions = new StandaloneDecisions(config.services(), StandardPolicies.engine(),
                evaluator, interval.multipliedBy(staleAfter), decisionMetrics);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "omescale-decide");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(() -> {
            try {
                view.publish(decisions.tick(pipeline.report(), clock.instant()));
            } catch (RuntimeException e) {
                // One bad tick must not stop serving; the last good snapshot stays, and ages into UNAVAILABLE.
                decisionMetrics.tickFailed();
                LOG.error("decision tick failed; serving the previous snapshot", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static Serve start(ServeConfig config, int staleAfter, Clock clock) throws IOException {
        Serve serve = new Serve(config, staleAfter, clock);
        try {
            PrometheusRegistry registry = serve.metrics.registry();
            serve.observability = ObservabilityServer.start(config.metrics(), new MetricsEndpoint(registry),
                    routes -> { });
            serve.pipeline.start();
            if (config.keda() != null) {
                serve.keda = KedaScalerServer.start(config.keda(), serve.view, serve.passthrough, clock,
                        new GrpcMetrics(registry));
            }
            if (config.adapter() != null) {
                // TokenReview and SubjectAccessReview, when configured, ask the API server of the default
                // Kubernetes configuration (the pod's service account, else kubeconfig).
                serve.adapter = MetricsAdapterServer.startDelegating(config.adapter(), serve.view, null, clock,
                        new HttpMetrics(registry));
            }
        } catch (IOException | RuntimeException e) {
            serve.close();
            throw e;
        }
        return serve;
    }

    public LatestScalingView view() {
        return view;
    }

    /** The KEDA scaler's port, or -1 when not configured. */
    public int kedaPort() {
        return keda == null ? -1 : keda.port();
    }

    /** The port of {@code /metrics} and {@code /healthz}. */
    public int metricsPort() {
        return observability == null ? -1 : observability.port();
    }

    /** The metrics API's port, or -1 when not configured. */
    public int adapterPort() {
        return adapter == null ? -1 : adapter.port();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        if (keda != null) {
            keda.close();
        }
        if (adapter != null) {
            adapter.close();
        }
        if (passthrough != null) {
            passthrough.close();
        }
        pipeline.close();
        if (observability != null) {
            observability.close();
        }
        metrics.close();
    }
}
