package dev.omescale.keda;

import static dev.omescale.keda.ScalerClient.failure;
import static dev.omescale.keda.ScalerClient.metrics;
import static dev.omescale.keda.ScalerClient.ref;
import static dev.omescale.keda.Views.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.view.LatestScalingView;
import io.grpc.Status;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls through a real gRPC server and client, counted by method and code. */
class GrpcMetricsTest {
    private final LatestScalingView view = new LatestScalingView(Views.at(Instant.now())
            .component(ENGINE, 2, "queue_length", 6.0).build());
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private KedaScalerServer server;
    private ScalerClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void callsAreCountedByMethodAndCodeAndTimed() throws Exception {
        server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0), view, null, Clock.systemUTC(),
                new GrpcMetrics(registry));
        client = ScalerClient.plaintext(server.port());
        var good = ref("inferenceService", "llama-chat", "signal", "queue_length", "target", "2");
        client.stub.getMetrics(metrics(good, ""));
        client.stub.getMetrics(metrics(good, ""));
        client.stub.isActive(good);
        Status.Code bad = failure(() -> client.stub.getMetrics(metrics(ref("inferenceService", "llama-chat",
                "signal", "no_such_signal", "target", "2"), ""))).getStatus().getCode();

        assertThat(count("GetMetrics", "OK")).isEqualTo(2);
        assertThat(count("IsActive", "OK")).isEqualTo(1);
        assertThat(count("GetMetrics", bad.name())).isEqualTo(1);
        HistogramSnapshot.HistogramDataPointSnapshot h = null;
        for (DataPointSnapshot d : points("omescale_keda_request_duration_seconds")) {
            if (d.getLabels().equals(Labels.of("method", "GetMetrics"))) {
                h = (HistogramSnapshot.HistogramDataPointSnapshot) d;
            }
        }
        assertThat(h).isNotNull();
        assertThat(h.getCount()).isEqualTo(3);
        assertThat(h.getSum()).isPositive();
    }

    private double count(String method, String code) {
        for (DataPointSnapshot d : points("omescale_keda_requests")) {
            if (d.getLabels().equals(Labels.of("code", code, "method", method))) {
                return ((CounterSnapshot.CounterDataPointSnapshot) d).getValue();
            }
        }
        return 0;
    }

    private java.util.List<DataPointSnapshot> points(String name) {
        java.util.List<DataPointSnapshot> out = new java.util.ArrayList<>();
        for (MetricSnapshot m : registry.scrape()) {
            if (m.getMetadata().getPrometheusName().equals(name)) {
                out.addAll(m.getDataPoints());
            }
        }
        return out;
    }
}
