package dev.omescale.telemetry.signal;

import java.util.List;
import java.util.Map;

/**
 * Every catalog signal for one InferenceService component, aggregated over its pods as the catalog says.
 *
 * @param pods           the component's pods that have a target
 * @param signals        every catalog signal in catalog order; null where no pod has data
 * @param podsWithData   per signal, how many of {@code pods} contributed: a total over fewer pods than the
 *                       component has is a partial total, which a decision must not read as low load
 * @param dataTimeMillis time of the oldest contributing scrape, 0 when none
 * @param notes          pods left out of a value, and why
 */
public record ComponentSignals(
        String namespace,
        String inferenceService,
        String component,
        List<String> pods,
        Map<String, Double> signals,
        Map<String, Integer> podsWithData,
        long dataTimeMillis,
        List<String> notes) {

    public ComponentSignals {
        pods = List.copyOf(pods);
        signals = SignalValues.freeze(signals);
        podsWithData = Map.copyOf(podsWithData);
        notes = List.copyOf(notes);
    }

    public Double get(String signal) {
        return signals.get(signal);
    }
}
