package dev.omescale.adapter.api;

/**
 * A request the metrics API answers with a Kubernetes {@code Status}: the HTTP code, the Status {@code reason} and a
 * message that names the object, the input and the fix.
 */
public final class ApiError extends RuntimeException {
    private final int code;
    private final String reason;

    public ApiError(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    /** Unknown metric, resource or object. */
    public static ApiError notFound(String message) {
        return new ApiError(404, "NotFound", message);
    }

    /** Unparsable selector or parameter. */
    public static ApiError badRequest(String message) {
        return new ApiError(400, "BadRequest", message);
    }

    /** The object is known but has no fresh value: the HPA must hold, never read a stand-in 0. */
    public static ApiError unavailable(String message) {
        return new ApiError(503, "ServiceUnavailable", message);
    }

    /** Authenticated, but the authorizer (SubjectAccessReview) says no. */
    public static ApiError forbidden(String message) {
        return new ApiError(403, "Forbidden", message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "Unauthorized", message);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
