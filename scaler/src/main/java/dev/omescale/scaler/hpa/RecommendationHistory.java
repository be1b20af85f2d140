package dev.omescale.scaler.hpa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The recommendations one HPA remembers for stabilization, in slot order. The controller reuses slots (an old entry
 * is overwritten in place), so the order is not by time; it is kept as the controller keeps it.
 *
 * <p>Packed into one array ({@link #STRIDE} longs per entry: the epoch second, then the replicas in the high and the
 * nanosecond in the low 32 bits), because every
 * component's history is read at every tick and a list of records costs a cache miss per entry. Immutable; equal
 * when the entries are.
 */
public final class RecommendationHistory {
    private static final int STRIDE = 2;
    private static final RecommendationHistory EMPTY = new RecommendationHistory(new long[0]);

    private final long[] rows;

    private RecommendationHistory(long[] rows) {
        this.rows = rows;
    }

    public RecommendationHistory(List<Recommendation> entries) {
        this(pack(entries));
    }

    private static long[] pack(List<Recommendation> entries) {
        long[] rows = new long[entries.size() * STRIDE];
        for (int i = 0; i < entries.size(); i++) {
            write(rows, i, Objects.requireNonNull(entries.get(i), "recommendation"));
        }
        return rows;
    }

    private static void write(long[] rows, int i, Recommendation r) {
        rows[i * STRIDE] = r.timestamp().getEpochSecond();
        rows[i * STRIDE + 1] = ((long) r.replicas() << 32) | r.timestamp().getNano();
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

    /** The entries in slot order (a copy: the history keeps them packed). */
    public List<Recommendation> entries() {
        List<Recommendation> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(new Recommendation(replicas(i), Instant.ofEpochSecond(rows[i * STRIDE], nano(i))));
        }
        return out;
    }

    public boolean isEmpty() {
        return rows.length == 0;
    }

    int size() {
        return rows.length / STRIDE;
    }

    int replicas(int i) {
        return (int) (rows[i * STRIDE + 1] >> 32);
    }

    private int nano(int i) {
        return (int) rows[i * STRIDE + 1];
    }

    /** Whether entry {@code i} was made before {@code t}: {@code timestamp.isBefore(t)}. */
    boolean before(int i, Instant t) {
        long s = rows[i * STRIDE];
        return s < t.getEpochSecond() || (s == t.getEpochSecond() && nano(i) < t.getNano());
    }

    /** Whether entry {@code i} was made after {@code t}: {@code timestamp.isAfter(t)}. */
    boolean after(int i, Instant t) {
        long s = rows[i * STRIDE];
        return s > t.getEpochSecond() || (s == t.getEpochSecond() && nano(i) > t.getNano());
    }

    /** This history with slot {@code index} overwritten, or with {@code r} appended when {@code index} is -1. */
    RecommendationHistory store(int index, Recommendation r) {
        long[] next = Arrays.copyOf(rows, index >= 0 ? rows.length : rows.length + STRIDE);
        write(next, index >= 0 ? index : size(), r);
        return new RecommendationHistory(next);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecommendationHistory h && Arrays.equals(rows, h.rows);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rows);
    }

    @Override
    public String toString() {
        return "RecommendationHistory[entries=" + entries() + "]";
    }
}
