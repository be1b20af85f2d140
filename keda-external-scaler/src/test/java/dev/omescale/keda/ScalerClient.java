package dev.omescale.keda;

import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.keda.proto.GetMetricsRequest;
import dev.omescale.keda.proto.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert;

/** A grpc-java client of the scaler over loopback, and ScaledObjectRefs built the way KEDA sends them. */
final class ScalerClient implements AutoCloseable {
    final ManagedChannel channel;
    final ExternalScalerGrpc.ExternalScalerBlockingStub stub;
    final ExternalScalerGrpc.ExternalScalerStub async;

    ScalerClient(ManagedChannel channel) {
        this.channel = channel;
        this.stub = ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        this.async = ExternalScalerGrpc.newStub(channel);
    }

    static ScalerClient plaintext(int port) {
        return new ScalerClient(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
    }

    /**
     * A ScaledObjectRef for ScaledObject {@code default/so} with KEDA's scalerAddress plus {@code keyValues}.
     */
    static ScaledObjectRef ref(String... keyValues) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("scalerAddress", "omescale.omescale-system:9443");
        for (int i = 0; i < keyValues.length; i += 2) {
            metadata.put(keyValues[i], keyValues[i + 1]);
        }
        return ScaledObjectRef.newBuilder().setName("so").setNamespace(Views.NS).putAllScalerMetadata(metadata)
                .build();
    }

    static GetMetricsRequest metrics(ScaledObjectRef ref, String metricName) {
        return GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName(metricName).build();
    }

    /** The error a call fails with. */
    static StatusRuntimeException failure(ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (StatusRuntimeException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a gRPC error, got " + t, t);
        }
        throw new AssertionError("expected a gRPC error, but the call succeeded");
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
