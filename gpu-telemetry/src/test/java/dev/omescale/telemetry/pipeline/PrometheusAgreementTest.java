package dev.omescale.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * omescale and the real Prometheus scrape the same evolving vLLM and DCGM exporters; their answers for the same
 * instant and window must agree. The exporters publish new values once per scrape interval (as dcgm-exporter's
 * collection interval does), so both scrapers see the same sequence of pages; what still depends on each
 * scraper's phase is which page falls first and last inside the window, one page more or less at each edge.
 * Hence the tolerances: rates 7 % (two pages' worth of a 30-page window, the worst case), gauge averages 3 %,
 * latency quantiles 5 %.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusAgreementTest {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration WINDOW = Duration.ofSeconds(30);

    private DemoFleet fleet;
    private PrometheusServer prometheus;
    private TelemetryPipeline pipeline;
    private PrometheusClient promql;
    private TelemetryReport ours;
    private Instant at;

    @BeforeAll
    void scrapeTheSameFleetTwice() throws Exception {
        fleet = DemoFleet.start(new DemoFleet.Options("ns", "chat",
                List.of(DemoLoad.steady(2), DemoLoad.steady(4)), Duration.ofMillis(50), INTERVAL));
        String engines = "'" + fleet.engineUrl(0).getAuthority() + "', '" + fleet.engineUrl(1).getAuthority() + "'";
        prometheus = PrometheusServer.start("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                  - job_name: engine
                    static_configs: [{targets: [%s]}]
                  - job_name: dcgm
                    static_configs: [{targets: ['%s']}]
                """.formatted(engines, fleet.gpuUrl().getAuthority()));
        promql = new PrometheusClient(new PrometheusEndpoint(prometheus.url(), new PrometheusAuth.None(), null,
                Duration.ofSeconds(5), Map.of(), Map.of()));
        TelemetryConfig config = fleet.config(INTERVAL, Duration.ofMillis(900), WINDOW);
        pipeline = new TelemetryPipeline(config, ScraperOptions.DEFAULT, 3, Clock.systemUTC());
        pipeline.start();
        Thread.sleep(12_000);
        fleet.restartPod(1); // a crash mid-window: both sides must correct for the counter reset
        Thread.sleep(WINDOW.toMillis() - 12_000 + 5_000);
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

    private String instance(int i) {
        return fleet.engineUrl(i).getAuthority();
    }

    @Test
    void ratesAgreeIncludingTheCounterReset() throws Exception {
        assertThat(engine().get("prompt_token_rate"))
                .isCloseTo(prom("sum(rate(vllm:prompt_tokens_total{job=\"engine\"}[30s]))"), withinPercentage(7));
        assertThat(engine().get("generation_token_rate"))
                .isCloseTo(prom("sum(rate(vllm:generation_tokens_total{job=\"engine\"}[30s]))"), withinPercentage(7));
        assertThat(engine().get("request_rate"))
                .isCloseTo(prom("sum(rate(vllm:request_success_total{job=\"engine\"}[30s]))"), withinPercentage(7));
        // The restarted pod loses what it counted between its last scrape and the crash, on both sides alike.
        assertThat(pod(1).get("prompt_token_rate")).isCloseTo(
                prom("sum(rate(vllm:prompt_tokens_total{instance=\"" + instance(1) + "\"}[30s]))"), withinPercentage(7));
        // The other pod runs below capacity, so every arrival is admitted: 2 requests/s of 800 prompt tokens.
        assertThat(pod(0).get("prompt_token_rate")).isCloseTo(
                prom("sum(rate(vllm:prompt_tokens_total{instance=\"" + instance(0) + "\"}[30s]))"), withinPercentage(7))
                .isCloseTo(2 * 800.0, withinPercentage(7));
    }

    @Test
    void gaugeAveragesAgree() throws Exception {
        assertThat(engine().get("running_requests")).isCloseTo(
                prom("sum(avg_over_time(vllm:num_requests_running{job=\"engine\"}[30s]))"), withinPercentage(3));
        assertThat(engine().get("kv_cache_utilization")).isCloseTo(
                prom("avg(avg_over_time(vllm:kv_cache_usage_perc{job=\"engine\"}[30s]))"), withinPercentage(3));
        assertThat(pod(0).get("gpu_utilization")).isCloseTo(
                prom("avg_over_time(DCGM_FI_DEV_GPU_UTIL{pod=\"" + fleet.podName(0) + "\"}[30s]) / 100"),
                withinPercentage(3));
        assertThat(engine().get("gpu_power_watts")).isCloseTo(
                prom("sum(avg_over_time(DCGM_FI_DEV_POWER_USAGE{namespace=\"ns\",pod=~\"chat-engine-.*\"}[30s]))"),
                withinPercentage(3));
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
                    + "{job=\"engine\"}[30s])))");
            assertThat(engine().get(q[0])).as(q[0]).isCloseTo(expected, withinPercentage(5));
        }
    }
}
