package dev.omescale.telemetry.promql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit. A Prometheus answer is small (a query for a scaling decision
 * returns a few series); a huge one means a query without aggregation or an address that is not Prometheus (a
 * ScaledObject's {@code serverAddress} can name any endpoint), and must not fill the heap.
 */
final class CappedBody {
    /** Far above any aggregated query's answer; a raw query over 10,000 series is about 2 MB. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    /** Thrown (as the body's failure) when the answer is larger than the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long size, int limit) {
            super("answer of " + (size < 0 ? "more than " + limit : size) + " bytes is over the limit of " + limit
                    + " bytes");
        }
    }

    private CappedBody() {
    }

    static HttpResponse.BodyHandler<byte[]> handler(int limit) {
        return info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new Subscriber(limit, declared);
        };
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final long declared;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Subscriber(int limit, long declared) {
            this.limit = limit;
            this.declared = declared;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > limit) {
                // Refused before reading: the connection is dropped, not drained.
                s.cancel();
                result.completeExceptionally(new TooLargeException(declared, limit));
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (out.size() + b.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLargeException(-1, limit));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.writeBytes(chunk);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
