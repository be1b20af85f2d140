package dev.omescale.telemetry.signal;

import java.util.Arrays;

/**
 * A histogram's bucket increases over the window: cumulative counts per upper bound, the last bound +Inf.
 *
 * @param owner        who it came from, for explanations (a pod, or a series)
 * @param upperBounds  ascending {@code le} values, numerically (so "1" and "1.0" are one bound)
 * @param counts       cumulative increases per bound
 */
public record BucketSet(String owner, double[] upperBounds, double[] counts) {

    /** Whether two sets can be added: identical bounds. */
    public boolean sameLayout(BucketSet other) {
        return Arrays.equals(upperBounds, other.upperBounds);
    }

    public double total() {
        return counts.length == 0 ? 0 : counts[counts.length - 1];
    }

    /** The layout as a value, to group sets by it. */
    public Layout layout() {
        return new Layout(upperBounds);
    }

    /** Bucket bounds compared by value, usable as a map key. */
    public static final class Layout {
        private final double[] bounds;

        Layout(double[] bounds) {
            this.bounds = bounds;
        }

        public int size() {
            return bounds.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Layout l && Arrays.equals(l.bounds, bounds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bounds);
        }

        @Override
        public String toString() {
            return bounds.length + " buckets up to " + (bounds.length > 1 ? bounds[bounds.length - 2] : "+Inf");
        }
    }
}
