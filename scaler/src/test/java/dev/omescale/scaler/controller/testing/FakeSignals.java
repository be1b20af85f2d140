package dev.omescale.scaler.controller.testing;

import dev.omescale.scaler.controller.ComponentSignalsSource;
import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.policy.QueryValue;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signals set by the test: per component, the value of its PromQL query (the load in requests in flight) at every
 * tick, fresh. Components without a value get none, so their policies hold for lack of data.
 */
public final class FakeSignals implements ComponentSignalsSource {
    private final Map<ComponentKey, Double> load = new ConcurrentHashMap<>();

    public void set(String ns, String isvc, ComponentKind kind, double value) {
        load.put(new ComponentKey(ns, isvc, kind), value);
    }

    @Override
    public Snapshot snapshot(Instant now) {
        Map<ComponentKey, Double> values = Map.copyOf(load);
        return new Snapshot() {
            @Override
            public TelemetryReport report() {
                return new TelemetryReport(now.toEpochMilli(), Duration.ofMinutes(1), List.of(), List.of(),
                        List.of(), List.of());
            }

            @Override
            public ComponentSignalInputs component(ComponentKey key, EffectiveComponentSpec spec,
                    List<PodInfo> pods) {
                Double v = values.get(key);
                if (v == null) {
                    return ComponentSignalInputs.NONE;
                }
                ComponentSignals signals = new ComponentSignals(key.namespace(), key.inferenceService(),
                        key.component().word(), pods.stream().map(PodInfo::name).toList(),
                        Map.of("running_requests", v), Map.of("running_requests", pods.size()), now.toEpochMilli(),
                        List.of());
                return new ComponentSignalInputs(signals, List.of(), Map.of(), QueryValue.of(v, now), null);
            }
        };
    }
}
