package dev.omescale.telemetry.exposition;

/**
 * What one parsed page held.
 *
 * @param lines    lines read (a final line without a newline counts; an OpenMetrics page counts up to {@code # EOF})
 * @param families families announced to the handler, including those with metadata but no samples
 * @param samples  samples delivered to the handler
 */
public record ParseSummary(int lines, int families, int samples) {
}
