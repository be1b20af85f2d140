package dev.omescale.scaler.view;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable {@link ScalingView}: one tick's signals, decisions, specs and ready counts. */
public record ScalingSnapshot(
        TelemetryReport telemetry,
        Map<ComponentKey, DesiredReplicas> decisions,
        Map<ComponentKey, EffectiveComponentSpec> specs,
        Map<ComponentKey, Integer> ready) implements ScalingView {

    public ScalingSnapshot {
        decisions = Map.copyOf(decisions);
        specs = Map.copyOf(specs);
        ready = Map.copyOf(ready);
    }

    /** Nothing known yet. */
    public static ScalingSnapshot empty(Duration window) {
        return new ScalingSnapshot(new TelemetryReport(0, window, List.of(), List.of(), List.of(), List.of()),
                Map.of(), Map.of(), Map.of());
    }

    @Override
    public Optional<DesiredReplicas> desiredReplicas(ComponentKey key) {
        return Optional.ofNullable(decisions.get(key));
    }

    @Override
    public Optional<EffectiveComponentSpec> spec(ComponentKey key) {
        return Optional.ofNullable(specs.get(key));
    }

    @Override
    public Optional<Integer> readyReplicas(ComponentKey key) {
        return Optional.ofNullable(ready.get(key));
    }
}
