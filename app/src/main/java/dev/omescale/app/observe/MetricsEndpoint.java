package dev.omescale.app.observe;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * {@code GET /metrics} for a registry, in the format the scraper asks for in its {@code Accept} header: OpenMetrics
 * 1.0 when it accepts {@code application/openmetrics-text}, else Prometheus text 0.0.4. Mountable on any Javalin
 * server ({@link #addTo}); {@link ObservabilityServer} is the plain-HTTP listener that serves it by default.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";

    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();

    public MetricsEndpoint(PrometheusRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A rendered page: its {@code Content-Type} and body. */
    public record Page(String contentType, byte[] body) {
    }

    /** Renders every metric of the registry for a scraper sending {@code accept} (may be null). */
    public Page render(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return new Page(writer.getContentType(), out.toByteArray());
    }

    /** Adds {@code GET /metrics} to a Javalin server being configured. */
    public void addTo(JavalinConfig cfg) {
        cfg.routes.get(PATH, this::handle);
    }

    private void handle(Context ctx) {
        Page page = render(ctx.header("Accept"));
        ctx.contentType(page.contentType()).result(page.body());
    }
}
