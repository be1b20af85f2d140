package dev.omescale.sim.workload;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The shapes of synthetic load: request rate over time between a base and a peak rate, over a
 * duration {@code d}. Each shape starts and ends at the base rate so a run shows both scaling up and
 * scaling back down.
 */
public enum RatePattern {
    /** Base rate, then the peak rate from d/3 to 2d/3 (an instant rise and an instant fall), then base again. */
    STEP("base, peak from 1/3 to 2/3 of the duration, base again") {
        @Override
        double rate(double t, double base, double peak, double d) {
            return t >= d / 3 && t < 2 * d / 3 ? peak : base;
        }
    },
    /** Base rate with one short burst at the peak rate from d/2 for 5% of the duration. */
    SPIKE("base, a burst at the peak for 5% of the duration starting at the middle") {
        @Override
        double rate(double t, double base, double peak, double d) {
            return t >= d / 2 && t < 0.55 * d ? peak : base;
        }
    },
    /** Linear rise from base at 0 to peak at d/2, linear fall back to base at d. */
    RAMP("linear rise from base to peak over the first half, linear fall back over the second") {
        @Override
        double rate(double t, double base, double peak, double d) {
            double x = t <= d / 2 ? t / (d / 2) : (d - t) / (d / 2);
            return base + (peak - base) * Math.max(0, Math.min(1, x));
        }
    },
    /** One day compressed into the duration: a raised cosine from base (night, t = 0) to peak (midday, t = d/2). */
    DIURNAL("one day compressed into the duration: raised cosine, base at the start and end, peak at the middle") {
        @Override
        double rate(double t, double base, double peak, double d) {
            return base + (peak - base) * (1 - Math.cos(2 * Math.PI * t / d)) / 2;
        }
    };

    private final String shape;

    RatePattern(String shape) {
        this.shape = shape;
    }

    /** Requests per second at time {@code t} of a run of duration {@code d}. */
    abstract double rate(double t, double base, double peak, double d);

    /** The name used on the command line and in workload names: {@code step}, {@code spike}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line describing the shape. */
    public String shape() {
        return shape;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(RatePattern::id).toList();
    }

    /** The pattern with this id (case-insensitive), or an error listing the known ones. */
    public static RatePattern of(String id) {
        for (RatePattern p : values()) {
            if (p.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown synthetic pattern '" + id + "'; fix: use one of " + ids());
    }
}
