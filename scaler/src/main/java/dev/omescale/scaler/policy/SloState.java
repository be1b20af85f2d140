package dev.omescale.scaler.policy;

import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Duration;
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
 * @param peakDemand the highest demand seen, decayed to {@code peakAt} ({@link SloConfig#burstMemory()})
 * @param peakAt     when {@code peakDemand} was last updated, null before the first tick
 * @param ttftTokens what it learned of prompt token throughput (time to first token is prefill's)
 * @param itlTokens  what it learned of generated token throughput (inter-token latency is decode's)
 */
public record SloState(CapacityModel ttft, CapacityModel itl, LoadSamples recent, int lastReady,
                       Instant readySince, double peakDemand, Instant peakAt, TokenCapacity ttftTokens,
                       TokenCapacity itlTokens) {

    public static final int MAX_SAMPLES = 256;

    private static final SloState INITIAL = new SloState(CapacityModel.empty(), CapacityModel.empty(),
            LoadSamples.EMPTY, -1, null);

    public SloState {
        ttftTokens = ttftTokens == null ? TokenCapacity.EMPTY : ttftTokens;
        itlTokens = itlTokens == null ? TokenCapacity.EMPTY : itlTokens;
    }

    /** One tick's demand and arrival rates; null where the component had no value. */
    public record LoadSample(Instant time, double concurrency, Double queue, Double requestRate,
                             Double promptTokenRate, Double generationTokenRate) {
    }

    /** A state without a remembered peak. */
    public SloState(CapacityModel ttft, CapacityModel itl, LoadSamples recent, int lastReady, Instant readySince) {
        this(ttft, itl, recent, lastReady, readySince, 0, null, TokenCapacity.EMPTY, TokenCapacity.EMPTY);
    }

    /** The remembered peak demand decayed to {@code now}: it halves every {@code memory}. */
    public double peakAt(Instant now, Duration memory) {
        if (peakAt == null || memory.isZero()) {
            return 0;
        }
        long age = Math.max(0, now.toEpochMilli() - peakAt.toEpochMilli());
        return peakDemand * Math.pow(0.5, age / (double) memory.toMillis());
    }

    SloState withPeak(double peak, Instant at) {
        return new SloState(ttft, itl, recent, lastReady, readySince, peak, at, ttftTokens, itlTokens);
    }

    /** What was learned of the token throughput that {@code slo} is sized by. */
    public TokenCapacity tokens(LatencySlo slo) {
        return slo == LatencySlo.TTFT ? ttftTokens : itlTokens;
    }

    SloState withTokens(LatencySlo slo, TokenCapacity t) {
        return slo == LatencySlo.TTFT
                ? new SloState(ttft, itl, recent, lastReady, readySince, peakDemand, peakAt, t, itlTokens)
                : new SloState(ttft, itl, recent, lastReady, readySince, peakDemand, peakAt, ttftTokens, t);
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
        return slo == LatencySlo.TTFT
                ? new SloState(m, itl, recent, lastReady, readySince, peakDemand, peakAt, ttftTokens, itlTokens)
                : new SloState(ttft, m, recent, lastReady, readySince, peakDemand, peakAt, ttftTokens, itlTokens);
    }

    /**
     * The recent ticks' samples, packed into rows of {@link #FIELDS} numbers per tick (the time in epoch
     * milliseconds, then concurrency, queue and the three arrival rates; NaN where the component had no value, which
     * the policy never stores as a value since it drops non-finite readings). Every component keeps a dozen of these
     * and replaces them every tick, so they are rows of one array rather than a list of records of boxed numbers.
     *
     * <p>Immutable, and equal when the numbers are. Successive states share one growing array: a sample set is the
     * rows {@code [from, to)} of it, and adding a sample writes the row after {@code to} in place when no other set
     * has claimed that row yet (the usual case: each tick extends the last state), else copies. Rows a set can see
     * are never written again, so a state handed out stays as it was, whoever extends it.
     */
    public static final class LoadSamples {
        static final int FIELDS = 6;
        static final int TIME = 0;
        static final int CONCURRENCY = 1;
        static final int QUEUE = 2;
        static final int REQUEST_RATE = 3;
        static final int PROMPT_TOKEN_RATE = 4;
        static final int GENERATION_TOKEN_RATE = 5;
        /** Rows of a fresh array beyond those copied into it, so that ticks extend it in place for a while. */
        private static final int SPARE_ROWS = 16;
        static final LoadSamples EMPTY = new LoadSamples(new Rows(0), 0, 0);

        /** The shared array and how many of its rows some set has claimed. */
        private static final class Rows {
            final double[] values;
            int claimed;

            Rows(int rows) {
                values = new double[rows * FIELDS];
            }

            int capacity() {
                return values.length / FIELDS;
            }
        }

        private final Rows rows;
        private final int from;
        private final int to;

        private LoadSamples(Rows rows, int from, int to) {
            this.rows = rows;
            this.from = from;
            this.to = to;
        }

        public int size() {
            return to - from;
        }

        long timeMillis(int i) {
            return (long) rows.values[(from + i) * FIELDS + TIME];
        }

        /** Field {@code field} of sample {@code i}; NaN when the component had no value. */
        double value(int i, int field) {
            return rows.values[(from + i) * FIELDS + field];
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
            int firstKept = n;
            boolean suffix = true; // whether the kept samples are the last ones, so the set can be extended in place
            for (int i = 0; i < n; i++) {
                if (keep(atMillis - timeMillis(i), windowMillis)) {
                    kept++;
                    firstKept = Math.min(firstKept, i);
                } else if (kept > 0) {
                    suffix = false;
                }
            }
            int skip = Math.max(0, kept + 1 - MAX_SAMPLES);
            if (suffix) {
                synchronized (rows) {
                    if (rows.claimed == to && to < rows.capacity()) {
                        rows.claimed = to + 1;
                        write(rows.values, to * FIELDS, atMillis, concurrency, queue, requestRate, promptTokenRate,
                                generationTokenRate);
                        return new LoadSamples(rows, from + firstKept + skip, to + 1);
                    }
                }
            }
            Rows out = new Rows(kept + 1 - skip + SPARE_ROWS);
            int at = 0;
            for (int i = 0; i < n; i++) {
                if (keep(atMillis - timeMillis(i), windowMillis)) {
                    if (skip > 0) {
                        skip--;
                    } else {
                        System.arraycopy(rows.values, (from + i) * FIELDS, out.values, at, FIELDS);
                        at += FIELDS;
                    }
                }
            }
            write(out.values, at, atMillis, concurrency, queue, requestRate, promptTokenRate, generationTokenRate);
            int size = at / FIELDS + 1;
            out.claimed = size;
            return new LoadSamples(out, 0, size);
        }

        private static void write(double[] values, int at, long atMillis, double concurrency, Double queue,
                                  Double requestRate, Double promptTokenRate, Double generationTokenRate) {
            values[at + TIME] = atMillis;
            values[at + CONCURRENCY] = concurrency;
            values[at + QUEUE] = orNaN(queue);
            values[at + REQUEST_RATE] = orNaN(requestRate);
            values[at + PROMPT_TOKEN_RATE] = orNaN(promptTokenRate);
            values[at + GENERATION_TOKEN_RATE] = orNaN(generationTokenRate);
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
            return o instanceof LoadSamples s && Arrays.equals(rows.values, from * FIELDS, to * FIELDS,
                    s.rows.values, s.from * FIELDS, s.to * FIELDS);
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (int i = from * FIELDS; i < to * FIELDS; i++) {
                long bits = Double.doubleToLongBits(rows.values[i]);
                h = 31 * h + (int) (bits ^ (bits >>> 32));
            }
            return h;
        }

        @Override
        public String toString() {
            return asList().toString();
        }
    }
}
