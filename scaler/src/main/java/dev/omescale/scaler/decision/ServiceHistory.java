package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.ComponentKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine remembers about one InferenceService between ticks, per component. Immutable: each decision
 * returns the next history, and the caller keeps it (in memory, like the HPA controller; it is lost on restart).
 */
public record ServiceHistory(Map<ComponentKind, ComponentHistory> components) {
    private static final List<ComponentKind> KINDS = List.of(ComponentKind.values());

    private static final ServiceHistory EMPTY = new ServiceHistory(Map.of());

    public ServiceHistory {
        components = EnumMaps.copy(ComponentKind.class, components);
    }

    public static ServiceHistory empty() {
        return EMPTY;
    }

    /** The component's history, or the initial one for a component never decided. */
    public ComponentHistory component(ComponentKind kind) {
        ComponentHistory h = components.get(kind);
        return h == null ? ComponentHistory.initial() : h;
    }

    public ServiceHistory with(ComponentKind kind, ComponentHistory history) {
        Map<ComponentKind, ComponentHistory> next = new EnumMap<>(ComponentKind.class);
        next.putAll(components);
        next.put(kind, history);
        return new ServiceHistory(next);
    }

    /** This history with several components replaced at once. */
    ServiceHistory with(Map<ComponentKind, ComponentHistory> changed) {
        if (changed.isEmpty()) {
            return this;
        }
        EnumMap<ComponentKind, ComponentHistory> next = new EnumMap<>(ComponentKind.class);
        // key by key rather than putAll: putAll from a map that is not an EnumMap makes an entry per component
        for (int i = 0; i < KINDS.size(); i++) {
            ComponentKind kind = KINDS.get(i);
            ComponentHistory h = changed.get(kind);
            if (h == null) {
                h = components.get(kind);
            }
            if (h != null) {
                next.put(kind, h);
            }
        }
        return new ServiceHistory(EnumMaps.freeze(next));
    }

    /**
     * The hook for the realizer: the engine is pure and records every rescale it decides as if the write
     * succeeded (the HPA records scale events only after a successful update). When writing {@code kind}'s replicas
     * failed, call this on the decision's next history so the failed rescale does not count against the scale-up
     * or scale-down rate limits.
     */
    public ServiceHistory rescaleFailed(ComponentKind kind) {
        ComponentHistory h = components.get(kind);
        return h == null ? this : with(kind, h.withoutLastRescale());
    }
}
