package dev.omescale.scaler.policy;

import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link SloPolicy} carries between ticks of one component.
 *
 * @param ttft       what it learned of time to first token against load
 * @param itl        what it learned of inter-token latency against load
 * @param recent     the recent ticks' demand and arrival rates, oldest first, for trends; bounded by the trend window
 *                   and {@link #MAX_SAMPLES}
 * @param lastReady  the ready count at the last tick, -1 before the first
 * @param readySince when the ready count last changed, null before the first tick
 */
public record SloState(CapacityModel ttft, CapacityModel itl, LoadSamples recent, int lastReady,
                       Instant readySince) {

    public static final int MAX_SAMPLES = 256;

    private static final SloState INITIAL = new SloState(CapacityModel.empty(), CapacityModel.empty(),
            LoadSamples.EMPTY, -1, null);

    /** One tick's demand and arrival rates; null where the component had no value. */
    public record LoadSample(Instant time, double concurrency, Double queue, Double requestRate,
                             Double promptTokenRate, Double generationTokenRate) {
    }

    public static SloState initial() {
        return INITIAL;
    }

    /** The recent samples as records, oldest first (a copy: the state keeps them packed). */
    public List<LoadSample> samples() {
        return recent.asList();
    }

    public CapacityModel model(LatencySlo slo) {
        return slo == LatencySlo.TTFT ? ttft : itl;
    }

    SloState withModel(LatencySlo slo, CapacityModel m) {
        return slo == LatencySlo.TTFT ? new SloState(m, itl, recent, lastReady, readySince)
                : new SloState(ttft, m, recent, lastReady, readySince);
    }

    /**
     * The recent ticks' samples, packed into one array of {@link #FIELDS} numbers per tick (the time in epoch
     * milliseconds, then concurrency, queue and the three arrival rates; NaN where the component had no value, which
     * the policy never stores as a value since it drops non-finite readings). Every component keeps a dozen of these
     * and replaces them every tick, so they are one array rather than a list of records of boxed numbers. Immutable;
     * equal when the numbers are.
     */
    public static final class LoadSamples {
        static final int FIELDS = 6;
        static final int TIME = 0;
        static final int CONCURRENCY = 1;
        static final int QUEUE = 2;
        static final int REQUEST_RATE = 3;
        static final int PROMPT_TOKEN_RATE = 4;
        static final int GENERATION_TOKEN_RATE = 5;
        static final LoadSamples EMPTY = new LoadSamples(new double[0]);

        private final double[] values;

        private LoadSamples(double[] values) {
            this.values = values;
        }

        public int size() {
            return values.length / FIELDS;
        }

        long timeMillis(int i) {
            return (long) values[i * FIELDS + TIME];
        }

        /** Field {@code field} of sample {@code i}; NaN when the component had no value. */
        double value(int i, int field) {
            return values[i * FIELDS + field];
        }

        /** The field that holds an arrival signal of {@link ServingRole#arrivalSignals()}. */
        static int field(String arrivalSignal) {
            return switch (arrivalSignal) {
                case SignalCatalog.REQUEST_RATE -> REQUEST_RATE;
                case SignalCatalog.PROMPT_TOKEN_RATE -> PROMPT_TOKEN_RATE;
                case SignalCatalog.GENERATION_TOKEN_RATE -> GENERATION_TOKEN_RATE;
                default -> throw new IllegalArgumentException("not an arrival signal: " + arrivalSignal);
            };
        }

        /** The index of the last sample taken before {@code nowMillis} and within {@code windowMillis} of it, or -1. */
        int previous(long nowMillis, long windowMillis) {
            for (int i = size() - 1; i >= 0; i--) {
                long age = nowMillis - timeMillis(i);
                if (age > 0) {
                    return age < windowMillis ? i : -1;
                }
            }
            return -1;
        }

        /**
         * These samples with one for {@code atMillis} added, and those a window older than it (or from after it)
         * dropped; at most {@link #MAX_SAMPLES}, the oldest going first. A null value is stored as NaN.
         */
        LoadSamples with(long atMillis, double concurrency, Double queue, Double requestRate, Double promptTokenRate,
                         Double generationTokenRate, long windowMillis) {
            int n = size();
            int kept = 0;
            for (int i = 0; i < n; i++) {
                if (keep(atMillis - timeMillis(i), windowMillis)) {
                    kept++;
                }
            }
            int skip = Math.max(0, kept + 1 - MAX_SAMPLES);
            double[] out = new double[(kept + 1 - skip) * FIELDS];
            int at = 0;
            for (int i = 0; i < n; i++) {
                if (keep(atMillis - timeMillis(i), windowMillis)) {
                    if (skip > 0) {
                        skip--;
                    } else {
                        System.arraycopy(values, i * FIELDS, out, at, FIELDS);
                        at += FIELDS;
                    }
                }
            }
            out[at + TIME] = atMillis;
            out[at + CONCURRENCY] = concurrency;
            out[at + QUEUE] = orNaN(queue);
            out[at + REQUEST_RATE] = orNaN(requestRate);
            out[at + PROMPT_TOKEN_RATE] = orNaN(promptTokenRate);
            out[at + GENERATION_TOKEN_RATE] = orNaN(generationTokenRate);
            return new LoadSamples(out);
        }

        private static boolean keep(long age, long windowMillis) {
            return age >= 0 && age < windowMillis;
        }

        private static double orNaN(Double v) {
            return v == null ? Double.NaN : v;
        }

        private static Double orNull(double v) {
            return Double.isNaN(v) ? null : v;
        }

        LoadSample get(int i) {
            return new LoadSample(Instant.ofEpochMilli(timeMillis(i)), value(i, CONCURRENCY),
                    orNull(value(i, QUEUE)), orNull(value(i, REQUEST_RATE)), orNull(value(i, PROMPT_TOKEN_RATE)),
                    orNull(value(i, GENERATION_TOKEN_RATE)));
        }

        List<LoadSample> asList() {
            List<LoadSample> out = new ArrayList<>(size());
            for (int i = 0; i < size(); i++) {
                out.add(get(i));
            }
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LoadSamples s && Arrays.equals(values, s.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return asList().toString();
        }
    }
}
