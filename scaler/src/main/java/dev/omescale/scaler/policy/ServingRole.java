package dev.omescale.scaler.policy;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.util.List;
import java.util.Optional;

/**
 * What a component's pods do for a request, which decides the signals {@link SloPolicy} reads for it: an engine
 * without a decoder serves whole requests (both latencies matter), an engine with a decoder only prefills (time to
 * first token, its queue and prompt tokens), a decoder only decodes (inter-token latency, KV cache, generated
 * tokens).
 */
public enum ServingRole {
    UNIFIED(List.of(LatencySlo.TTFT, LatencySlo.ITL), true, List.of(SignalCatalog.REQUEST_RATE,
            SignalCatalog.PROMPT_TOKEN_RATE, SignalCatalog.GENERATION_TOKEN_RATE)),
    PREFILL(List.of(LatencySlo.TTFT), false, List.of(SignalCatalog.REQUEST_RATE, SignalCatalog.PROMPT_TOKEN_RATE)),
    DECODE(List.of(LatencySlo.ITL), true, List.of(SignalCatalog.REQUEST_RATE, SignalCatalog.GENERATION_TOKEN_RATE));

    private final List<LatencySlo> slos;
    private final boolean watchesKvCache;
    private final List<String> arrivalSignals;

    ServingRole(List<LatencySlo> slos, boolean watchesKvCache, List<String> arrivalSignals) {
        this.slos = slos;
        this.watchesKvCache = watchesKvCache;
        this.arrivalSignals = arrivalSignals;
    }

    /** The role of a component; empty for the router, which serves no tokens. */
    public static Optional<ServingRole> of(ComponentKind kind, boolean serviceHasDecoder) {
        return switch (kind) {
            case ENGINE -> Optional.of(serviceHasDecoder ? PREFILL : UNIFIED);
            case DECODER -> Optional.of(DECODE);
            case ROUTER -> Optional.empty();
        };
    }

    /** The objectives this role can move. */
    public List<LatencySlo> slos() {
        return slos;
    }

    /** Whether KV cache pressure is this role's saturation signal (prefill pods hold KV only briefly). */
    public boolean watchesKvCache() {
        return watchesKvCache;
    }

    /** The rates whose trend forecasts this role's demand, in requests and in its own tokens. */
    public List<String> arrivalSignals() {
        return arrivalSignals;
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
