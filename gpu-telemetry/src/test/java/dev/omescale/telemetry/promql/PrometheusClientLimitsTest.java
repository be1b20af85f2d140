package dev.omescale.telemetry.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.omescale.telemetry.testing.FakeExporter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Answers over the size limit fail the query with a clear message instead of being read into memory: with a
 * declared length (refused before reading) and streamed without one (cut off at the limit). An answer just under
 * the limit is read.
 */
class PrometheusClientLimitsTest {
    private static final int LIMIT = 4096;
    private static final String OK = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{},\"value\":[1700000000,\"5\"]}]}}";

    private static String padded(int size) {
        // Valid JSON of about `size` bytes: the vector answer with a long unused field in front.
        String prefix = "{\"padding\":\"";
        String suffix = "\"," + OK.substring(1);
        return prefix + "x".repeat(Math.max(0, size - prefix.length() - suffix.length())) + suffix;
    }

    @Test
    void aDeclaredOversizeAnswerIsRefused() throws Exception {
        try (FakePrometheus prometheus = FakePrometheus.http().answer(200, padded(LIMIT * 100))) {
            PrometheusClient client = new PrometheusClient(PrometheusEndpoint.of(prometheus.address())
                    .withTimeout(Duration.ofSeconds(10)), LIMIT);
            PromQlException e = catchThrowableOfType(PromQlException.class,
                    () -> client.query("sum(up)", Instant.now()));
            assertThat(e.getMessage()).contains("answer of " + padded(LIMIT * 100).length() + " bytes",
                    "over the limit of " + LIMIT, "aggregate the query", "sum(up)");
        }
    }

    @Test
    void aStreamedOversizeAnswerIsCutOffAtTheLimit() throws Exception {
        byte[] body = padded(LIMIT * 100).getBytes(StandardCharsets.UTF_8);
        try (FakeExporter server = FakeExporter.start()) {
            server.serve("/api/v1/query", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse up front
                for (int i = 0; i < body.length; i += 1024) {
                    exchange.getResponseBody().write(body, i, Math.min(1024, body.length - i));
                    exchange.getResponseBody().flush();
                }
            });
            PrometheusClient client = new PrometheusClient(PrometheusEndpoint.of(server.url("/"))
                    .withTimeout(Duration.ofSeconds(10)), LIMIT);
            PromQlException e = catchThrowableOfType(PromQlException.class,
                    () -> client.query("up", Instant.now()));
            assertThat(e.getMessage()).contains("more than " + LIMIT + " bytes", "over the limit");
        }
    }

    @Test
    void anAnswerUnderTheLimitIsRead() throws Exception {
        try (FakePrometheus prometheus = FakePrometheus.http().answer(200, padded(LIMIT - 100))) {
            PrometheusClient client = new PrometheusClient(PrometheusEndpoint.of(prometheus.address())
                    .withTimeout(Duration.ofSeconds(10)), LIMIT);
            assertThat(client.query("sum(up)", Instant.now())).isNotNull();
        }
    }
}
