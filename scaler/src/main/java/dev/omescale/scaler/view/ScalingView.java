package dev.omescale.scaler.view;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.util.Optional;

/**
 * What the servers (KEDA external scaler, metrics API) read: the latest signals, decisions and specs, all held in
 * memory so that every call is cheap. Implementations are safe to read from any thread; what one call returns is
 * one consistent snapshot.
 */
public interface ScalingView {

    /** The latest signals; an empty report before the first evaluation. */
    TelemetryReport telemetry();

    /** The latest decision for a component, if the engine has decided for it. */
    Optional<DesiredReplicas> desiredReplicas(ComponentKey key);

    /** The component's effective scaling spec, if its InferenceService is known. */
    Optional<EffectiveComponentSpec> spec(ComponentKey key);

    /** Ready pods of the component, if known (from its workload in a cluster, from fresh targets standalone). */
    Optional<Integer> readyReplicas(ComponentKey key);
}
