package dev.omescale.scaler.policy;

import dev.omescale.scaler.model.AnnotationNames;
import dev.omescale.scaler.model.OmescaleSettings;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Duration;

/** The latency objectives {@link SloPolicy} keeps: each a p95 signal and the annotation that sets its target. */
public enum LatencySlo {
    /** Time to first token: queueing plus prefill. */
    TTFT("ttft_p95_seconds", AnnotationNames.SLO_TTFT_P95, "ttft p95"),
    /** Inter-token latency: one decode step of the batch. */
    ITL("itl_p95_seconds", AnnotationNames.SLO_ITL_P95, "itl p95");

    private final String signal;
    private final String annotation;
    private final String label;

    LatencySlo(String signal, String annotation, String label) {
        this.signal = signal;
        this.annotation = annotation;
        this.label = label;
    }

    /** The component signal with the observed p95, in seconds. */
    public String signal() {
        return signal;
    }

    /**
     * The token rate whose throughput this target is sized by: prompt tokens for time to first token (prefill's
     * work), generated tokens for inter-token latency (decode's).
     */
    public String tokenSignal() {
        return this == TTFT ? SignalCatalog.PROMPT_TOKEN_RATE : SignalCatalog.GENERATION_TOKEN_RATE;
    }

    /** The {@code omescale.dev/} annotation that sets the target. */
    public String annotation() {
        return annotation;
    }

    /** Short words for reasons, e.g. "ttft p95". */
    public String label() {
        return label;
    }

    /** The target in seconds, or null when the component has none. */
    public Double targetSeconds(OmescaleSettings settings) {
        Duration d = this == TTFT ? settings.sloTtftP95() : settings.sloItlP95();
        return d == null ? null : d.toNanos() / 1e9;
    }
}
