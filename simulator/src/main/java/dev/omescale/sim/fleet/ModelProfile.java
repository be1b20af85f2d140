package dev.omescale.sim.fleet;

/**
 * The timing, memory and CPU figures of one model on one GPU type, as one engine replica runs it. Loaded from a
 * profile file ({@link ModelProfiles}); the shipped file names the public figures each value comes from.
 *
 * @param name                       the profile's key, e.g. {@code llama-3.1-8b-h100}
 * @param description                one line: model, precision, parallelism, GPU, engine
 * @param gpusPerReplica             GPUs one replica holds (GPU-hours count these)
 * @param stepSeconds                fixed cost of one iteration (weights read, launch overhead)
 * @param prefillSecondsPerToken     cost per prompt token prefilled in an iteration
 * @param decodeSecondsPerSequence   cost per sequence decoding in an iteration
 * @param attentionSecondsPerKvToken cost per KV token the decoding sequences attend to
 * @param maxBatchedTokens           tokens one iteration schedules at most (chunked prefill budget)
 * @param maxSequences               requests running at once at most
 * @param kvCacheTokens              KV cache capacity in tokens
 * @param maxModelTokens             longest prompt + output a replica accepts; longer requests are dropped
 * @param kvTransferSecondsPerToken  prefill → decode KV transfer cost per prompt token (P/D only)
 * @param kvTransferLatencySeconds   fixed part of that transfer
 * @param cpuRequestCores            the pod's CPU request, the denominator of HPA CPU utilization
 * @param cpuIdleCores               CPU used by an idle pod
 * @param cpuBusyCores               extra CPU while the GPU steps (engine core busy-polling)
 * @param cpuCoreSecondsPerRequest   CPU per request (HTTP, tokenizing, detokenizing)
 */
public record ModelProfile(String name, String description, int gpusPerReplica, double stepSeconds,
                           double prefillSecondsPerToken, double decodeSecondsPerSequence,
                           double attentionSecondsPerKvToken, int maxBatchedTokens, int maxSequences,
                           long kvCacheTokens, int maxModelTokens, double kvTransferSecondsPerToken,
                           double kvTransferLatencySeconds, double cpuRequestCores, double cpuIdleCores,
                           double cpuBusyCores, double cpuCoreSecondsPerRequest) {

    public ModelProfile {
        positive(name, "gpusPerReplica", gpusPerReplica);
        positive(name, "stepSeconds", stepSeconds);
        nonNegative(name, "prefillSecondsPerToken", prefillSecondsPerToken);
        nonNegative(name, "decodeSecondsPerSequence", decodeSecondsPerSequence);
        nonNegative(name, "attentionSecondsPerKvToken", attentionSecondsPerKvToken);
        positive(name, "maxBatchedTokens", maxBatchedTokens);
        positive(name, "maxSequences", maxSequences);
        positive(name, "kvCacheTokens", kvCacheTokens);
        positive(name, "maxModelTokens", maxModelTokens);
        nonNegative(name, "kvTransferSecondsPerToken", kvTransferSecondsPerToken);
        nonNegative(name, "kvTransferLatencySeconds", kvTransferLatencySeconds);
        positive(name, "cpuRequestCores", cpuRequestCores);
        nonNegative(name, "cpuIdleCores", cpuIdleCores);
        nonNegative(name, "cpuBusyCores", cpuBusyCores);
        nonNegative(name, "cpuCoreSecondsPerRequest", cpuCoreSecondsPerRequest);
    }

    /** Prefill throughput of one replica with nothing decoding, tokens per second (full token budget). */
    public double prefillTokensPerSecond() {
        return maxBatchedTokens / (stepSeconds + prefillSecondsPerToken * maxBatchedTokens);
    }

    private static void positive(String profile, String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("profile " + profile + ": " + field + " = " + v
                    + "; it must be a finite number above 0");
        }
    }

    private static void nonNegative(String profile, String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("profile " + profile + ": " + field + " = " + v
                    + "; it must be a finite number, 0 or more");
        }
    }
}
