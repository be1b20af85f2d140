package dev.omescale.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.omescale.telemetry.config.TargetConfig;
import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.promql.PrometheusAuth;
import dev.omescale.telemetry.promql.PrometheusClient;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import dev.omescale.telemetry.promql.QueryResult;
import dev.omescale.telemetry.scrape.ScraperOptions;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.signal.SignalEvaluator;
import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.testing.PrometheusServer;
import dev.omescale.telemetry.testing.SteadyExporters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * omescale and the real Prometheus scrape the same evolving vLLM and DCGM exporters; their answers for the same
 * instant and window must agree. The exporters' counters and buckets grow linearly with wall-clock time and their
 * gauges drift slowly, so the two scrapers' different phases (and a scrape missed under load) do not change what
 * the window math sees: 1 % covers floating point and the drift.
 *
 * <p>One pod crashes mid-window. What it counted between its last scrape and the crash is lost for good, and how
 * much depends on when each scraper last looked (more if a loaded machine delayed a scrape), so its rate is not
 * compared between the two; instead both must land between the truth less three intervals' worth and the truth:
 * a missing reset correction (a rate near half) or a double count (above the truth) fails. Quantiles do not move
 * with that loss (every bucket loses the same share), so they are compared tightly over both pods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusAgreementTest {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration WINDOW = Duration.ofSeconds(30);

    private SteadyExporters fleet;
    private PrometheusServer prometheus;
    private TelemetryPipeline pipeline;
    private PrometheusClient promql;
    private TelemetryReport ours;
    private Instant at;

    @BeforeAll
    void scrapeTheSameFleetTwice() throws Exception {
        fleet = new SteadyExporters("ns", "chat-engine-", 2, 4);
        prometheus = PrometheusServer.start("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                  - job_name: engine0
                    metrics_path: %s
                    static_configs: [{targets: ['%s'], labels: {component: engine}}]
                  - job_name: engine1
                    metrics_path: %s
                    static_configs: [{targets: ['%s'], labels: {component: engine}}]
                  - job_name: dcgm
                    metrics_path: /dcgm/metrics
                    static_configs: [{targets: ['%s']}]
                """.formatted(fleet.engineUrl(0).getPath(), fleet.engineUrl(0).getAuthority(),
                fleet.engineUrl(1).getPath(), fleet.engineUrl(1).getAuthority(), fleet.gpuUrl().getAuthority()));
        promql = new PrometheusClient(new PrometheusEndpoint(prometheus.url(), new PrometheusAuth.None(), null,
                Duration.ofSeconds(5), Map.of(), Map.of()));
        List<TargetConfig> targets = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            targets.add(new TargetConfig(fleet.engineUrl(i), TargetKind.ENGINE, "ns", fleet.podName(i), "chat", "engine"));
        }
        targets.add(new TargetConfig(fleet.gpuUrl(), TargetKind.DCGM, null, null, null, null));
        TelemetryConfig config = new TelemetryConfig(INTERVAL, Duration.ofMillis(900), WINDOW, targets);
        pipeline = new TelemetryPipeline(config, ScraperOptions.DEFAULT, 3, Clock.systemUTC());
        pipeline.start();
        Thread.sleep(12_000);
        fleet.restart(1); // a crash mid-window: both sides must correct for the counter reset
        // Prometheus holds back its first scrapes for about 5 s after start (target discovery is throttled), so
        // wait until both sides have a whole window of data.
        Thread.sleep(WINDOW.toMillis());
        // Evaluate both a little in the past, so each side has scraped past the instant.
        at = Instant.now().minusSeconds(2);
        long atMillis = at.toEpochMilli();
        ours = new SignalEvaluator(SignalCatalog.standard(), WINDOW).evaluate(pipeline.store().snapshot(atMillis),
                atMillis);
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private double prom(String query) throws Exception {
        QueryResult r = promql.query(query, at);
        assertThat(r.series()).as("Prometheus answer to %s", query).hasSize(1);
        return r.series().get(0).value();
    }

    private ComponentSignals engine() {
        return ours.component("ns", "chat", "engine").orElseThrow();
    }

    private PodSignals pod(int i) {
        return ours.pod("ns", fleet.podName(i)).orElseThrow();
    }

    private String job(int i) {
        return "engine" + i;
    }

    @Test
    void ratesAgreeWhereBothSidesSawTheSameData() throws Exception {
        for (String[] r : new String[][] {
                {"prompt_token_rate", "vllm:prompt_tokens_total"},
                {"generation_token_rate", "vllm:generation_tokens_total"},
                {"request_rate", "vllm:request_success_total"}}) {
            assertThat(pod(0).get(r[0])).as(r[0]).isCloseTo(
                    prom("sum(rate(" + r[1] + "{job=\"" + job(0) + "\"}[30s]))"), withinPercentage(1));
        }
        // ...and both see what the pod serves: 2 req/s of 800 prompt tokens.
        assertThat(pod(0).get("prompt_token_rate")).isCloseTo(2 * 800.0, withinPercentage(1));
    }

    @Test
    void bothSidesCorrectTheCounterResetOfTheCrashedPod() throws Exception {
        double truth = fleet.requestRate(1) * 800;
        double lossBound = truth * 3 * INTERVAL.toSeconds() / WINDOW.toSeconds();
        double ours = pod(1).get("prompt_token_rate");
        double theirs = prom("sum(rate(vllm:prompt_tokens_total{job=\"" + job(1) + "\"}[30s]))");
        assertThat(ours).isBetween(truth - lossBound, truth * 1.01);
        assertThat(theirs).isBetween(truth - lossBound, truth * 1.01);
        double total = (fleet.requestRate(0) + fleet.requestRate(1)) * 800;
        assertThat(engine().get("prompt_token_rate")).isBetween(total - lossBound, total * 1.01);
    }

    @Test
    void gaugeAveragesAgree() throws Exception {
        assertThat(engine().get("running_requests")).isCloseTo(
                prom("sum(avg_over_time(vllm:num_requests_running{component=\"engine\"}[30s]))"), withinPercentage(1));
        assertThat(engine().get("kv_cache_utilization")).isCloseTo(
                prom("avg(avg_over_time(vllm:kv_cache_usage_perc{component=\"engine\"}[30s]))"), withinPercentage(1));
        assertThat(pod(0).get("gpu_utilization")).isCloseTo(
                prom("avg_over_time(DCGM_FI_DEV_GPU_UTIL{pod=\"" + fleet.podName(0) + "\"}[30s]) / 100"),
                withinPercentage(1));
        assertThat(engine().get("gpu_power_watts")).isCloseTo(
                prom("sum(avg_over_time(DCGM_FI_DEV_POWER_USAGE{namespace=\"ns\",pod=~\"chat-engine-.*\"}[30s]))"),
                withinPercentage(1));
    }

    @Test
    void latencyQuantilesAgree() throws Exception {
        for (String[] q : new String[][] {
                {"ttft_p95_seconds", "0.95", "vllm:time_to_first_token_seconds_bucket"},
                {"ttft_p50_seconds", "0.5", "vllm:time_to_first_token_seconds_bucket"},
                {"itl_p95_seconds", "0.95", "vllm:inter_token_latency_seconds_bucket"},
                {"itl_p99_seconds", "0.99", "vllm:inter_token_latency_seconds_bucket"},
                {"e2e_latency_p90_seconds", "0.9", "vllm:e2e_request_latency_seconds_bucket"}}) {
            double expected = prom("histogram_quantile(" + q[1] + ", sum by (le) (rate(" + q[2]
                    + "{component=\"engine\"}[30s])))");
            assertThat(engine().get(q[0])).as(q[0]).isCloseTo(expected, withinPercentage(1));
        }
    }
}
