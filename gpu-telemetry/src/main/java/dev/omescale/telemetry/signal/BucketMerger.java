package dev.omescale.telemetry.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds bucket sets that share one layout. Summing buckets of different layouts (as {@code sum by (le)} does
 * across a fleet of mixed vLLM versions) skews the quantile, so sets with another layout are left out, and
 * the result says which and why.
 */
public final class BucketMerger {
    private BucketMerger() {
    }

    /**
     * @param merged   the summed set, or null when there was nothing to merge
     * @param excluded one sentence per set left out
     */
    public record Merged(BucketSet merged, List<String> excluded) {
    }

    /**
     * Merges {@code sets} on the layout most of them share (ties go to the layout with more observations, then
     * to the first seen).
     */
    public static Merged merge(String what, List<BucketSet> sets) {
        if (sets.isEmpty()) {
            return new Merged(null, List.of());
        }
        Map<BucketSet.Layout, List<BucketSet>> byLayout = new LinkedHashMap<>();
        for (BucketSet s : sets) {
            byLayout.computeIfAbsent(s.layout(), k -> new ArrayList<>()).add(s);
        }
        List<BucketSet> chosen = null;
        double chosenTotal = -1;
        for (List<BucketSet> group : byLayout.values()) {
            double total = group.stream().mapToDouble(BucketSet::total).sum();
            if (chosen == null || group.size() > chosen.size() || (group.size() == chosen.size() && total > chosenTotal)) {
                chosen = group;
                chosenTotal = total;
            }
        }
        BucketSet first = chosen.get(0);
        double[] counts = new double[first.counts().length];
        List<String> owners = new ArrayList<>();
        for (BucketSet s : chosen) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += s.counts()[i];
            }
            owners.add(s.owner());
        }
        List<String> excluded = new ArrayList<>();
        for (Map.Entry<BucketSet.Layout, List<BucketSet>> e : byLayout.entrySet()) {
            if (e.getValue() == chosen) {
                continue;
            }
            for (BucketSet s : e.getValue()) {
                excluded.add(what + ": " + s.owner() + " left out, its buckets (" + e.getKey()
                        + ") differ from the layout most share (" + first.layout() + ")");
            }
        }
        return new Merged(new BucketSet(String.join(",", owners), first.upperBounds(), counts), excluded);
    }
}
