package dev.omescale.scaler.policy;

import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SloPolicy} carries between ticks of one component.
 *
 * @param ttft       what it learned of time to first token against load
 * @param itl        what it learned of inter-token latency against load
 * @param samples    the recent ticks' demand and arrival rates, oldest first, for trends; bounded by the trend window
 *                   and {@link #MAX_SAMPLES}
 * @param lastReady  the ready count at the last tick, -1 before the first
 * @param readySince when the ready count last changed, null before the first tick
 * @param peakDemand the highest demand seen, decayed to {@code peakAt} ({@link SloConfig#burstMemory()})
 * @param peakAt     when {@code peakDemand} was last updated, null before the first tick
 */
public record SloState(CapacityModel ttft, CapacityModel itl, List<LoadSample> samples, int lastReady,
                       Instant readySince, double peakDemand, Instant peakAt) {

    public static final int MAX_SAMPLES = 256;

    /** One tick's demand and arrival rates; null where the component had no value. */
    public record LoadSample(Instant time, double concurrency, Double queue, Double requestRate,
                             Double promptTokenRate, Double generationTokenRate) {
        /** The value of an arrival signal of {@link ServingRole#arrivalSignals()}. */
        public Double rate(String signal) {
            return switch (signal) {
                case SignalCatalog.REQUEST_RATE -> requestRate;
                case SignalCatalog.PROMPT_TOKEN_RATE -> promptTokenRate;
                case SignalCatalog.GENERATION_TOKEN_RATE -> generationTokenRate;
                default -> throw new IllegalArgumentException("not an arrival signal: " + signal);
            };
        }
    }

    public SloState {
        samples = List.copyOf(samples);
    }

    /** A state without a remembered peak. */
    public SloState(CapacityModel ttft, CapacityModel itl, List<LoadSample> samples, int lastReady,
                    Instant readySince) {
        this(ttft, itl, samples, lastReady, readySince, 0, null);
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
        return new SloState(ttft, itl, samples, lastReady, readySince, peak, at);
    }

    public static SloState initial() {
        return new SloState(CapacityModel.empty(), CapacityModel.empty(), List.of(), -1, null);
    }

    public CapacityModel model(LatencySlo slo) {
        return slo == LatencySlo.TTFT ? ttft : itl;
    }

    SloState withModel(LatencySlo slo, CapacityModel m) {
        return slo == LatencySlo.TTFT ? new SloState(m, itl, samples, lastReady, readySince, peakDemand, peakAt)
                : new SloState(ttft, m, samples, lastReady, readySince, peakDemand, peakAt);
    }

    /** The last sample taken before {@code now} and within {@code window} of it, or null. */
    LoadSample previous(Instant now, Duration window) {
        long at = now.toEpochMilli();
        for (int i = samples.size() - 1; i >= 0; i--) {
            LoadSample s = samples.get(i);
            long age = at - s.time().toEpochMilli();
            if (age > 0) {
                return age < window.toMillis() ? s : null;
            }
        }
        return null;
    }

    /** The samples with {@code s} added and those a window older than it (or from after it) dropped. */
    List<LoadSample> samplesWith(LoadSample s, Duration window) {
        List<LoadSample> out = new ArrayList<>(samples.size() + 1);
        long windowMillis = window.toMillis();
        long at = s.time().toEpochMilli();
        for (LoadSample old : samples) {
            long age = at - old.time().toEpochMilli();
            if (age >= 0 && age < windowMillis) {
                out.add(old);
            }
        }
        out.add(s);
        return out.size() > MAX_SAMPLES ? out.subList(out.size() - MAX_SAMPLES, out.size()) : out;
    }
}
