package dev.omescale.scaler.view;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The view the servers hold: the loop that evaluates replaces the whole snapshot each tick, readers always see one
 * complete snapshot. Readers of several values in one call should take {@link #current()} once.
 */
public final class LatestScalingView implements ScalingView {
    private final AtomicReference<ScalingSnapshot> current;

    public LatestScalingView(ScalingSnapshot initial) {
        this.current = new AtomicReference<>(initial);
    }

    public void publish(ScalingSnapshot next) {
        current.set(next);
    }

    public ScalingSnapshot current() {
        return current.get();
    }

    @Override
    public TelemetryReport telemetry() {
        return current.get().telemetry();
    }

    @Override
    public Optional<DesiredReplicas> desiredReplicas(ComponentKey key) {
        return current.get().desiredReplicas(key);
    }

    @Override
    public Optional<EffectiveComponentSpec> spec(ComponentKey key) {
        return current.get().spec(key);
    }

    @Override
    public Optional<Integer> readyReplicas(ComponentKey key) {
        return current.get().readyReplicas(key);
    }
}
