package dev.omescale.keda;

import static dev.omescale.keda.ScalerClient.failure;
import static dev.omescale.keda.ScalerClient.metrics;
import static dev.omescale.keda.ScalerClient.ref;
import static dev.omescale.keda.Views.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.testing.MutableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Missing data is an error, never 0: unknown objects are NOT_FOUND, data that is absent or too old is
 * UNAVAILABLE with the reason (so KEDA's fallback applies), and what needs omescale's state to check
 * (window, target defaults) is INVALID_ARGUMENT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MissingDataTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final LatestScalingView view = new LatestScalingView(ScalingSnapshot.empty(Views.WINDOW));
    private final MutableClock clock = new MutableClock(NOW.toEpochMilli());
    private KedaScalerServer server;
    private ScalerClient client;

    @BeforeAll
    void start() throws Exception {
        server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0)
                .withMaxDataAge(Duration.ofSeconds(30)), view, null, clock);
        client = ScalerClient.plaintext(server.port());
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void resetClock() {
        clock.set(NOW.toEpochMilli());
    }

    /** Every unary answer for {@code ref} fails the same way; GetMetricSpec too when {@code specToo}. */
    private Status failsEverywhere(ScaledObjectRef ref, boolean specToo) {
        StatusRuntimeException metricsError = failure(() -> client.stub.getMetrics(metrics(ref, "")));
        StatusRuntimeException activeError = failure(() -> client.stub.isActive(ref));
        assertThat(activeError.getStatus().getCode()).isEqualTo(metricsError.getStatus().getCode());
        if (specToo) {
            assertThat(failure(() -> client.stub.getMetricSpec(ref)).getStatus().getCode())
                    .isEqualTo(metricsError.getStatus().getCode());
        }
        return metricsError.getStatus();
    }

    @Test
    void anUnknownInferenceServiceIsNotFound() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "queue_length", 3.0).build());
        Status s = failsEverywhere(ref("inferenceService", "mistral", "signal", "queue_length", "target", "5"), true);
        assertThat(s.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(s.getDescription()).contains("InferenceService default/mistral is not known to omescale",
                "known in namespace default: llama-chat", "check inferenceService and namespace");
    }

    @Test
    void anotherNamespaceIsNotFoundToo() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "queue_length", 3.0).build());
        Status s = failsEverywhere(ref("inferenceService", "llama-chat", "namespace", "prod", "signal",
                "queue_length", "target", "5"), true);
        assertThat(s.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(s.getDescription()).contains("prod/llama-chat is not known", "known in namespace prod: none");
    }

    @Test
    void anUnknownComponentIsNotFound() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "queue_length", 3.0).build());
        Status s = failsEverywhere(ref("inferenceService", "llama-chat", "component", "decoder", "signal",
                "queue_length", "target", "5"), true);
        assertThat(s.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(s.getDescription()).contains("default/llama-chat has no decoder component", "it has engine");
    }

    @Test
    void aSignalWithoutDataIsUnavailableWithTheReason() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "kv_cache_utilization", null)
                .pod(ENGINE, "llama-chat-engine-0", List.of("target http://10.0.0.1:8000/metrics is stale: HTTP 503"))
                .ready(ENGINE, 2).build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "kv_cache_utilization", "target", "0.8");
        Status s = failsEverywhere(ref, false);
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(s.getDescription()).contains("no fresh data for signal kv_cache_utilization of default/llama-chat"
                + " engine: 0 of 2 pods have it", "pod llama-chat-engine-0: target http://10.0.0.1:8000/metrics is"
                + " stale: HTTP 503", "fallback");
        // The spec does not depend on data: KEDA can still build the HPA.
        assertThat(client.stub.getMetricSpec(ref).getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(0.8);
    }

    @Test
    void aComponentKnownOnlyFromItsSpecHasNoTelemetryYet() {
        view.publish(Views.at(NOW).spec(ENGINE, "{scaleMetric: concurrency, scaleTarget: 4}").build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "concurrency");
        Status s = failsEverywhere(ref, false);
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(s.getDescription()).contains("no telemetry for default/llama-chat engine");
        assertThat(client.stub.getMetricSpec(ref).getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(4.0);
    }

    @Test
    void beforeTheFirstEvaluationEverythingIsUnavailable() {
        // The component is known from its spec, but no telemetry was ever evaluated (evaluatedAt 0).
        view.publish(new ScalingSnapshot(ScalingSnapshot.empty(Views.WINDOW).telemetry(), Map.of(),
                Map.of(ENGINE, Views.spec("{scaleMetric: rps, scaleTarget: 10}")), Map.of()));
        Status s = failsEverywhere(ref("inferenceService", "llama-chat", "signal", "request_rate"), false);
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(s.getDescription()).contains("has not evaluated any telemetry yet");
    }

    @Test
    void telemetryOlderThanMaxDataAgeIsUnavailable() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "queue_length", 3.0).build());
        clock.advance(45_000);
        Status s = failsEverywhere(ref("inferenceService", "llama-chat", "signal", "queue_length", "target", "5"),
                false);
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(s.getDescription()).contains("last evaluated 45s ago", "keda.maxDataAge 30s");
    }

    @Test
    void noDecisionYetIsUnavailable() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "queue_length", 3.0).build());
        Status s = failsEverywhere(ref("inferenceService", "llama-chat", "signal", "desired_replicas"), false);
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(s.getDescription()).contains("has not decided replicas for default/llama-chat engine yet");
    }

    @Test
    void anOldDecisionIsUnavailable() {
        view.publish(Views.at(NOW).decision(ENGINE, 4, NOW.minusSeconds(120)).build());
        Status s = failsEverywhere(ref("inferenceService", "llama-chat"), false);
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(s.getDescription()).contains("last decision for default/llama-chat engine is 2m old");
    }

    @Test
    void anIntensiveSignalWithZeroReadyReplicasIsUnavailable() {
        view.publish(Views.at(NOW).component(ENGINE, 1, "gpu_utilization", 0.4).ready(ENGINE, 0).build());
        Status s = failsEverywhere(ref("inferenceService", "llama-chat", "signal", "gpu_utilization", "target",
                "0.5"), false);
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(s.getDescription()).contains("has no ready replicas");
    }

    @Test
    void aWindowOtherThanTheTelemetryWindowIsRejectedNamingTheAvailableOne() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "queue_length", 3.0).build());
        Status s = failsEverywhere(ref("inferenceService", "llama-chat", "signal", "queue_length", "target", "5",
                "window", "5m"), true);
        assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(s.getDescription()).contains("window 5m is not available", "telemetry window 1m",
                "remove window or set it to 1m");
    }

    @Test
    void theTelemetryWindowItselfIsAccepted() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "queue_length", 3.0).build());
        assertThat(client.stub.getMetrics(metrics(ref("inferenceService", "llama-chat", "signal", "queue_length",
                "target", "5", "window", "60s"), "")).getMetricValues(0).getMetricValueFloat()).isEqualTo(3.0);
    }

    @Test
    void aTargetThatCannotDefaultIsRejected() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "queue_length", 3.0)
                .spec(ENGINE, "{scaleMetric: cpu, scaleTarget: 70}").build());
        Status s = failsEverywhere(ref("inferenceService", "llama-chat", "signal", "queue_length"), true);
        assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(s.getDescription()).contains("target is missing for signal queue_length",
                "scaleMetric is cpu", "add target:");
    }

    @Test
    void withoutASpecTheTargetCannotDefault() {
        view.publish(Views.at(NOW).component(ENGINE, 2, "concurrency", 3.0).build());
        Status s = failsEverywhere(ref("inferenceService", "llama-chat", "signal", "concurrency"), true);
        assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(s.getDescription()).contains("no InferenceService spec to default it from", "add target:");
    }

    @Test
    void queryTriggersWithoutPassthroughAreAFailedPrecondition() {
        Status s = failure(() -> client.stub.getMetrics(metrics(ref("query", "sum(up)", "threshold", "1"), "")))
                .getStatus();
        assertThat(s.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(s.getDescription()).contains("serves no PromQL passthrough");
    }
}
