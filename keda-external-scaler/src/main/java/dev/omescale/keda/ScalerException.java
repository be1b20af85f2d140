package dev.omescale.keda;

import io.grpc.Status;

/**
 * Why a call cannot be answered, with the gRPC status KEDA should see: INVALID_ARGUMENT for trigger metadata,
 * NOT_FOUND for an InferenceService or component omescale does not know, UNAVAILABLE for missing or stale data
 * (so that KEDA's fallback applies instead of a scale-down). The message names the object, the input and the fix.
 */
public final class ScalerException extends Exception {
    private final Status.Code code;

    public ScalerException(Status.Code code, String message) {
        // No stack trace: these are answers to callers, not bugs, and under load they are frequent.
        super(message, null, false, false);
        this.code = code;
    }

    public static ScalerException invalidArgument(String message) {
        return new ScalerException(Status.Code.INVALID_ARGUMENT, message);
    }

    public static ScalerException notFound(String message) {
        return new ScalerException(Status.Code.NOT_FOUND, message);
    }

    public static ScalerException unavailable(String message) {
        return new ScalerException(Status.Code.UNAVAILABLE, message);
    }

    public Status.Code code() {
        return code;
    }

    public Status status() {
        return Status.fromCode(code).withDescription(getMessage());
    }
}
