package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.ReasonNumbers.num;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one component has taught {@link SloPolicy} about one latency: observed p95 against load per ready replica
 * (requests in flight), as a bounded, recency-weighted set of points, and the straight line through them.
 *
 * <p>Observations are merged into load levels {@code binWidth} wide (10 % by default), so a long steady load cannot
 * crowd out the rarer levels that give the fit its spread; a level's weight halves every {@code halfLife}, so the
 * line follows a changing workload (another prompt mix, a new engine version). The fit is weighted least squares in
 * closed form: two passes over at most {@code maxPoints} points, cheap enough for every component at every tick
 * (commons-math3's {@code SimpleRegression} has no weights, and its curve fitters iterate).
 *
 * <p>The points are packed into one array ({@link #STRIDE} longs per level: bin, load, latency and weight as double
 * bits, and the instant of the last observation in epoch nanoseconds, exact for any instant between 1678 and 2262),
 * sorted by level: every component's model is read at every tick, and a list of records each pointing at its own
 * {@link Instant} costs a cache miss per object, tens per component. Immutable; equal when the points are.
 */
public final class CapacityModel {

    /**
     * One load level.
     *
     * @param bin     the level's index: {@code floor(ln(load) / ln(1 + binWidth))}
     * @param load    weighted mean load per ready replica of the observations merged here
     * @param latency weighted mean observed p95, seconds
     * @param weight  the weight at {@code updated}; it decays from there
     * @param updated when the level last took an observation
     */
    public record Point(int bin, double load, double latency, double weight, Instant updated) {
        double weightAt(Instant now, Duration halfLife) {
            return CapacityModel.weightAt(weight, now.toEpochMilli() - updated.toEpochMilli(), halfLife.toMillis());
        }
    }

    /** Points whose weight decays below this are forgotten: about 4.3 half-lives for a single observation. */
    static final double FORGET_WEIGHT = 0.05;

    /** Longs per point: bin, load, latency, weight, updated. */
    private static final int STRIDE = 5;
    private static final int BIN = 0;
    private static final int LOAD = 1;
    private static final int LATENCY = 2;
    private static final int WEIGHT = 3;
    private static final int UPDATED = 4;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final CapacityModel EMPTY = new CapacityModel(new long[0]);

    private final long[] rows;

    private CapacityModel(long[] rows) {
        this.rows = rows;
    }

    /** A model of these points, sorted by level. */
    public CapacityModel(List<Point> points) {
        this(pack(points));
    }

    public static CapacityModel empty() {
        return EMPTY;
    }

    /** The learned load levels, sorted by level (a copy: the model keeps them packed). */
    public List<Point> points() {
        List<Point> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            long nanos = rows[i * STRIDE + UPDATED];
            out.add(new Point(bin(i), load(i), latency(i), weight(i), Instant.ofEpochSecond(
                    Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND))));
        }
        return out;
    }

    private static long[] pack(List<Point> points) {
        long[] rows = new long[points.size() * STRIDE];
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            write(rows, i, p.bin(), p.load(), p.latency(), p.weight(), nanos(p.updated()));
        }
        sortByBin(rows, points.size());
        return rows;
    }

    private static void write(long[] rows, int i, int bin, double load, double latency, double weight,
            long updatedNanos) {
        int at = i * STRIDE;
        rows[at + BIN] = bin;
        rows[at + LOAD] = Double.doubleToRawLongBits(load);
        rows[at + LATENCY] = Double.doubleToRawLongBits(latency);
        rows[at + WEIGHT] = Double.doubleToRawLongBits(weight);
        rows[at + UPDATED] = updatedNanos;
    }

    /** Insertion sort of the first {@code n} rows by bin: stable, and the rows are nearly always in order. */
    private static void sortByBin(long[] rows, int n) {
        long[] row = null;
        for (int i = 1; i < n; i++) {
            int j = i;
            if (rows[(j - 1) * STRIDE + BIN] <= rows[j * STRIDE + BIN]) {
                continue;
            }
            if (row == null) {
                row = new long[STRIDE];
            }
            System.arraycopy(rows, i * STRIDE, row, 0, STRIDE);
            while (j > 0 && rows[(j - 1) * STRIDE + BIN] > row[BIN]) {
                System.arraycopy(rows, (j - 1) * STRIDE, rows, j * STRIDE, STRIDE);
                j--;
            }
            System.arraycopy(row, 0, rows, j * STRIDE, STRIDE);
        }
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), NANOS_PER_SECOND), t.getNano());
    }

    int size() {
        return rows.length / STRIDE;
    }

    private int bin(int i) {
        return (int) rows[i * STRIDE + BIN];
    }

    private double load(int i) {
        return Double.longBitsToDouble(rows[i * STRIDE + LOAD]);
    }

    private double latency(int i) {
        return Double.longBitsToDouble(rows[i * STRIDE + LATENCY]);
    }

    private double weight(int i) {
        return Double.longBitsToDouble(rows[i * STRIDE + WEIGHT]);
    }

    private long updatedNanos(int i) {
        return rows[i * STRIDE + UPDATED];
    }

    /** A weight {@code ageMillis} after it was set: it halves every {@code halfLifeMillis}. */
    private static double weightAt(double weight, long ageMillis, long halfLifeMillis) {
        return ageMillis <= 0 ? weight : weight * Math.pow(0.5, ageMillis / (double) halfLifeMillis);
    }

    /** The model after learning that at {@code load} per ready replica the p95 was {@code latency}. */
    public CapacityModel observe(double load, double latency, Instant now, SloConfig config) {
        return observe(load, latency, now, config, weightsAt(now, config));
    }

    /** {@link #observe}, given the points' weights at {@code now} ({@link #weightsAt}), which {@link #fit} used too. */
    CapacityModel observe(double load, double latency, Instant now, SloConfig config, double[] weights) {
        if (!(load > 0) || !(latency >= 0) || Double.isInfinite(load) || Double.isInfinite(latency)) {
            return this;
        }
        int bin = (int) Math.floor(Math.log(load) / Math.log1p(config.binWidth()));
        long nowNanos = nanos(now);
        int n = size();
        // first count the points that stay, so the new array is allocated once at its size
        int m = 0;
        boolean merged = false;
        for (int i = 0; i < n; i++) {
            if (bin(i) == bin) {
                merged = true;
                m++;
            } else if (weights[i] >= FORGET_WEIGHT) {
                m++;
            }
        }
        if (!merged) {
            m++;
        }
        long[] out = new long[m * STRIDE];
        // the weight at now of each point in out, for eviction only; NaN for the point just observed, which never
        // goes
        double[] outWeights = m > config.maxPoints() ? new double[m] : null;
        int k = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (bin(i) == bin) {
                double total = w + 1;
                write(out, k, bin, (load(i) * w + load) / total, (latency(i) * w + latency) / total, total,
                        nowNanos);
                if (outWeights != null) {
                    outWeights[k] = Double.NaN;
                }
                k++;
            } else if (w >= FORGET_WEIGHT) {
                System.arraycopy(rows, i * STRIDE, out, k * STRIDE, STRIDE);
                if (outWeights != null) {
                    outWeights[k] = w;
                }
                k++;
            }
        }
        if (!merged) {
            write(out, k, bin, load, latency, 1, nowNanos);
            if (outWeights != null) {
                outWeights[k] = Double.NaN;
            }
        }
        while (m > config.maxPoints()) {
            // the least weighty other level goes (never the one just observed); ties drop the older, then the
            // lower level, so replays agree
            int evict = -1;
            for (int i = 0; i < m; i++) {
                if (out[i * STRIDE + BIN] != bin && (evict < 0 || before(out, i, outWeights[i], evict,
                        outWeights[evict]))) {
                    evict = i;
                }
            }
            System.arraycopy(out, (evict + 1) * STRIDE, out, evict * STRIDE, (m - evict - 1) * STRIDE);
            System.arraycopy(outWeights, evict + 1, outWeights, evict, m - evict - 1);
            m--;
        }
        sortByBin(out, m);
        return new CapacityModel(m * STRIDE == out.length ? out : Arrays.copyOf(out, m * STRIDE));
    }

    /** Whether row {@code a} goes before row {@code b} when evicting: lighter, then older, then the lower level. */
    private static boolean before(long[] rows, int a, double aWeight, int b, double bWeight) {
        int c = Double.compare(aWeight, bWeight);
        if (c == 0) {
            c = Long.compare(rows[a * STRIDE + UPDATED], rows[b * STRIDE + UPDATED]);
        }
        if (c == 0) {
            c = Long.compare(rows[a * STRIDE + BIN], rows[b * STRIDE + BIN]);
        }
        return c < 0;
    }

    /** Each point's weight at {@code now}, in level order. */
    double[] weightsAt(Instant now, SloConfig config) {
        long nowMillis = now.toEpochMilli();
        long halfLifeMillis = config.halfLife().toMillis();
        double[] w = new double[size()];
        for (int i = 0; i < w.length; i++) {
            // Instant.toEpochMilli of the update, from its nanoseconds
            w[i] = weightAt(weight(i), nowMillis - Math.floorDiv(updatedNanos(i), 1_000_000L), halfLifeMillis);
        }
        return w;
    }

    /** The weighted least-squares line through the points at {@code now}, and whether it can be trusted. */
    public Fit fit(Instant now, SloConfig config) {
        return fit(weightsAt(now, config), config);
    }

    /** {@link #fit(Instant, SloConfig)}, given the points' weights at that instant ({@link #weightsAt}). */
    Fit fit(double[] w, SloConfig config) {
        int n = size();
        if (n == 0) {
            return Fit.unusable(0, Unusable.NOTHING_LEARNED, 0, 0);
        }
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double minLoad = Double.MAX_VALUE;
        double maxLoad = 0;
        for (int i = 0; i < n; i++) {
            double load = load(i);
            sw += w[i];
            sx += w[i] * load;
            sy += w[i] * latency(i);
            minLoad = Math.min(minLoad, load);
            maxLoad = Math.max(maxLoad, load);
        }
        if (n < config.fitMinPoints()) {
            return Fit.unusable(n, Unusable.TOO_FEW_LEVELS, n, config.fitMinPoints());
        }
        if (maxLoad < minLoad * config.fitMinLoadSpread()) {
            return Fit.unusable(n, Unusable.TOO_LITTLE_SPREAD, maxLoad / minLoad, config.fitMinLoadSpread());
        }
        double mx = sx / sw;
        double my = sy / sw;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = load(i) - mx;
            double dy = latency(i) - my;
            sxx += w[i] * dx * dx;
            sxy += w[i] * dx * dy;
            syy += w[i] * dy * dy;
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double r2 = syy == 0 ? 0 : sxy * sxy / (sxx * syy);
        if (!(slope > 0)) {
            return Fit.unusable(n, Unusable.NOT_RISING, slope, 0);
        }
        if (r2 < config.fitMinR2()) {
            return Fit.unusable(n, Unusable.LOW_R2, r2, config.fitMinR2());
        }
        return new Fit(intercept, slope, r2, n, minLoad, maxLoad, null, 0, 0);
    }

    /** Why a fit must not be used; the text is written only when read ({@link Fit#problem()}). */
    enum Unusable {
        NOTHING_LEARNED, TOO_FEW_LEVELS, TOO_LITTLE_SPREAD, NOT_RISING, LOW_R2
    }

    /**
     * A latency line {@code intercept + slope × load} over the learned loads.
     *
     * @param unusable why the fit must not be used, null when it may
     * @param found    for an unusable fit, the figure that failed: the level count, the load spread, the slope or R²
     * @param needed   for an unusable fit, what that figure needed to be
     */
    public record Fit(double intercept, double slope, double r2, int points, double minLoad, double maxLoad,
                      Unusable unusable, double found, double needed) {
        static Fit unusable(int points, Unusable why, double found, double needed) {
            return new Fit(Double.NaN, Double.NaN, Double.NaN, points, Double.NaN, Double.NaN, why, found, needed);
        }

        public boolean usable() {
            return unusable == null;
        }

        /** Why the fit must not be used, null when it may. */
        public String problem() {
            if (unusable == null) {
                return null;
            }
            return switch (unusable) {
                case NOTHING_LEARNED -> "nothing learned yet";
                case TOO_FEW_LEVELS -> points + " load levels learned, " + (int) needed + " needed";
                case TOO_LITTLE_SPREAD -> "loads learned span " + num(found) + "×, " + num(needed) + "× needed";
                case NOT_RISING -> "latency does not rise with load (slope " + num(found) + " s per request)";
                case LOW_R2 -> "R² " + num(found) + " below " + num(needed);
            };
        }

        public double predict(double load) {
            return intercept + slope * load;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapacityModel m && Arrays.equals(rows, m.rows);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rows);
    }

    @Override
    public String toString() {
        return "CapacityModel[points=" + points() + "]";
    }
}
