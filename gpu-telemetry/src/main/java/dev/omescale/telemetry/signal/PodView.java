package dev.omescale.telemetry.signal;

import dev.omescale.telemetry.store.SeriesSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The fresh series of one pod gathered from every target that reports on it (its engine, its GPUs). */
final class PodView {
    final PodRef ref;
    String inferenceService;
    String component;
    long dataTimeMillis;
    final Map<String, List<SeriesSnapshot>> byName = new HashMap<>();
    final Set<String> notes = new LinkedHashSet<>();

    PodView(PodRef ref) {
        this.ref = ref;
    }

    void add(SeriesSnapshot series, long scrapeMillis) {
        byName.computeIfAbsent(series.name(), k -> new ArrayList<>()).add(series);
        dataTimeMillis = Math.max(dataTimeMillis, scrapeMillis);
    }

    /** The series of a source metric in either spelling ({@code vllm:x} or {@code vllm_x}). */
    List<SeriesSnapshot> series(MetricSource source, String suffix) {
        List<SeriesSnapshot> colon = byName.getOrDefault(source.metric() + suffix, List.of());
        String underscore = source.underscoreForm() + suffix;
        if (underscore.equals(source.metric() + suffix)) {
            return colon;
        }
        List<SeriesSnapshot> other = byName.getOrDefault(underscore, List.of());
        if (other.isEmpty()) {
            return colon;
        }
        List<SeriesSnapshot> both = new ArrayList<>(colon);
        both.addAll(other);
        return both;
    }

    List<SeriesSnapshot> series(String name) {
        return byName.getOrDefault(name, List.of());
    }
}
