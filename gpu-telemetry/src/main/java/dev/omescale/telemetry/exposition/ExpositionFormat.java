package dev.omescale.telemetry.exposition;

import java.util.Locale;

/** The two text formats a target may answer in; chosen from the response's Content-Type. */
public enum ExpositionFormat {
    PROMETHEUS_TEXT,
    OPENMETRICS;

    /** What a scraper sends: OpenMetrics preferred, the classic text format as fallback. */
    public static final String ACCEPT_HEADER =
            "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /**
     * The format of a response with this Content-Type. Missing or unknown types fall back to the classic
     * text format, because dcgm-exporter sends none at all.
     */
    public static ExpositionFormat fromContentType(String contentType) {
        if (contentType != null
                && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/openmetrics-text")) {
            return OPENMETRICS;
        }
        return PROMETHEUS_TEXT;
    }
}
