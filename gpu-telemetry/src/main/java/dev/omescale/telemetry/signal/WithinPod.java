package dev.omescale.telemetry.signal;

/**
 * How several series of one metric inside one pod combine: vLLM writes one series per data-parallel engine,
 * SGLang one per scheduler rank, DCGM one per GPU.
 */
public enum WithinPod {
    SUM,
    AVERAGE
}
