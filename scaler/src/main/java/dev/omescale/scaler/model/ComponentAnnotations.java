package dev.omescale.scaler.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A component's annotations as OME merges them onto the component's objects: ISVC metadata annotations, then the
 * runtime's {@code <c>Config.annotations}, then {@code spec.<c>.annotations}, each later one winning. Each value
 * remembers where it was written, so that a problem points at the line to edit.
 */
public final class ComponentAnnotations {

    /** One annotation value and its origin. */
    public record Entry(String value, String object, String field) {
    }

    private final Map<String, Entry> entries;

    private ComponentAnnotations(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    static ComponentAnnotations merge(InferenceService isvc, ComponentKind kind, RuntimeDefaults runtime,
                                      ComponentSpec runtimeConfig, ComponentSpec isvcComponent) {
        Map<String, Entry> merged = new LinkedHashMap<>();
        put(merged, isvc.annotations(), isvc.key(), "metadata.annotations");
        if (runtimeConfig != null) {
            put(merged, runtimeConfig.annotations(), runtime.objectId(),
                    "spec." + kind.runtimeConfigField() + ".annotations");
        }
        if (isvcComponent != null) {
            put(merged, isvcComponent.annotations(), isvc.key(), "spec." + kind.word() + ".annotations");
        }
        return new ComponentAnnotations(merged);
    }

    /** Only the component-spec annotations (runtime config, then ISVC spec), as OME's per-component mode rule reads. */
    static ComponentAnnotations specOnly(InferenceService isvc, ComponentKind kind, RuntimeDefaults runtime,
                                         ComponentSpec runtimeConfig, ComponentSpec isvcComponent) {
        Map<String, Entry> merged = new LinkedHashMap<>();
        if (runtimeConfig != null) {
            put(merged, runtimeConfig.annotations(), runtime.objectId(),
                    "spec." + kind.runtimeConfigField() + ".annotations");
        }
        if (isvcComponent != null) {
            put(merged, isvcComponent.annotations(), isvc.key(), "spec." + kind.word() + ".annotations");
        }
        return new ComponentAnnotations(merged);
    }

    static ComponentAnnotations empty() {
        return new ComponentAnnotations(Map.of());
    }

    private static void put(Map<String, Entry> into, Map<String, String> annotations, String object, String path) {
        annotations.forEach((k, v) -> into.put(k, new Entry(v, object, path + "[\"" + k + "\"]")));
    }

    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The merged values, without origins. */
    public Map<String, String> values() {
        Map<String, String> out = new TreeMap<>();
        entries.forEach((k, e) -> out.put(k, e.value()));
        return Collections.unmodifiableMap(out);
    }

    /** The merged entries whose key starts with {@code prefix}. */
    public Map<String, Entry> withPrefix(String prefix) {
        Map<String, Entry> out = new LinkedHashMap<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix)) {
                out.put(k, e);
            }
        });
        return out;
    }
}
