package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.policy.ComponentInputs;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One tick's view of one InferenceService: its resolved spec, what was observed per component, and the tick's time.
 * A component of the spec with no entry in {@code components} (its workload was not observed yet) gets no decision
 * and keeps its history.
 */
public record ServiceInputs(ResolvedService service, Map<ComponentKind, ComponentInputs> components, Instant now) {

    public ServiceInputs {
        Objects.requireNonNull(service, "resolved service");
        Objects.requireNonNull(now, "now");
        components = EnumMaps.copy(ComponentKind.class, components);
    }
}
