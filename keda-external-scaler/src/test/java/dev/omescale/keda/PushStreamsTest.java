package dev.omescale.keda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.telemetry.testing.MutableClock;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The push rules on their own, with streams whose transport readiness the test controls and checks run by hand
 * (the ticker is set to an hour so it never runs by itself).
 */
class PushStreamsTest {
    private final MutableClock clock = new MutableClock(1_000_000);
    private final PushStreams streams = new PushStreams(Duration.ofHours(1), Duration.ofSeconds(30), 10, clock);

    @AfterEach
    void close() {
        streams.close();
    }

    private static CompletableFuture<String> value(AtomicReference<String> current) {
        return CompletableFuture.completedFuture(current.get());
    }

    @Test
    void sendsOnOpenOnChangeAndOnHeartbeatOnly() {
        AtomicReference<String> current = new AtomicReference<>("inactive");
        FakeServerStream<String> stream = new FakeServerStream<>();
        streams.open("s", stream, () -> value(current));
        assertThat(stream.sent).containsExactly("inactive");

        streams.checkAll();
        assertThat(stream.sent).as("unchanged, heartbeat not due").containsExactly("inactive");
        current.set("active");
        streams.checkAll();
        assertThat(stream.sent).containsExactly("inactive", "active");
        clock.advance(29_999);
        streams.checkAll();
        assertThat(stream.sent).hasSize(2);
        clock.advance(1);
        streams.checkAll();
        assertThat(stream.sent).as("heartbeat re-sends the unchanged value").containsExactly("inactive", "active",
                "active");
    }

    @Test
    void aStreamThatIsNotReadyKeepsOnlyTheNewestValueAndOthersGoOn() {
        AtomicInteger counter = new AtomicInteger();
        FakeServerStream<String> slow = new FakeServerStream<>();
        FakeServerStream<String> fast = new FakeServerStream<>();
        streams.open("slow", slow, () -> CompletableFuture.completedFuture("v" + counter.get()));
        streams.open("fast", fast, () -> CompletableFuture.completedFuture("v" + counter.get()));
        slow.ready = false;

        for (int i = 1; i <= 1000; i++) {
            counter.set(i);
            streams.checkAll();
        }

        assertThat(slow.sent).as("nothing written while the transport is full").containsExactly("v0");
        assertThat(fast.sent).as("a slow stream does not hold up the others").hasSize(1001).endsWith("v1000");
        slow.becomeReady();
        assertThat(slow.sent).as("only the newest waiting value goes out").containsExactly("v0", "v1000");
    }

    @Test
    void aWaitingChangeThatWasUndoneIsDropped() {
        AtomicReference<String> current = new AtomicReference<>("inactive");
        FakeServerStream<String> stream = new FakeServerStream<>();
        streams.open("s", stream, () -> value(current));
        stream.ready = false;
        current.set("active");
        streams.checkAll();
        current.set("inactive");
        streams.checkAll();
        stream.becomeReady();
        assertThat(stream.sent).as("the client already has 'inactive'").containsExactly("inactive");
    }

    @Test
    void aCancelledStreamIsDropped() {
        FakeServerStream<String> stream = new FakeServerStream<>();
        streams.open("s", stream, () -> CompletableFuture.completedFuture("x"));
        assertThat(streams.openStreams()).isEqualTo(1);
        stream.cancel();
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void aFailingFirstValueEndsTheStreamWithItsStatus() {
        FakeServerStream<String> stream = new FakeServerStream<>();
        streams.open("s", stream, () -> CompletableFuture.failedFuture(ScalerException.notFound("no such thing")));
        assertThat(stream.error.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void unavailableLaterHoldsTheStreamAndNotFoundEndsIt() {
        AtomicReference<ScalerException> failure = new AtomicReference<>();
        FakeServerStream<String> stream = new FakeServerStream<>();
        streams.open("s", stream, () -> failure.get() == null ? CompletableFuture.completedFuture("ok")
                : CompletableFuture.failedFuture(failure.get()));
        failure.set(ScalerException.unavailable("stale"));
        streams.checkAll();
        assertThat(stream.error).isNull();
        assertThat(streams.openStreams()).isEqualTo(1);
        failure.set(ScalerException.notFound("gone"));
        streams.checkAll();
        assertThat(stream.error.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void moreThanMaxStreamsIsResourceExhausted() {
        for (int i = 0; i < 10; i++) {
            streams.open("s" + i, new FakeServerStream<String>(), () -> CompletableFuture.completedFuture("x"));
        }
        FakeServerStream<String> extra = new FakeServerStream<>();
        streams.open("extra", extra, () -> CompletableFuture.completedFuture("x"));
        assertThat(extra.error.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(extra.error.getDescription()).contains("keda.maxStreams");
    }

    @Test
    void closeEndsEveryStreamCleanly() {
        FakeServerStream<String> stream = new FakeServerStream<>();
        streams.open("s", stream, () -> CompletableFuture.completedFuture("x"));
        streams.close();
        assertThat(stream.completed).isTrue();
        assertThat(stream.error).isNull();
    }
}
