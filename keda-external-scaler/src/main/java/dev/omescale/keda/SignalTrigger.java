package dev.omescale.keda;

import dev.omescale.scaler.view.ComponentKey;
import java.time.Duration;

/**
 * A trigger on one of omescale's signals (or its decision, {@code desired_replicas}) for one component.
 *
 * @param component        the InferenceService component to read
 * @param signal           a catalog signal name or {@link #DESIRED_REPLICAS}
 * @param target           the per-replica target as written, or null to default it from the component's
 *                         scaleMetric/scaleTarget
 * @param activationTarget active when the signal is strictly above this
 * @param window           the window as written, or null for the telemetry window
 */
public record SignalTrigger(ComponentKey component, String signal, Double target, double activationTarget,
        Duration window) implements Trigger {

    /** The decision engine's replicas for the component, served with target 1. */
    public static final String DESIRED_REPLICAS = "desired_replicas";

    public boolean desiredReplicas() {
        return DESIRED_REPLICAS.equals(signal);
    }

    /** {@code omescale-<component>-<signal>}: URL-safe, as the HPA reads it through the external metrics API path. */
    @Override
    public String metricName() {
        return "omescale-" + component.component().word() + "-" + signal;
    }
}
