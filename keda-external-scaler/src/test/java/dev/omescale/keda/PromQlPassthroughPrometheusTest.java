package dev.omescale.keda;

import static dev.omescale.keda.ScalerClient.failure;
import static dev.omescale.keda.ScalerClient.metrics;
import static dev.omescale.keda.ScalerClient.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import dev.omescale.telemetry.promql.KedaValueRule;
import dev.omescale.telemetry.promql.PrometheusClient;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import dev.omescale.telemetry.testing.PrometheusServer;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** PromQL passthrough against the real Prometheus (Debian's), scraping a demo fleet's simulated vLLM pods. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromQlPassthroughPrometheusTest {
    private DemoFleet fleet;
    private PrometheusServer prometheus;
    private PromQlPassthrough passthrough;
    private KedaScalerServer server;
    private ScalerClient client;

    @BeforeAll
    void start() throws Exception {
        fleet = DemoFleet.start(new DemoFleet.Options("default", "llama-chat",
                List.of(DemoLoad.steady(2), DemoLoad.steady(2)), Duration.ofMillis(100)));
        prometheus = PrometheusServer.start(PrometheusConfigs.scrapeDemoFleet(fleet));
        PrometheusClient direct = new PrometheusClient(PrometheusEndpoint.of(prometheus.url()));
        await("Prometheus scraped both engine pods").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> KedaValueRule.kedaValue("q", direct.query("count(up{job=~\"engine.*\"} == 1)",
                        Instant.now()), true) == 2.0);
        // TTL 0: every call queries, so the values below are Prometheus' answers of the moment.
        passthrough = new PromQlPassthrough(PrometheusEndpoint.of(prometheus.url()), Duration.ZERO,
                Clock.systemUTC());
        server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0), new LatestScalingView(
                ScalingSnapshot.empty(Views.WINDOW)), passthrough);
        client = ScalerClient.plaintext(server.port());
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (passthrough != null) {
            passthrough.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aQueryIsEvaluatedByPrometheus() {
        var ref = ref("query", "count(up{job=~\"engine.*\"} == 1)", "threshold", "1", "activationThreshold", "1.5");
        assertThat(client.stub.getMetrics(metrics(ref, "")).getMetricValues(0).getMetricValueFloat()).isEqualTo(2.0);
        assertThat(client.stub.isActive(ref).getResult()).isTrue();
    }

    @Test
    void aVllmSeriesComesThrough() {
        var ref = ref("query", "sum(vllm:num_requests_running)", "threshold", "4");
        double v = client.stub.getMetrics(metrics(ref, "")).getMetricValues(0).getMetricValueFloat();
        assertThat(v).isFinite().isGreaterThanOrEqualTo(0);
    }

    @Test
    void aSeriesThatDoesNotExistIsUnavailable() {
        var e = failure(() -> client.stub.getMetrics(metrics(ref("query", "sum(no_such_metric)", "threshold",
                "1"), "")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).contains("returned no series");
    }

    @Test
    void anUnaggregatedQueryIsInvalid() {
        var e = failure(() -> client.stub.getMetrics(metrics(ref("query", "up{job=~\"engine.*\"}", "threshold",
                "1"), "")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("returned 2 series");
    }

    @Test
    void aSyntaxErrorIsInvalid() {
        var e = failure(() -> client.stub.getMetrics(metrics(ref("query", "sum(", "threshold", "1"), "")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("bad_data");
    }
}
