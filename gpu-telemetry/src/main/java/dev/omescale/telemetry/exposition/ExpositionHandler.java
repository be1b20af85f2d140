package dev.omescale.telemetry.exposition;

/**
 * Receives what the parser reads, in page order. The parser calls {@link #family} when a family's metadata is
 * complete (at its first sample, or at the end of the family if it has none) and {@link #sample} once per
 * sample line.
 */
public interface ExpositionHandler {

    /** A sample without a timestamp of its own. */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /**
     * A metric family. {@code help} and {@code unit} are null when the page gave none; {@code type} is
     * {@link MetricType#UNTYPED} (text) or {@link MetricType#UNKNOWN} (OpenMetrics) when it gave no TYPE.
     */
    default void family(String name, MetricType type, String help, String unit) {
    }

    /**
     * One sample. {@code family} is the family the sample belongs to ({@code x} for {@code x_bucket},
     * {@code x_sum}, {@code x_count}, {@code x_total}, {@code x_created} of a typed family {@code x}), or the
     * sample name itself when no TYPE claims it. Timestamps are in milliseconds since the epoch (OpenMetrics
     * seconds are converted), or {@link #NO_TIMESTAMP}.
     */
    void sample(String family, MetricType type, String name, Labels labels, double value, long timestampMillis);
}
