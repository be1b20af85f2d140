package dev.omescale.keda;

import static dev.omescale.keda.ScalerClient.failure;
import static dev.omescale.keda.ScalerClient.metrics;
import static dev.omescale.keda.ScalerClient.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.promql.FakePrometheus;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import dev.omescale.telemetry.testing.MutableClock;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The passthrough's cache and value rules, with a stand-in for Prometheus' API whose answer the test changes
 * ({@link PromQlPassthroughPrometheusTest} runs the real Prometheus).
 */
class PromQlPassthroughTest {
    private final MutableClock clock = new MutableClock(1_767_268_800_000L);
    private FakePrometheus prometheus;
    private PromQlPassthrough passthrough;
    private KedaScalerServer server;
    private ScalerClient client;

    @BeforeEach
    void start() throws Exception {
        prometheus = FakePrometheus.http();
        passthrough = new PromQlPassthrough(PrometheusEndpoint.of(prometheus.address()), Duration.ofSeconds(30),
                clock);
        server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0), new LatestScalingView(
                ScalingSnapshot.empty(Views.WINDOW)), passthrough, clock);
        client = ScalerClient.plaintext(server.port());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        passthrough.close();
        prometheus.close();
    }

    private void answer(String value) {
        prometheus.answer(200, """
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1767268800,"%s"]}]}}
                """.formatted(value));
    }

    private double value(ScaledObjectRef ref) {
        return client.stub.getMetrics(metrics(ref, "omescale-promql")).getMetricValues(0).getMetricValueFloat();
    }

    @Test
    void aValueIsServedFromTheCacheForTheTtlThenQueriedAgain() throws Exception {
        ScaledObjectRef ref = ref("query", "sum(vllm:num_requests_waiting)", "threshold", "10");
        answer("5");
        assertThat(value(ref)).isEqualTo(5.0);
        assertThat(prometheus.takeRequest().parameters()).containsEntry("query", "sum(vllm:num_requests_waiting)");

        answer("9");
        clock.advance(29_999);
        assertThat(value(ref)).as("within the TTL").isEqualTo(5.0);
        assertThat(client.stub.isActive(ref).getResult()).isTrue();
        clock.advance(1);
        assertThat(value(ref)).as("after the TTL").isEqualTo(9.0);
    }

    @Test
    void eachQueryIsCachedOnItsOwn() {
        answer("5");
        assertThat(value(ref("query", "sum(a)", "threshold", "1"))).isEqualTo(5.0);
        answer("6");
        assertThat(value(ref("query", "sum(b)", "threshold", "1"))).isEqualTo(6.0);
        assertThat(value(ref("query", "sum(a)", "threshold", "1"))).isEqualTo(5.0);
    }

    @Test
    void failuresAreNotCached() {
        ScaledObjectRef ref = ref("query", "sum(a)", "threshold", "1");
        prometheus.answer(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}");
        var e = failure(() -> value(ref));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).contains("HTTP 503", "PromQL passthrough");
        answer("7");
        assertThat(value(ref)).isEqualTo(7.0);
    }

    @Test
    void specAndActivationFollowKedasPrometheusScaler() {
        ScaledObjectRef ref = ref("query", "sum(a)", "threshold", "2.5", "activationThreshold", "5");
        var spec = client.stub.getMetricSpec(ref).getMetricSpecs(0);
        assertThat(spec.getMetricName()).isEqualTo("omescale-promql");
        assertThat(spec.getTargetSizeFloat()).isEqualTo(2.5);
        assertThat(spec.getTargetSize()).isEqualTo(3);
        answer("5");
        assertThat(client.stub.isActive(ref).getResult()).as("5 is not above 5").isFalse();
        var value = client.stub.getMetrics(metrics(ref, "")).getMetricValues(0);
        assertThat(value.getMetricValueFloat()).isEqualTo(5.0);
        assertThat((long) Math.ceil(value.getMetricValueFloat() / spec.getTargetSizeFloat())).isEqualTo(2);
    }

    @Test
    void anEmptyResultIsMissingDataNotZero() {
        prometheus.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        var e = failure(() -> value(ref("query", "sum(a)", "threshold", "1")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).contains("returned no series", "or vector(0)");
    }

    @Test
    void nanIsMissingData() {
        answer("NaN");
        var e = failure(() -> value(ref("query", "sum(a) / sum(b)", "threshold", "1")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).contains("returned NaN", "guard the query");
    }

    @Test
    void severalSeriesAreAnInvalidQuery() {
        prometheus.answer(200, """
                {"status":"success","data":{"resultType":"vector","result":[
                 {"metric":{"pod":"a"},"value":[1767268800,"1"]},{"metric":{"pod":"b"},"value":[1767268800,"2"]}]}}
                """);
        var e = failure(() -> value(ref("query", "a", "threshold", "1")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("returned 2 series", "aggregate with sum() or max()");
    }

    @Test
    void aQueryPrometheusRejectsIsInvalid() {
        prometheus.answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
        var e = failure(() -> value(ref("query", "sum(", "threshold", "1")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("bad_data: parse error", "fix the PromQL query");
    }

    @Test
    void serverAddressPicksAnotherPrometheus() throws Exception {
        try (FakePrometheus other = FakePrometheus.http()) {
            other.answer(200, """
                    {"status":"success","data":{"resultType":"scalar","result":[1767268800,"42"]}}
                    """);
            answer("1");
            assertThat(value(ref("query", "vector(42)", "threshold", "1", "serverAddress",
                    other.address().toString()))).isEqualTo(42.0);
        }
    }

    @Test
    void withoutAnyPrometheusTheFixIsServerAddress() {
        try (PromQlPassthrough none = new PromQlPassthrough(null, Duration.ofSeconds(30), clock);
                KedaScalerServer bare = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0),
                        new LatestScalingView(ScalingSnapshot.empty(Views.WINDOW)), none, clock);
                ScalerClient c = ScalerClient.plaintext(bare.port())) {
            var e = failure(() -> c.stub.getMetrics(metrics(ref("query", "sum(a)", "threshold", "1"), "")));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription()).contains("add serverAddress", "prometheus.url");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
