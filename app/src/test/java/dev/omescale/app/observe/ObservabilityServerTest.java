package dev.omescale.app.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.scaler.observe.ControllerMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The listener a controller mounts its own routes on, with the metrics endpoint beside them. */
class ObservabilityServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsByAcceptHeaderHealthAndTheCallersRoutes() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        ControllerMetrics controller = new ControllerMetrics(registry);
        controller.setLeader(true);
        try (ObservabilityServer server = ObservabilityServer.start(new MetricsListen("127.0.0.1", 0),
                new MetricsEndpoint(registry), cfg -> cfg.routes.get("/readyz", ctx -> ctx.result("ready")))) {
            HttpResponse<String> text = get(server.port(), "/metrics", null);
            assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(text.body()).contains("# TYPE omescale_leader gauge\nomescale_leader 1.0\n");
            HttpResponse<String> om = get(server.port(), "/metrics", "application/openmetrics-text; version=1.0.0");
            assertThat(om.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/openmetrics-text; version=1.0.0");
            assertThat(om.body()).contains("omescale_leader 1.0").endsWith("# EOF\n");
            assertThat(get(server.port(), "/healthz", null).body()).isEqualTo("ok");
            assertThat(get(server.port(), "/readyz", null).body()).isEqualTo("ready");
            assertThat(get(server.port(), "/nope", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aTakenPortIsReportedWithTheFix() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (ObservabilityServer first = ObservabilityServer.start(new MetricsListen("127.0.0.1", 0),
                new MetricsEndpoint(registry), cfg -> { })) {
            assertThatThrownBy(() -> ObservabilityServer.start(new MetricsListen("127.0.0.1", first.port()),
                    new MetricsEndpoint(registry), cfg -> { }))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port())
                    .hasMessageContaining("choose another metrics.listen (--metrics-listen)");
        }
    }
}
