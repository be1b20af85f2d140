package dev.omescale.telemetry.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The validated standalone targets file: how often to scrape, how long to wait, what window to keep. */
public record TelemetryConfig(Duration scrapeInterval, Duration scrapeTimeout, Duration window, List<TargetConfig> targets) {

    public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SCRAPE_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    public TelemetryConfig {
        Objects.requireNonNull(scrapeInterval, "scrapeInterval");
        Objects.requireNonNull(scrapeTimeout, "scrapeTimeout");
        Objects.requireNonNull(window, "window");
        targets = List.copyOf(targets);
    }
}
