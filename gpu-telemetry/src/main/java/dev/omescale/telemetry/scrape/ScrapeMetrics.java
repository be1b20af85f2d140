package dev.omescale.telemetry.scrape;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;

/**
 * Scrape duration, errors and up per target, on omescale's own {@code /metrics}.
 *
 * <p>A target is labelled by what it serves, never by its URL: {@code target} is the pod for an engine target and
 * the exporter's {@code host:port} otherwise (one DCGM exporter per node, so bounded by the node count), with the
 * InferenceService labels where the target names them (empty otherwise).
 */
public final class ScrapeMetrics implements ScrapeObserver {
    static final String[] LABELS = {"kind", "namespace", "inferenceservice", "component", "target"};

    private final Histogram duration;
    private final Counter errors;
    private final Counter scrapes;
    private final Gauge up;

    public ScrapeMetrics(PrometheusRegistry registry) {
        duration = Histogram.builder()
                .name("omescale_scrape_duration_seconds")
                .help("Time to fetch and parse one exporter page, failures included")
                .labelNames(LABELS)
                .classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        scrapes = Counter.builder()
                .name("omescale_scrapes_total")
                .help("Scrapes attempted per target")
                .labelNames(LABELS)
                .register(registry);
        errors = Counter.builder()
                .name("omescale_scrape_errors_total")
                .help("Scrapes that failed (unreachable, timeout, HTTP error, unparsable page) per target")
                .labelNames(LABELS)
                .register(registry);
        up = Gauge.builder()
                .name("omescale_scrape_up")
                .help("1 when the target's last scrape succeeded, else 0")
                .labelNames(LABELS)
                .register(registry);
    }

    @Override
    public void scraped(ScrapeResult result) {
        String[] labels = labelValues(result.target());
        duration.labelValues(labels).observe(result.duration().toNanos() / 1e9);
        scrapes.labelValues(labels).inc();
        if (!result.ok()) {
            errors.labelValues(labels).inc();
        } else {
            // Create the error series at 0 so rate() over it exists before the first failure.
            errors.labelValues(labels);
        }
        up.labelValues(labels).set(result.ok() ? 1 : 0);
    }

    @Override
    public void removed(ScrapeTarget target) {
        String[] labels = labelValues(target);
        duration.remove(labels);
        scrapes.remove(labels);
        errors.remove(labels);
        up.remove(labels);
    }

    static String[] labelValues(ScrapeTarget t) {
        return new String[] {t.kind().word(), orEmpty(t.namespace()), orEmpty(t.inferenceService()),
            orEmpty(t.component()), t.pod() != null && !t.pod().isEmpty() ? t.pod() : hostPort(t.url())};
    }

    private static String hostPort(URI url) {
        int port = url.getPort();
        return port < 0 ? url.getHost() : url.getHost() + ":" + port;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
