package dev.omescale.bench.adapter;

import dev.omescale.adapter.AdapterConfig;
import dev.omescale.adapter.AuthenticationConfig;
import dev.omescale.adapter.MetricsAdapterServer;
import dev.omescale.adapter.TlsConfig;
import dev.omescale.adapter.security.RequestHeaderSettings;
import dev.omescale.adapter.security.UserInfo;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.scrape.ScraperOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server side of {@code bench/run-adapter-load.sh}: a DemoFleet of 100 vLLM pods, omescale's telemetry pipeline
 * scraping it into a {@link LatestScalingView}, and two metrics adapters over TLS serving that view (one with
 * {@code authentication: none}, one checking bearer tokens with an in-memory reviewer). It writes the Prometheus
 * scrape configuration for the same pods and the URLs to load into the results folder, then runs until its
 * standard input closes.
 */
public final class AdapterLoadHarness {
    static final String NAMESPACE = "llm";
    static final String ISVC = "qwen3-8b";
    static final String TOKEN = "bench-token";

    private AdapterLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: AdapterLoadHarness <results-dir> <pods>");
            System.exit(2);
        }
        Path results = Path.of(args[0]);
        int pods = Integer.parseInt(args[1]);
        List<DemoLoad> loads = new ArrayList<>(Collections.nCopies(pods, DemoLoad.steady(2)));
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options(NAMESPACE, ISVC, loads, Duration.ofMillis(250)))) {
            Duration interval = Duration.ofSeconds(5);
            TelemetryConfig telemetry = fleet.config(interval, Duration.ofSeconds(3), Duration.ofSeconds(60));
            TelemetryPipeline pipeline = new TelemetryPipeline(telemetry, ScraperOptions.DEFAULT,
                    TelemetryPipeline.DEFAULT_STALE_AFTER_INTERVALS, Clock.systemUTC());
            pipeline.start();
            LatestScalingView view = new LatestScalingView(ScalingSnapshot.empty(telemetry.window()));
            ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
            publisher.scheduleAtFixedRate(() -> view.publish(new ScalingSnapshot(pipeline.report(), Map.of(),
                    Map.of(), Map.of())), 1, 1, TimeUnit.SECONDS);

            MetricsAdapterServer open = MetricsAdapterServer.start(new AdapterConfig("127.0.0.1", 0,
                    TlsConfig.selfSigned(List.of()), AuthenticationConfig.none(), Duration.ofSeconds(60)), view);
            MetricsAdapterServer tokens = MetricsAdapterServer.start(new AdapterConfig("127.0.0.1", 0,
                            TlsConfig.selfSigned(List.of()), new AuthenticationConfig(true, null,
                            RequestHeaderSettings.defaults(List.of()), null, true), Duration.ofSeconds(60)), view,
                    token -> token.equals(TOKEN) ? Optional.of(new UserInfo("bench", List.of(), Map.of()))
                            : Optional.empty(),
                    Clock.systemUTC());

            Files.writeString(results.resolve("prometheus.yml"), prometheusConfig(fleet, interval));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < fleet.size(); i++) {
                names.add(fleet.podName(i));
            }
            String podsPath = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/" + NAMESPACE + "/pods/*/queue_length"
                    + "?labelSelector=" + q("app=" + ISVC + "-engine");
            String objectPath = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/" + NAMESPACE
                    + "/inferenceservices.ome.io/" + ISVC + "/ttft_p95_seconds";
            // prometheus-adapter's default queries: a regex over the listed pods' names, grouped by pod; and for the
            // object, the quantile of the pods' bucket rates (what omescale computes from its own window).
            String podsQuery = "sum by (pod) (vllm:num_requests_waiting{namespace=\"" + NAMESPACE + "\",pod=~\""
                    + String.join("|", names) + "\"})";
            String objectQuery = "histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket{"
                    + "namespace=\"" + NAMESPACE + "\",pod=~\"" + ISVC + "-engine-.*\"}[1m])))";
            Files.writeString(results.resolve("harness.env"), String.join("\n",
                    "ADAPTER=https://127.0.0.1:" + open.port(),
                    "ADAPTER_TOKEN=https://127.0.0.1:" + tokens.port(),
                    "TOKEN=" + TOKEN,
                    "PODS_PATH='" + podsPath + "'",
                    "OBJECT_PATH='" + objectPath + "'",
                    "PROM_PODS_PATH='/api/v1/query?query=" + q(podsQuery) + "'",
                    "PROM_OBJECT_PATH='/api/v1/query?query=" + q(objectQuery) + "'",
                    "") + "\n");
            System.out.println("harness ready: " + fleet.size() + " pods, adapters on " + open.port() + " and "
                    + tokens.port());
            System.out.flush();
            // Run until the script closes our standard input.
            while (System.in.read() >= 0) {
                // nothing to read; the loop only waits for end of input
            }
            open.close();
            tokens.close();
            publisher.shutdownNow();
            pipeline.close();
        }
    }

    private static String prometheusConfig(DemoFleet fleet, Duration interval) {
        StringBuilder sb = new StringBuilder()
                .append("global: {scrape_interval: ").append(interval.toSeconds()).append("s, scrape_timeout: 3s}\n")
                .append("scrape_configs:\n  - job_name: vllm\n    static_configs:\n");
        for (int i = 0; i < fleet.size(); i++) {
            sb.append("      - targets: ['").append(fleet.engineUrl(i).getAuthority()).append("']\n")
                    .append("        labels: {namespace: ").append(NAMESPACE).append(", pod: ")
                    .append(fleet.podName(i)).append("}\n");
        }
        return sb.toString();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
