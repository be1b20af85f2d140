package dev.omescale.keda;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;

/** A server stream whose transport readiness the test sets, recording what the server wrote. */
final class FakeServerStream<T> extends ServerCallStreamObserver<T> {
    final List<T> sent = new ArrayList<>();
    Status error;
    boolean completed;
    boolean ready = true;
    Runnable onReady;
    Runnable onCancel;

    void becomeReady() {
        ready = true;
        onReady.run();
    }

    void cancel() {
        onCancel.run();
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {
        onCancel = onCancelHandler;
    }

    @Override
    public void setCompression(String compression) {
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {
        onReady = onReadyHandler;
    }

    @Override
    public void disableAutoInboundFlowControl() {
    }

    @Override
    public void request(int count) {
    }

    @Override
    public void setMessageCompression(boolean enable) {
    }

    @Override
    public void onNext(T value) {
        sent.add(value);
    }

    @Override
    public void onError(Throwable t) {
        error = Status.fromThrowable(t);
    }

    @Override
    public void onCompleted() {
        completed = true;
    }
}
