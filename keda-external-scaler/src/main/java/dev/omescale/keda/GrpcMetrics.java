package dev.omescale.keda;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * KEDA's calls as metrics: requests by method and status code, and their latency by method. Mounted outermost, so
 * calls the concurrency limit refuses are counted too (as {@code RESOURCE_EXHAUSTED}). A push stream
 * ({@code StreamIsActive}) counts once, when it ends, with its whole lifetime as its duration.
 */
public final class GrpcMetrics implements ServerInterceptor {
    private final Counter requests;
    private final Histogram duration;

    public GrpcMetrics(PrometheusRegistry registry) {
        requests = Counter.builder()
                .name("omescale_keda_requests_total")
                .help("KEDA external scaler calls by method and gRPC status code")
                .labelNames("method", "code")
                .register(registry);
        duration = Histogram.builder()
                .name("omescale_keda_request_duration_seconds")
                .help("KEDA external scaler call latency by method, from the call's start to its status")
                .labelNames("method")
                .classicOnly()
                .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                        0.5, 1, 2.5, 5, 10)
                .register(registry);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        // Only the service's own methods reach here (gRPC answers unknown methods itself), so the label is bounded.
        String method = call.getMethodDescriptor().getBareMethodName();
        long start = System.nanoTime();
        AtomicBoolean recorded = new AtomicBoolean();
        ServerCall<Q, A> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                record(method, status.getCode(), start, recorded);
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener = next.startCall(timed, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                // The client went away (KEDA closing a stream, a deadline) before the server closed the call.
                record(method, Status.Code.CANCELLED, start, recorded);
                super.onCancel();
            }
        };
    }

    private void record(String method, Status.Code code, long start, AtomicBoolean recorded) {
        if (recorded.compareAndSet(false, true)) {
            requests.labelValues(method, code.name()).inc();
            duration.labelValues(method).observe((System.nanoTime() - start) / 1e9);
        }
    }
}
