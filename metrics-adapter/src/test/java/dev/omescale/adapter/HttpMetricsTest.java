package dev.omescale.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.adapter.testing.Https;
import dev.omescale.adapter.testing.TestFleet;
import dev.omescale.adapter.testing.TestPki;
import dev.omescale.scaler.view.LatestScalingView;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests through the real HTTPS server, counted by route template, method and code. */
class HttpMetricsTest {
    @TempDir
    Path dir;
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private PrometheusRegistry registry() {
        return registry;
    }

    @Test
    void requestsAreCountedByRouteTemplateNotPath() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Authority ca = pki.authority("ca");
        TestPki.Issued serving = ca.server("CN=omescale-metrics");
        AdapterConfig config = new AdapterConfig("127.0.0.1", 0, TlsConfig.pem(serving.certPem(), serving.keyPem()),
                AuthenticationConfig.none(), Duration.ofSeconds(60));
        try (MetricsAdapterServer server = MetricsAdapterServer.start(config,
                new LatestScalingView(TestFleet.snapshot()), null, TestFleet.CLOCK, new HttpMetrics(registry))) {
            Https client = new Https(server.url(), TestPki.anonymousContext(ca.certificate()));
            assertThat(client.get("/apis/custom.metrics.k8s.io/v1beta2").status()).isEqualTo(200);
            assertThat(client.get("/apis/custom.metrics.k8s.io/v1beta1").status()).isEqualTo(200);
            assertThat(client.get("/healthz").status()).isEqualTo(200);
            assertThat(client.get("/no/such/path").status()).isEqualTo(404);
        }
        assertThat(count("/apis/custom.metrics.k8s.io/{version}", "GET", "200")).isEqualTo(2);
        assertThat(count("/healthz", "GET", "200")).isEqualTo(1);
        assertThat(count("unmatched", "GET", "404")).isEqualTo(1);
        for (DataPointSnapshot d : points("omescale_adapter_request_duration_seconds")) {
            if (d.getLabels().get("route").equals("/apis/custom.metrics.k8s.io/{version}")) {
                assertThat(((HistogramSnapshot.HistogramDataPointSnapshot) d).getCount()).isEqualTo(2);
            }
        }
    }

    private double count(String route, String method, String code) {
        for (DataPointSnapshot d : points("omescale_adapter_requests")) {
            if (d.getLabels().equals(Labels.of("code", code, "method", method, "route", route))) {
                return ((CounterSnapshot.CounterDataPointSnapshot) d).getValue();
            }
        }
        throw new AssertionError("no " + route + " " + method + " " + code + " in " + points("omescale_adapter_requests"));
    }

    private List<DataPointSnapshot> points(String name) {
        List<DataPointSnapshot> out = new ArrayList<>();
        for (MetricSnapshot m : registry().scrape()) {
            if (m.getMetadata().getPrometheusName().equals(name)) {
                out.addAll(m.getDataPoints());
            }
        }
        return out;
    }
}
