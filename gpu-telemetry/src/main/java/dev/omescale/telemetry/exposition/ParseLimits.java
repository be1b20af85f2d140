package dev.omescale.telemetry.exposition;

/**
 * Bounds on what one page may cost to read. Exceeding any of them is an {@link ExpositionException} for that
 * page, so one broken or hostile exporter cannot exhaust the process.
 *
 * @param maxPageBytes       largest page accepted, in bytes (the scraper also caps the HTTP body)
 * @param maxSeries          most samples accepted from one page
 * @param maxLabelsPerSeries most labels on one sample
 * @param maxNameLength      longest metric or label name, in bytes
 * @param maxLabelValueLength longest label value, in bytes (before unescaping)
 */
public record ParseLimits(
        int maxPageBytes,
        int maxSeries,
        int maxLabelsPerSeries,
        int maxNameLength,
        int maxLabelValueLength) {

    /** Generous for real exporters (a busy vLLM page is about 100 KB and 1,500 samples). */
    public static final ParseLimits DEFAULT = new ParseLimits(16 * 1024 * 1024, 200_000, 64, 1024, 4096);

    public ParseLimits {
        if (maxPageBytes <= 0 || maxSeries <= 0 || maxLabelsPerSeries <= 0 || maxNameLength <= 0
                || maxLabelValueLength <= 0) {
            throw new IllegalArgumentException("parse limits must all be positive, got pageBytes=" + maxPageBytes
                    + " series=" + maxSeries + " labels=" + maxLabelsPerSeries + " name=" + maxNameLength
                    + " labelValue=" + maxLabelValueLength);
        }
    }
}
