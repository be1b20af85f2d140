package dev.omescale.keda;

import static dev.omescale.keda.ScalerClient.failure;
import static dev.omescale.keda.ScalerClient.metrics;
import static dev.omescale.keda.ScalerClient.ref;
import static dev.omescale.keda.Views.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.keda.proto.GetMetricsResponse;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.telemetry.promql.FakePrometheus;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server around the scaler: health and reflection, per-call deadlines, bounded concurrency, and gRPC workers
 * that a slow PromQL passthrough never blocks.
 */
class ServerBehaviourTest {
    private final LatestScalingView view = new LatestScalingView(Views.at(Instant.now())
            .component(ENGINE, 2, "queue_length", 6.0).build());
    private FakePrometheus prometheus;
    private PromQlPassthrough passthrough;
    private KedaScalerServer server;
    private ScalerClient client;

    @AfterEach
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
    }

    /** A server with one gRPC worker and a Prometheus that accepts queries but never answers. */
    private void startWithHangingPrometheus(int maxConcurrentCalls) throws Exception {
        prometheus = FakePrometheus.http().neverAnswer();
        passthrough = new PromQlPassthrough(PrometheusEndpoint.of(prometheus.address())
                .withTimeout(Duration.ofSeconds(30)), Duration.ofSeconds(30), Clock.systemUTC());
        KedaServerConfig d = KedaServerConfig.plaintext("127.0.0.1", 0);
        server = KedaScalerServer.start(new KedaServerConfig(d.host(), d.port(), null, d.maxDataAge(),
                maxConcurrentCalls, 1, d.maxStreams(), d.streamCheckInterval(), d.streamHeartbeat(),
                d.promqlCacheTtl()), view, passthrough);
        client = ScalerClient.plaintext(server.port());
    }

    private double queueLength(ExternalScalerGrpc.ExternalScalerBlockingStub stub) {
        return stub.getMetrics(metrics(ref("inferenceService", "llama-chat", "signal", "queue_length", "target",
                "2"), "")).getMetricValues(0).getMetricValueFloat();
    }

    private CompletableFuture<GetMetricsResponse> hangingQuery() {
        CompletableFuture<GetMetricsResponse> result = new CompletableFuture<>();
        client.async.withDeadlineAfter(60, TimeUnit.SECONDS).getMetrics(metrics(ref("query", "sum(up)",
                "threshold", "1"), ""), new StreamObserver<>() {
                    @Override
                    public void onNext(GetMetricsResponse value) {
                        result.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return result;
    }

    @Test
    void healthSaysServingForTheServerAndTheScalerService() throws Exception {
        startWithHangingPrometheus(10);
        var health = HealthGrpc.newBlockingStub(client.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        for (String service : List.of("", "externalscaler.ExternalScaler")) {
            assertThat(health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
                    .as(service).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        }
    }

    @Test
    void reflectionListsTheServices() throws Exception {
        startWithHangingPrometheus(10);
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(client.channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse r) {
                        services.complete(r.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        assertThat(services.get(10, TimeUnit.SECONDS)).contains("externalscaler.ExternalScaler",
                "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");
        requests.onCompleted();
    }

    @Test
    void aDeadlineEndsACallWaitingOnPrometheusAndFreesItsSlot() throws Exception {
        startWithHangingPrometheus(10);
        var e = failure(() -> client.stub.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                .getMetrics(metrics(ref("query", "sum(up)", "threshold", "1"), "")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.callsInProgress() == 0);
        assertThat(queueLength(client.stub)).isEqualTo(6.0);
    }

    @Test
    void aHangingQueryDoesNotBlockTheOnlyWorker() throws Exception {
        startWithHangingPrometheus(10);
        CompletableFuture<GetMetricsResponse> pending = hangingQuery();
        prometheus.takeRequest(); // the query is now waiting on Prometheus
        assertThat(queueLength(client.stub)).as("answered by the one worker meanwhile").isEqualTo(6.0);
        assertThat(pending).isNotDone();
    }

    @Test
    void callsBeyondMaxConcurrentCallsAreResourceExhausted() throws Exception {
        startWithHangingPrometheus(2);
        CompletableFuture<GetMetricsResponse> first = hangingQuery();
        CompletableFuture<GetMetricsResponse> second = hangingQuery();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.callsInProgress() == 2);

        var e = failure(() -> queueLength(client.stub));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).contains("keda.maxConcurrentCalls");

        prometheus.close(); // the query fails, both waiting calls end, their slots free up
        for (CompletableFuture<GetMetricsResponse> f : List.of(first, second)) {
            assertThat(f).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                    .satisfies(t -> assertThat(Status.fromThrowable(t).getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.callsInProgress() == 0);
        assertThat(queueLength(client.stub)).isEqualTo(6.0);
        prometheus = null;
    }

    @Test
    void aRequestOverTheInboundLimitIsRefusedAndTheConnectionGoesOn() throws Exception {
        startWithHangingPrometheus(10);
        // ScaledObject metadata is a few hundred bytes; 1 MiB in one value is 4 times the limit.
        String huge = "x".repeat(4 * KedaScalerServer.MAX_INBOUND_MESSAGE_BYTES);
        var e = failure(() -> client.stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .getMetrics(metrics(ref("inferenceService", "llama-chat", "signal", "queue_length", "target", "2",
                        "padding", huge), "")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(server.callsInProgress()).isZero();
        // Just under the limit is still read (and answered: the unknown key is an INVALID_ARGUMENT, not a crash).
        var under = failure(() -> client.stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .getMetrics(metrics(ref("inferenceService", "llama-chat", "padding",
                        "y".repeat(KedaScalerServer.MAX_INBOUND_MESSAGE_BYTES - 1024)), "")));
        assertThat(under.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(under.getStatus().getDescription()).contains("padding").hasSizeLessThan(4096);
        assertThat(queueLength(client.stub)).isEqualTo(6.0);
    }
}
