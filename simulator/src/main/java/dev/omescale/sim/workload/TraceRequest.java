package dev.omescale.sim.workload;

/**
 * One request of a workload: when it arrives (seconds from the start of the trace, virtual clock),
 * how many prompt tokens it brings and how many tokens it generates.
 */
public record TraceRequest(double arrivalSeconds, int promptTokens, int outputTokens) {
    public TraceRequest {
        if (!(arrivalSeconds >= 0) || Double.isInfinite(arrivalSeconds)) {
            throw new IllegalArgumentException("arrivalSeconds must be finite and >= 0, got " + arrivalSeconds);
        }
        if (promptTokens < 1) {
            throw new IllegalArgumentException("promptTokens must be >= 1, got " + promptTokens);
        }
        if (outputTokens < 1) {
            throw new IllegalArgumentException("outputTokens must be >= 1, got " + outputTokens);
        }
    }
}
