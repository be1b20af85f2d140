package dev.omescale.telemetry.signal;

import java.util.List;
import java.util.Map;

/**
 * Every catalog signal for one pod over the window.
 *
 * @param inferenceService null for a pod known only from DCGM labels, with no engine target of its own
 * @param component        engine, decoder or router; null like {@code inferenceService}
 * @param signals          every catalog signal in catalog order; null where there is no data, never 0
 * @param dataTimeMillis   time of the newest scrape the values rest on, 0 when none
 * @param notes            why values are missing or partial
 */
public record PodSignals(
        String namespace,
        String pod,
        String inferenceService,
        String component,
        Map<String, Double> signals,
        long dataTimeMillis,
        List<String> notes) {

    public PodSignals {
        signals = SignalValues.freeze(signals);
        notes = List.copyOf(notes);
    }

    public Double get(String signal) {
        return signals.get(signal);
    }
}
