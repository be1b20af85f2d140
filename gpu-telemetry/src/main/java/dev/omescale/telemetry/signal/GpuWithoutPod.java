package dev.omescale.telemetry.signal;

/** A GPU that dcgm-exporter reports with no pod labels: idle, or held by something outside Kubernetes. */
public record GpuWithoutPod(String target, String node, String gpu) {
}
