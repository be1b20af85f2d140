package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.ReasonNumbers.num;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * @param points the learned load levels, in no particular order
 */
public record CapacityModel(List<Point> points) {

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
            long ageMillis = now.toEpochMilli() - updated.toEpochMilli();
            return ageMillis <= 0 ? weight : weight * Math.pow(0.5, ageMillis / (double) halfLife.toMillis());
        }
    }

    /** Points whose weight decays below this are forgotten: about 4.3 half-lives for a single observation. */
    static final double FORGET_WEIGHT = 0.05;

    public CapacityModel {
        points = List.copyOf(points);
    }

    public static CapacityModel empty() {
        return new CapacityModel(List.of());
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
        List<Point> out = new ArrayList<>(points.size() + 1);
        // the weight at now of each point in out, for eviction; NaN for the point just observed, which never goes
        double[] outWeights = new double[points.size() + 1];
        boolean merged = false;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double w = weights[i];
            if (p.bin() == bin) {
                double total = w + 1;
                outWeights[out.size()] = Double.NaN;
                out.add(new Point(bin, (p.load() * w + load) / total, (p.latency() * w + latency) / total, total,
                        now));
                merged = true;
            } else if (w >= FORGET_WEIGHT) {
                outWeights[out.size()] = w;
                out.add(p);
            }
        }
        if (!merged) {
            outWeights[out.size()] = Double.NaN;
            out.add(new Point(bin, load, latency, 1, now));
        }
        while (out.size() > config.maxPoints()) {
            // the least weighty other level goes (never the one just observed); ties drop the older, then the
            // lower level, so replays agree
            int evict = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).bin() != bin && (evict < 0 || before(out.get(i), outWeights[i], out.get(evict),
                        outWeights[evict]))) {
                    evict = i;
                }
            }
            out.remove(evict);
            System.arraycopy(outWeights, evict + 1, outWeights, evict, outWeights.length - evict - 1);
        }
        out.sort(BY_BIN);
        return new CapacityModel(out);
    }

    private static final Comparator<Point> BY_BIN = Comparator.comparingInt(Point::bin);

    /** Whether {@code a} goes before {@code b} when evicting: lighter, then older, then the lower level. */
    private static boolean before(Point a, double aWeight, Point b, double bWeight) {
        int c = Double.compare(aWeight, bWeight);
        if (c == 0) {
            c = a.updated().compareTo(b.updated());
        }
        if (c == 0) {
            c = Integer.compare(a.bin(), b.bin());
        }
        return c < 0;
    }

    /** Each point's weight at {@code now}, in the order of {@link #points()}. */
    double[] weightsAt(Instant now, SloConfig config) {
        double[] w = new double[points.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = points.get(i).weightAt(now, config.halfLife());
        }
        return w;
    }

    /** The weighted least-squares line through the points at {@code now}, and whether it can be trusted. */
    public Fit fit(Instant now, SloConfig config) {
        return fit(weightsAt(now, config), config);
    }

    /** {@link #fit(Instant, SloConfig)}, given the points' weights at that instant ({@link #weightsAt}). */
    Fit fit(double[] w, SloConfig config) {
        int n = points.size();
        if (n == 0) {
            return Fit.unusable(0, Unusable.NOTHING_LEARNED, 0, 0);
        }
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double minLoad = Double.MAX_VALUE;
        double maxLoad = 0;
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            sw += w[i];
            sx += w[i] * p.load();
            sy += w[i] * p.latency();
            minLoad = Math.min(minLoad, p.load());
            maxLoad = Math.max(maxLoad, p.load());
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
            Point p = points.get(i);
            double dx = p.load() - mx;
            double dy = p.latency() - my;
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
}
