package dev.omescale.keda;

import static dev.omescale.keda.ScalerClient.ref;
import static dev.omescale.keda.Views.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.keda.proto.GetMetricSpecResponse;
import dev.omescale.keda.proto.IsActiveResponse;
import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IsActive (strict >, as KEDA) and the push streams through a real server, with real clients that cancel. */
class ActivationTest {
    private final LatestScalingView view = new LatestScalingView(ScalingSnapshot.empty(Views.WINDOW));
    private KedaScalerServer server;
    private ScalerClient client;

    @BeforeEach
    void start() throws Exception {
        server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0)
                .withStreams(Duration.ofMillis(20), Duration.ofMillis(400), 100), view, null);
        client = ScalerClient.plaintext(server.port());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void publishConcurrency(double total) {
        view.publish(Views.at(Instant.now()).component(ENGINE, 2, "concurrency", total, "kv_cache_utilization", 0.3)
                .ready(ENGINE, 3).build());
    }

    private boolean active(String... metadata) {
        return client.stub.isActive(ref(metadata)).getResult();
    }

    @Test
    void isActiveIsStrictlyAboveActivationTarget() {
        publishConcurrency(5);
        assertThat(active("inferenceService", "llama-chat", "signal", "concurrency", "target", "4",
                "activationTarget", "5")).isFalse();
        assertThat(active("inferenceService", "llama-chat", "signal", "concurrency", "target", "4",
                "activationTarget", "4.9")).isTrue();
        publishConcurrency(0);
        assertThat(active("inferenceService", "llama-chat", "signal", "concurrency", "target", "4"))
                .as("0 is not above the default activationTarget 0").isFalse();
    }

    @Test
    void intensiveActivationComparesTheSignalNotTheScaledMetric() {
        publishConcurrency(0);
        // KV cache 0.3 per replica; the metric is 0.3 × 3 = 0.9, but activation reads 0.3.
        assertThat(active("inferenceService", "llama-chat", "signal", "kv_cache_utilization", "target", "0.8",
                "activationTarget", "0.5")).isFalse();
        assertThat(active("inferenceService", "llama-chat", "signal", "kv_cache_utilization", "target", "0.8",
                "activationTarget", "0.2")).isTrue();
    }

    @Test
    void desiredReplicasIsActiveFromOneReplica() {
        view.publish(Views.at(Instant.now()).decision(ENGINE, 0, Instant.now()).build());
        assertThat(active("inferenceService", "llama-chat")).isFalse();
        view.publish(Views.at(Instant.now()).decision(ENGINE, 1, Instant.now()).build());
        assertThat(active("inferenceService", "llama-chat")).isTrue();
    }

    /** Collects a stream's messages; the returned handle cancels it. */
    private <T> ClientCallStreamObserver<ScaledObjectRef> collect(BlockingQueue<Object> into, int initialRequests,
            Consumer<ClientResponseObserver<ScaledObjectRef, T>> call) {
        AtomicReference<ClientCallStreamObserver<ScaledObjectRef>> handle = new AtomicReference<>();
        call.accept(new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ScaledObjectRef> requestStream) {
                handle.set(requestStream);
                if (initialRequests >= 0) {
                    requestStream.disableAutoRequestWithInitial(initialRequests);
                }
            }

            @Override
            public void onNext(T value) {
                into.add(value);
            }

            @Override
            public void onError(Throwable t) {
                into.add(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                into.add("completed");
            }
        });
        return handle.get();
    }

    private static Object next(BlockingQueue<Object> q) throws InterruptedException {
        Object o = q.poll(10, TimeUnit.SECONDS);
        assertThat(o).as("a message within 10 s").isNotNull();
        return o;
    }

    private static IsActiveResponse result(boolean active) {
        return IsActiveResponse.newBuilder().setResult(active).build();
    }

    @Test
    void streamIsActivePushesOnOpenOnEveryChangeAndPeriodicallyAndEndsCleanlyOnCancel() throws Exception {
        publishConcurrency(0);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "concurrency", "target", "4");
        var handle = this.<IsActiveResponse>collect(received, -1, o -> client.async.streamIsActive(ref, o));

        assertThat(next(received)).as("the current state on open").isEqualTo(result(false));
        publishConcurrency(3);
        assertThat(next(received)).isEqualTo(result(true));
        publishConcurrency(0);
        assertThat(next(received)).isEqualTo(result(false));
        assertThat(next(received)).as("re-sent by the heartbeat without a change").isEqualTo(result(false));
        assertThat(server.openStreams()).isEqualTo(1);

        handle.cancel("KEDA rebuilt its scaler", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openStreams() == 0);
        assertThat(next(received)).as("the client sees its own cancel")
                .isInstanceOfSatisfying(Status.class, s -> assertThat(s.getCode()).isEqualTo(Status.Code.CANCELLED));
    }

    @Test
    void aClientThatStopsReadingDoesNotHoldUpOthers() throws Exception {
        publishConcurrency(0);
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "concurrency", "target", "4");
        BlockingQueue<Object> stalled = new LinkedBlockingQueue<>();
        this.<IsActiveResponse>collect(stalled, 1, o -> client.async.streamIsActive(ref, o));
        assertThat(next(stalled)).isEqualTo(result(false));

        BlockingQueue<Object> reading = new LinkedBlockingQueue<>();
        try (ScalerClient other = ScalerClient.plaintext(server.port())) {
            this.<IsActiveResponse>collect(reading, -1, o -> other.async.streamIsActive(ref, o));
            assertThat(next(reading)).isEqualTo(result(false));
            for (int i = 0; i < 20; i++) {
                publishConcurrency(i % 2 == 0 ? 3 : 0);
                Object expected = result(i % 2 == 0);
                Object got;
                do {
                    got = next(reading); // heartbeats may come in between
                } while (!got.equals(expected));
            }
            assertThat(server.openStreams()).isEqualTo(2);
            assertThat(stalled).as("the stalled client asked for one message and got one").isEmpty();
        }
    }

    @Test
    void streamMetricSpecSendsTheSpecOnOpenAndWhenItChanges() throws Exception {
        view.publish(Views.at(Instant.now()).component(ENGINE, 2, "concurrency", 1.0)
                .spec(ENGINE, "{scaleMetric: concurrency, scaleTarget: 8}").build());
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "concurrency");
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        var handle = this.<GetMetricSpecResponse>collect(received, -1, o -> client.async.streamMetricSpec(ref, o));

        Object first = next(received);
        assertThat(first).as("the same as GetMetricSpec").isEqualTo(client.stub.getMetricSpec(ref));
        assertThat(((GetMetricSpecResponse) first).getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(8.0);

        view.publish(Views.at(Instant.now()).component(ENGINE, 2, "concurrency", 1.0)
                .spec(ENGINE, "{scaleMetric: concurrency, scaleTarget: 10}").build());
        Object changed;
        do {
            changed = next(received);
        } while (changed.equals(first));
        assertThat(((GetMetricSpecResponse) changed).getMetricSpecs(0).getTargetSizeFloat()).isEqualTo(10.0);
        assertThat(changed).isEqualTo(client.stub.getMetricSpec(ref));
        handle.cancel("done", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openStreams() == 0);
    }

    @Test
    void aStreamWhoseInferenceServiceDisappearsEndsWithNotFound() throws Exception {
        publishConcurrency(2);
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "concurrency", "target", "4");
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        this.<IsActiveResponse>collect(received, -1, o -> client.async.streamIsActive(ref, o));
        assertThat(next(received)).isEqualTo(result(true));

        view.publish(Views.at(Instant.now()).build());
        Object last;
        do {
            last = next(received);
        } while (last instanceof IsActiveResponse);
        assertThat(last).isInstanceOfSatisfying(Status.class, s -> {
            assertThat(s.getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(s.getDescription()).contains("default/llama-chat is not known");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openStreams() == 0);
    }

    @Test
    void closingTheServerEndsStreamsCleanly() throws Exception {
        publishConcurrency(2);
        ScaledObjectRef ref = ref("inferenceService", "llama-chat", "signal", "concurrency", "target", "4");
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        this.<IsActiveResponse>collect(received, -1, o -> client.async.streamIsActive(ref, o));
        assertThat(next(received)).isEqualTo(result(true));

        server.close();
        Object last;
        do {
            last = next(received);
        } while (last instanceof IsActiveResponse);
        assertThat(last).as("a clean end, after which KEDA reopens").isEqualTo("completed");
    }
}
