package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The recommendations one HPA remembers for stabilization, in slot order. The controller reuses slots (an old entry
 * is overwritten in place), so the order is not by time; it is kept as the controller keeps it.
 */
public record RecommendationHistory(List<Recommendation> entries) {

    private static final RecommendationHistory EMPTY = new RecommendationHistory(List.of());

    public RecommendationHistory {
        entries = List.copyOf(entries);
    }

    public static RecommendationHistory empty() {
        return EMPTY;
    }

    /**
     * The history the controller starts an HPA with on its first reconcile: the current replica count, now. So for
     * one stabilization window after a controller start or HPA creation, scale-down cannot go below that count.
     */
    public static RecommendationHistory seed(int currentReplicas, Instant now) {
        return new RecommendationHistory(List.of(new Recommendation(currentReplicas, now)));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** This history with slot {@code index} overwritten, or with {@code r} appended when {@code index} is -1. */
    RecommendationHistory store(int index, Recommendation r) {
        List<Recommendation> next = new ArrayList<>(entries);
        if (index >= 0) {
            next.set(index, r);
        } else {
            next.add(r);
        }
        return new RecommendationHistory(next);
    }
}
