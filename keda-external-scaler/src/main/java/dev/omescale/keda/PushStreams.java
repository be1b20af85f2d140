package dev.omescale.keda;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open server streams ({@code StreamIsActive}, {@code StreamMetricSpec}): each gets its current value when it
 * opens, then again whenever the value changes and at least every {@code heartbeat} (which also keeps idle streams
 * alive through proxies). One thread re-evaluates every stream each {@code checkInterval}, from memory.
 *
 * <p>A slow client never blocks that thread or grows memory: a value is written only while the stream's transport
 * is ready; otherwise it waits in a single slot that a newer value replaces, and goes out when the stream becomes
 * ready again. A cancelled stream (the client went away, or KEDA rebuilt its scaler) is dropped at once.
 */
final class PushStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushStreams.class);

    private final Duration heartbeat;
    private final int maxStreams;
    private final Clock clock;
    private final Set<PushStream<?>> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;

    PushStreams(Duration checkInterval, Duration heartbeat, int maxStreams, Clock clock) {
        this.heartbeat = heartbeat;
        this.maxStreams = maxStreams;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "omescale-keda-streams");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, checkInterval.toMillis());
        ticker.scheduleWithFixedDelay(this::checkAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream. Must be called from the RPC method itself (gRPC accepts the cancel and ready handlers only
     * there). If the first value fails, the stream ends with that error, as a unary call would.
     *
     * @param what   the stream, for logs
     * @param source the current value; a future so PromQL passthrough can answer from its own pool
     */
    <T> void open(String what, StreamObserver<T> observer, Supplier<CompletableFuture<T>> source) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) observer;
        if (streams.size() >= maxStreams) {
            call.onError(Status.RESOURCE_EXHAUSTED.withDescription("omescale serves at most " + maxStreams
                    + " open streams (keda.maxStreams) and all are in use; raise keda.maxStreams or use 'external'"
                    + " instead of 'external-push' triggers").asRuntimeException());
            return;
        }
        PushStream<T> stream = new PushStream<>(what, call, source, clock);
        call.setOnCancelHandler(() -> {
            stream.cancelled();
            streams.remove(stream);
        });
        call.setOnReadyHandler(stream::flush);
        stream.inFlight = true;
        evaluate(source).whenComplete((value, error) -> {
            stream.inFlight = false;
            if (error != null) {
                stream.fail(statusOf(error));
                return;
            }
            if (stream.first(value, clock.millis())) {
                streams.add(stream);
                if (stream.isDone()) {
                    streams.remove(stream); // cancelled while it opened
                }
            }
        });
    }

    int openStreams() {
        return streams.size();
    }

    void checkAll() {
        long now = clock.millis();
        for (PushStream<?> s : streams) {
            try {
                check(s, now);
            } catch (RuntimeException e) {
                LOG.warn("checking {} failed; it is kept and checked again", s.what, e);
            }
        }
    }

    private <T> void check(PushStream<T> s, long now) {
        if (s.isDone()) {
            streams.remove(s);
            return;
        }
        if (s.inFlight) {
            return; // the last check's query has not answered yet
        }
        s.inFlight = true;
        evaluate(s.source).whenComplete((value, error) -> {
            s.inFlight = false;
            if (error == null) {
                s.offer(value, now, heartbeat.toMillis());
                return;
            }
            Status status = statusOf(error);
            if (status.getCode() == Status.Code.UNAVAILABLE) {
                // Transient: hold the last state; KEDA's polling still sees the error and applies its fallback.
                LOG.debug("{}: {}", s.what, status.getDescription());
            } else {
                // The trigger no longer makes sense (e.g. its InferenceService is gone): end it, KEDA reopens.
                s.fail(status);
                streams.remove(s);
            }
        });
    }

    private static <T> CompletableFuture<T> evaluate(Supplier<CompletableFuture<T>> source) {
        try {
            return source.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Status statusOf(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof ScalerException se) {
            return se.status();
        }
        return Status.INTERNAL.withDescription("omescale failed to evaluate the trigger: " + e).withCause(e);
    }

    /** Ends every stream cleanly (KEDA reopens after a clean end) and stops checking. */
    @Override
    public void close() {
        ticker.shutdownNow();
        for (PushStream<?> s : streams) {
            s.end();
        }
        streams.clear();
    }

    /** One open stream: what was sent, and at most one value waiting for the transport. */
    static final class PushStream<T> {
        final String what;
        final Supplier<CompletableFuture<T>> source;
        private final ServerCallStreamObserver<T> call;
        private final Clock clock;
        volatile boolean inFlight;
        private T lastSent;
        private long lastSentMillis;
        private T pending;
        private boolean done;

        PushStream(String what, ServerCallStreamObserver<T> call, Supplier<CompletableFuture<T>> source,
                Clock clock) {
            this.what = what;
            this.call = call;
            this.clock = clock;
            this.source = Objects.requireNonNull(source);
        }

        /** Sends the first value whatever the transport says: one small message. False if already ended. */
        synchronized boolean first(T value, long now) {
            if (done) {
                return false;
            }
            send(value, now);
            return true;
        }

        /** Sends {@code value} if it differs from the last one sent or the heartbeat is due. */
        synchronized void offer(T value, long now, long heartbeatMillis) {
            if (done) {
                return;
            }
            if (value.equals(lastSent) && now - lastSentMillis < heartbeatMillis) {
                pending = null; // the client already has this state; a waiting older change is moot
                return;
            }
            if (call.isReady()) {
                send(value, now);
            } else {
                pending = value; // replaces any older waiting value: memory stays one message per stream
            }
        }

        /** Called by gRPC when the transport can take more. */
        synchronized void flush() {
            if (!done && pending != null && call.isReady()) {
                send(pending, clock.millis());
            }
        }

        synchronized T pending() {
            return pending;
        }

        synchronized boolean isDone() {
            return done;
        }

        synchronized void cancelled() {
            done = true;
            pending = null;
        }

        synchronized void fail(Status status) {
            if (done) {
                return;
            }
            done = true;
            try {
                call.onError(status.asRuntimeException());
            } catch (IllegalStateException alreadyClosed) {
                // the client cancelled at the same moment
            }
        }

        synchronized void end() {
            if (done) {
                return;
            }
            done = true;
            try {
                call.onCompleted();
            } catch (IllegalStateException alreadyClosed) {
                // the client cancelled at the same moment
            }
        }

        private void send(T value, long now) {
            try {
                call.onNext(value);
            } catch (RuntimeException cancelled) {
                // StatusRuntimeException(CANCELLED) when the client went away between the check and the write
                done = true;
                return;
            }
            lastSent = value;
            lastSentMillis = now;
            pending = null;
        }
    }
}
