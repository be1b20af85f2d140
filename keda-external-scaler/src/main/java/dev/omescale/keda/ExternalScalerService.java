package dev.omescale.keda;

import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.keda.proto.GetMetricSpecResponse;
import dev.omescale.keda.proto.GetMetricsRequest;
import dev.omescale.keda.proto.GetMetricsResponse;
import dev.omescale.keda.proto.IsActiveResponse;
import dev.omescale.keda.proto.ScaledObjectRef;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEDA's {@code externalscaler.ExternalScaler}: each call parses the trigger's metadata and answers from memory
 * (signal triggers) or from the PromQL passthrough's cache. Nothing here scrapes or blocks a gRPC worker.
 */
final class ExternalScalerService extends ExternalScalerGrpc.ExternalScalerImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalScalerService.class);
    /** KEDA's per-trigger prefix; stripped by KEDA ≥ 2.7 already, stripped here too for older ones (#2640). */
    private static final Pattern KEDA_PREFIX = Pattern.compile("^s\\d+-");

    private final TriggerMetadataParser parser;
    private final SignalReader reader;
    private final PromQlPassthrough passthrough;
    private final PushStreams streams;

    ExternalScalerService(TriggerMetadataParser parser, SignalReader reader, PromQlPassthrough passthrough,
            PushStreams streams) {
        this.parser = parser;
        this.reader = reader;
        this.passthrough = passthrough;
        this.streams = streams;
    }

    @Override
    public void isActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> observer) {
        if (expired()) {
            return;
        }
        respond(observer, parsed(ref).thenCompose(this::activity), ExternalScalerService::activeMessage);
    }

    @Override
    public void getMetricSpec(ScaledObjectRef ref, StreamObserver<GetMetricSpecResponse> observer) {
        if (expired()) {
            return;
        }
        respond(observer, parsed(ref).thenCompose(this::target), MetricMessages::spec);
    }

    @Override
    public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> observer) {
        if (expired()) {
            return;
        }
        CompletableFuture<Reading> reading = parsed(request.getScaledObjectRef()).thenCompose(t -> {
            String asked = KEDA_PREFIX.matcher(request.getMetricName()).replaceFirst("");
            if (!asked.isEmpty() && !asked.equals(t.metricName())) {
                return CompletableFuture.failedFuture(ScalerException.invalidArgument("metricName '"
                        + request.getMetricName() + "' is not this trigger's metric '" + t.metricName()
                        + "' (from GetMetricSpec); KEDA rebuilds the scaler when the ScaledObject changes, so"
                        + " re-apply the ScaledObject"));
            }
            return metrics(t);
        });
        respond(observer, reading, MetricMessages::value);
    }

    @Override
    public void streamIsActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> observer) {
        Trigger t;
        try {
            t = parser.parse(ref.getName(), ref.getNamespace(), ref.getScalerMetadataMap());
        } catch (ScalerException e) {
            observer.onError(e.status().asRuntimeException());
            return;
        }
        streams.open("StreamIsActive of " + describe(ref), observer,
                () -> activity(t).thenApply(ExternalScalerService::activeMessage));
    }

    @Override
    public void streamMetricSpec(ScaledObjectRef ref, StreamObserver<GetMetricSpecResponse> observer) {
        Trigger t;
        try {
            t = parser.parse(ref.getName(), ref.getNamespace(), ref.getScalerMetadataMap());
        } catch (ScalerException e) {
            observer.onError(e.status().asRuntimeException());
            return;
        }
        // The same function as GetMetricSpec, so the two never disagree (KEDA falls back to GetMetricSpec).
        streams.open("StreamMetricSpec of " + describe(ref), observer,
                () -> target(t).thenApply(MetricMessages::spec));
    }

    private CompletableFuture<Trigger> parsed(ScaledObjectRef ref) {
        try {
            return CompletableFuture.completedFuture(
                    parser.parse(ref.getName(), ref.getNamespace(), ref.getScalerMetadataMap()));
        } catch (ScalerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<MetricTarget> target(Trigger t) {
        if (t instanceof QueryTrigger q) {
            return CompletableFuture.completedFuture(new MetricTarget(q.metricName(), q.threshold()));
        }
        return fromSignal((SignalTrigger) t, reader::target);
    }

    private CompletableFuture<Reading> metrics(Trigger t) {
        return t instanceof QueryTrigger q ? query(q) : fromSignal((SignalTrigger) t, reader::forMetrics);
    }

    private CompletableFuture<Reading> activity(Trigger t) {
        return t instanceof QueryTrigger q ? query(q) : fromSignal((SignalTrigger) t, reader::forActivity);
    }

    /** A read of the in-memory view: answered at once, its refusal as a failed future. */
    private interface SignalRead<T> {
        T read(SignalTrigger t) throws ScalerException;
    }

    private static <T> CompletableFuture<T> fromSignal(SignalTrigger t, SignalRead<T> read) {
        try {
            return CompletableFuture.completedFuture(read.read(t));
        } catch (ScalerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Reading> query(QueryTrigger q) {
        if (passthrough == null) {
            return CompletableFuture.failedFuture(new ScalerException(Status.Code.FAILED_PRECONDITION,
                    "this omescale serves no PromQL passthrough (it was started without one); use a signal trigger,"
                            + " or start omescale with a prometheus section"));
        }
        // Activity compares the raw value, as KEDA's Prometheus scaler does.
        return passthrough.value(q).thenApply(v -> new Reading(q.metricName(), v, q.threshold(), v,
                q.activationThreshold()));
    }

    private static IsActiveResponse activeMessage(Reading r) {
        return IsActiveResponse.newBuilder().setResult(r.active()).build();
    }

    /** A call whose deadline passed before it ran: gRPC has already answered DEADLINE_EXCEEDED. */
    private static boolean expired() {
        return Context.current().isCancelled();
    }

    private static <R, M> void respond(StreamObserver<M> observer, CompletableFuture<R> result,
            Function<R, M> message) {
        result.whenComplete((value, error) -> {
            if (observer instanceof ServerCallStreamObserver<M> call && call.isCancelled()) {
                return; // deadline passed or the client went away while a query ran
            }
            try {
                if (error != null) {
                    Status status = PushStreams.statusOf(error);
                    LOG.debug("answering {}: {}", status.getCode(), status.getDescription());
                    observer.onError(status.asRuntimeException());
                } else {
                    observer.onNext(message.apply(value));
                    observer.onCompleted();
                }
            } catch (IllegalStateException | io.grpc.StatusRuntimeException closed) {
                // cancelled between the check and the answer; nothing to tell anyone
            }
        });
    }

    private static String describe(ScaledObjectRef ref) {
        return "ScaledObject " + ref.getNamespace() + "/" + ref.getName();
    }
}
