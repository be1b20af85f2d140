package dev.omescale.telemetry.signal;

/** The exporters whose metric names the catalog knows. */
public enum Dialect {
    VLLM_V1,
    /** Names vLLM used before V1 and removed since (e.g. {@code vllm:gpu_cache_usage_perc}). */
    VLLM_V0,
    SGLANG,
    DCGM
}
