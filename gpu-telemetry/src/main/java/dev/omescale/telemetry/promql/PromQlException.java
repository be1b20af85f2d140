package dev.omescale.telemetry.promql;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A PromQL query that gave no usable number: the server refused it, did not answer in time, answered with
 * something that is not the Prometheus API, or returned a shape the caller cannot use. The message names the
 * server, the query and the fix; it never contains credentials.
 */
public final class PromQlException extends Exception {
    private final int httpStatus;
    private final String errorType;

    public PromQlException(String message) {
        this(message, null, 0, null);
    }

    public PromQlException(String message, Throwable cause) {
        this(message, cause, 0, null);
    }

    /**
     * @param httpStatus the HTTP status Prometheus answered with, 0 when there was no HTTP answer
     * @param errorType  Prometheus' {@code errorType} (e.g. {@code bad_data}, {@code timeout}), or null
     */
    public PromQlException(String message, Throwable cause, int httpStatus, String errorType) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorType = errorType;
    }

    /** The HTTP status of Prometheus' answer, empty when the request got none (timeout, refused, TLS). */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** Prometheus' {@code errorType}, such as {@code bad_data}, {@code execution} or {@code timeout}. */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }
}
