package dev.omescale.keda;

import static dev.omescale.keda.ScalerClient.failure;
import static dev.omescale.keda.ScalerClient.metrics;
import static dev.omescale.keda.ScalerClient.ref;
import static dev.omescale.keda.Views.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.omescale.keda.proto.GetMetricSpecResponse;
import dev.omescale.keda.proto.MetricSpec;
import dev.omescale.keda.proto.MetricValue;
import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The three value semantics through a real Netty server, each checked against the replicas KEDA's HPA computes
 * by hand: AverageValue, {@code desired = ceil(metricValue / target)} (spec section 4.9).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValueSemanticsTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final LatestScalingView view = new LatestScalingView(ScalingSnapshot.empty(Views.WINDOW));
    private KedaScalerServer server;
    private ScalerClient client;

    @BeforeAll
    void start() throws Exception {
        server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0), view, null,
                Clock.fixed(NOW, ZoneOffset.UTC));
        client = ScalerClient.plaintext(server.port());
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        server.close();
    }

    /** What KEDA's HPA does with a spec and a value: ceil(value / target), reading the float fields (KEDA ≥ 2.17). */
    private static long hpaReplicas(MetricValue value, MetricSpec spec) {
        return (long) Math.ceil(value.getMetricValueFloat() / spec.getTargetSizeFloat());
    }

    private MetricSpec spec(ScaledObjectRef ref) {
        GetMetricSpecResponse r = client.stub.getMetricSpec(ref);
        assertThat(r.getMetricSpecsList()).hasSize(1);
        return r.getMetricSpecs(0);
    }

    private MetricValue value(ScaledObjectRef ref, MetricSpec spec) {
        // KEDA asks with its s<index>- prefix stripped; older KEDA leaked it, which the server strips too.
        List<MetricValue> values = client.stub.getMetrics(metrics(ref, "s0-" + spec.getMetricName()))
                .getMetricValuesList();
        assertThat(values).as("exactly one value: KEDA appends all and the HPA sums them").hasSize(1);
        return values.get(0);
    }

    @Test
    void additiveSignalsReturnTheComponentTotal() {
        // 3 engine pods wait on 6 + 5 + 6 = 17 requests; target 5 per replica → ceil(17 / 5) = 4 replicas.
        view.publish(Views.at(NOW).component(ENGINE, 3, "queue_length", 17.0).ready(ENGINE, 3).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "queue_length", "target", "5");
        MetricSpec spec = spec(ref);
        MetricValue value = value(ref, spec);

        assertThat(spec.getMetricName()).isEqualTo("omescale-engine-queue_length");
        assertThat(spec.getTargetSizeFloat()).isEqualTo(5.0);
        assertThat(spec.getTargetSize()).isEqualTo(5);
        assertThat(value.getMetricValueFloat()).isEqualTo(17.0);
        assertThat(value.getMetricValue()).isEqualTo(17);
        assertThat(hpaReplicas(value, spec)).isEqualTo(4);
    }

    @Test
    void fractionalTotalsGoOutRoundedUpInTheIntField() {
        // 47.5 requests/s in total, target defaulted from scaleMetric rps / scaleTarget 20 → ceil(2.375) = 3.
        view.publish(Views.at(NOW).component(ENGINE, 2, "request_rate", 47.5)
                .spec(ENGINE, "{scaleMetric: rps, scaleTarget: 20}").build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "request_rate");
        MetricSpec spec = spec(ref);
        MetricValue value = value(ref, spec);

        assertThat(spec.getTargetSizeFloat()).isEqualTo(20.0);
        assertThat(value.getMetricValueFloat()).isEqualTo(47.5);
        assertThat(value.getMetricValue()).as("deprecated int field, rounded up").isEqualTo(48);
        assertThat(hpaReplicas(value, spec)).isEqualTo(3);
        // KEDA < 2.17 reads only the ints: ceil(48 / 20) = 3 as well.
        assertThat((long) Math.ceil((double) value.getMetricValue() / spec.getTargetSize())).isEqualTo(3);
    }

    @Test
    void concurrencyTargetDefaultsFromScaleTarget() {
        // scaleMetric concurrency, scaleTarget 8: 30 requests in flight → ceil(30 / 8) = 4.
        view.publish(Views.at(NOW).component(ENGINE, 3, "concurrency", 30.0)
                .spec(ENGINE, "{scaleMetric: concurrency, scaleTarget: 8}").build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "concurrency");
        MetricSpec spec = spec(ref);

        assertThat(spec.getTargetSizeFloat()).isEqualTo(8.0);
        assertThat(hpaReplicas(value(ref, spec), spec)).isEqualTo(4);
    }

    @Test
    void anExplicitTargetWinsOverScaleTarget() {
        view.publish(Views.at(NOW).component(ENGINE, 3, "concurrency", 30.0)
                .spec(ENGINE, "{scaleMetric: concurrency, scaleTarget: 8}").build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "concurrency", "target", "12");

        assertThat(spec(ref).getTargetSizeFloat()).isEqualTo(12.0);
        assertThat(hpaReplicas(value(ref, spec(ref)), spec(ref))).isEqualTo(3);
    }

    @Test
    void intensiveSignalsReturnValueTimesReadyReplicas() {
        // KV cache 85% full on average over 3 ready replicas, target 70%: metric 0.85 × 3 = 2.55,
        // ceil(2.55 / 0.7) = ceil(3.64) = 4 = ceil(3 × 0.85 / 0.7), the HPA's utilization rule.
        view.publish(Views.at(NOW).component(ENGINE, 3, "kv_cache_utilization", 0.85).ready(ENGINE, 3).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "kv_cache_utilization",
                "target", "0.7");
        MetricSpec spec = spec(ref);
        MetricValue value = value(ref, spec);

        assertThat(value.getMetricValueFloat()).isCloseTo(2.55, within(1e-9));
        assertThat(value.getMetricValue()).isEqualTo(3);
        assertThat(spec.getTargetSizeFloat()).isEqualTo(0.7);
        assertThat(spec.getTargetSize()).as("an int target is never 0: the HPA rejects it").isEqualTo(1);
        assertThat(hpaReplicas(value, spec)).isEqualTo(4).isEqualTo((long) Math.ceil(3 * 0.85 / 0.7));
    }

    @Test
    void latencyQuantilesAreIntensiveToo() {
        // p95 time to first token 1.2 s with 2 ready replicas, target 0.5 s: metric 2.4, ceil(4.8) = 5.
        view.publish(Views.at(NOW).component(ENGINE, 2, "ttft_p95_seconds", 1.2).ready(ENGINE, 2).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "ttft_p95_seconds", "target", "0.5");
        MetricSpec spec = spec(ref);
        MetricValue value = value(ref, spec);

        assertThat(value.getMetricValueFloat()).isCloseTo(2.4, within(1e-9));
        assertThat(hpaReplicas(value, spec)).isEqualTo(5);
    }

    @Test
    void withoutReadyCountsTheReplicasAreThePodsWithData() {
        // GPU busy 50% on average over 4 pods with data, no ready count known: metric 2.0, target 0.6 → 4.
        view.publish(Views.at(NOW).component(ENGINE, 4, "gpu_utilization", 0.5).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "gpu_utilization", "target", "0.6");
        MetricSpec spec = spec(ref);
        MetricValue value = value(ref, spec);

        assertThat(value.getMetricValueFloat()).isEqualTo(2.0);
        assertThat(hpaReplicas(value, spec)).isEqualTo(4);
    }

    @Test
    void desiredReplicasIsTheDecisionWithTargetOne() {
        view.publish(Views.at(NOW).component(ENGINE, 3, "queue_length", 1.0)
                .decision(ENGINE, 7, NOW.minusSeconds(5)).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "desired_replicas");
        MetricSpec spec = spec(ref);
        MetricValue value = value(ref, spec);

        assertThat(spec.getMetricName()).isEqualTo("omescale-engine-desired_replicas");
        assertThat(spec.getTargetSizeFloat()).isEqualTo(1.0);
        assertThat(spec.getTargetSize()).isEqualTo(1);
        assertThat(value.getMetricValueFloat()).isEqualTo(7.0);
        assertThat(value.getMetricValue()).isEqualTo(7);
        assertThat(hpaReplicas(value, spec)).isEqualTo(7);
    }

    @Test
    void desiredReplicasIsTheDefaultSignal() {
        view.publish(Views.at(NOW).decision(ENGINE, 2, NOW).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat");

        assertThat(spec(ref).getMetricName()).isEqualTo("omescale-engine-desired_replicas");
        assertThat(value(ref, spec(ref)).getMetricValueFloat()).isEqualTo(2.0);
    }

    @Test
    void desiredReplicasAcceptsAnExplicitTargetOfOne() {
        view.publish(Views.at(NOW).decision(ENGINE, 2, NOW).build());
        assertThat(spec(ref("inferenceService", "llama-chat", "target", "1")).getTargetSizeFloat()).isEqualTo(1.0);
    }

    @Test
    void decoderAndNamespaceComeFromTheMetadata() {
        var decoder = new dev.omescale.scaler.view.ComponentKey("serving", "llama-chat",
                dev.omescale.scaler.model.ComponentKind.DECODER);
        view.publish(Views.at(NOW).component(decoder, 2, "generation_token_rate", 900.0).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "component", "decoder", "namespace", "serving",
                "signal", "generation_token_rate", "target", "400");
        MetricSpec spec = spec(ref);

        assertThat(spec.getMetricName()).isEqualTo("omescale-decoder-generation_token_rate");
        assertThat(hpaReplicas(value(ref, spec), spec)).isEqualTo(3);
    }

    @Test
    void aPartialTotalThatWouldScaleUpOrHoldIsServed() {
        // 2 of 3 pods report 20 waiting requests: the real total is at least 20, ceil(20 / 5) = 4 ≥ 3 replicas.
        view.publish(Views.at(NOW).component(ENGINE, 3, Map.of("queue_length", 20.0), Map.of("queue_length", 2),
                List.of("queue_length: total over 2 of 3 pods; the rest have no data")).ready(ENGINE, 3).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "queue_length", "target", "5");

        assertThat(value(ref, spec(ref)).getMetricValueFloat()).isEqualTo(20.0);
        assertThat(client.stub.isActive(ref).getResult()).isTrue();
    }

    @Test
    void aPartialTotalThatWouldScaleDownIsUnavailable() {
        // 2 of 3 pods report 4 waiting requests: ceil(4 / 5) = 1 < 3 would scale down on incomplete data.
        view.publish(Views.at(NOW).component(ENGINE, 3, Map.of("queue_length", 4.0), Map.of("queue_length", 2),
                List.of()).pod(ENGINE, "llama-chat-engine-2", List.of("target http://10.0.0.3/metrics is stale:"
                + " connection refused")).ready(ENGINE, 3).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "queue_length", "target", "5",
                "activationTarget", "10");

        var e = failure(() -> client.stub.getMetrics(metrics(ref, "omescale-engine-queue_length")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).contains("only 2 of 3 pods", "connection refused",
                "take 3 replicas down to 1", "fallback");
        var inactive = failure(() -> client.stub.isActive(ref));
        assertThat(inactive.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(inactive.getStatus().getDescription()).contains("cannot show that the component is idle");
    }
}
