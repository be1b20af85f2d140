package dev.omescale.bench;

import java.util.List;

/**
 * The observations behind one histogram series, as a mixture of distributions with their observation counts;
 * gives consistent cumulative buckets, {@code _count} and {@code _sum}.
 */
record HistogramModel(List<Part> parts, boolean integerValued) {

    record Part(Distribution distribution, double count) {
    }

    static HistogramModel of(Distribution distribution, double count, boolean integerValued) {
        return new HistogramModel(List.of(new Part(distribution, count)), integerValued);
    }

    double count() {
        double n = 0;
        for (Part p : parts) {
            n += p.count();
        }
        return n;
    }

    /** Observations at most {@code le}; rounding a monotone CDF keeps buckets cumulative. */
    double cumulative(double le) {
        if (le == Double.POSITIVE_INFINITY) {
            return count();
        }
        // Integer observations (token counts) fall in le=b when below b + 1/2 before rounding.
        double x = integerValued ? le + 0.5 : le;
        double n = 0;
        for (Part p : parts) {
            n += Math.round(p.count() * p.distribution().cdf(x));
        }
        return n;
    }

    double sum() {
        double s = 0;
        for (Part p : parts) {
            s += p.count() * p.distribution().mean();
        }
        return integerValued ? Math.round(s) : s;
    }
}
