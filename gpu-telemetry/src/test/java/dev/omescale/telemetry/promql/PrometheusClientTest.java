package dev.omescale.telemetry.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PrometheusClientTest {
    static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z");
    static final String TOKEN = "tok-9f8e7d6c5b4a";
    static final String PASSWORD = "pw:with:colons-1234";

    FakePrometheus prometheus;

    @BeforeEach
    void start() throws IOException {
        prometheus = FakePrometheus.http();
    }

    @AfterEach
    void stop() {
        prometheus.close();
    }

    PrometheusClient client() {
        return new PrometheusClient(PrometheusEndpoint.of(prometheus.address()));
    }

    static String vector(String... elements) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + String.join(",", elements) + "]}}";
    }

    static String element(String metric, String value) {
        return "{\"metric\":" + metric + ",\"value\":" + value + "}";
    }

    @Test
    void vectorResultAndTheRequestKedaWouldSend() throws Exception {
        prometheus.answer(200, vector(element("{\"__name__\":\"vllm:num_requests_waiting\",\"pod\":\"a\"}",
                "[1700000000.123,\"7\"]")));

        QueryResult result = client().query("sum(vllm:num_requests_waiting{namespace=\"llm\"})", NOW);

        assertThat(result.resultType()).isEqualTo(ResultType.VECTOR);
        assertThat(result.series()).containsExactly(new SeriesValue(
                Map.of("__name__", "vllm:num_requests_waiting", "pod", "a"), 7.0,
                Instant.ofEpochSecond(1_700_000_000L, 123_000_000), false));
        FakePrometheus.Received request = prometheus.takeRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v1/query");
        assertThat(request.parameters()).containsExactly(
                Map.entry("query", "sum(vllm:num_requests_waiting{namespace=\"llm\"})"),
                Map.entry("time", "2023-11-14T22:13:20Z"));
        assertThat(request.headers().getFirst("Authorization")).isNull();
    }

    @Test
    void scalarResultIsOneUnlabelledValue() throws Exception {
        prometheus.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                + "\"result\":[1700000000,\"42.5\"]}}");
        QueryResult result = client().query("scalar(up)", NOW);
        assertThat(result.resultType()).isEqualTo(ResultType.SCALAR);
        assertThat(result.series()).containsExactly(
                new SeriesValue(Map.of(), 42.5, Instant.ofEpochSecond(1_700_000_000L), false));
    }

    @Test
    void emptyAndMultiSeriesVectors() throws Exception {
        prometheus.answer(200, vector());
        assertThat(client().query("absent_metric", NOW).series()).isEmpty();

        prometheus.answer(200, vector(element("{\"pod\":\"a\"}", "[1700000000,\"1\"]"),
                element("{\"pod\":\"b\"}", "[1700000000,\"2.5e3\"]")));
        QueryResult two = client().query("up", NOW);
        assertThat(two.series()).extracting(SeriesValue::labels)
                .containsExactly(Map.of("pod", "a"), Map.of("pod", "b"));
        assertThat(two.series()).extracting(SeriesValue::value).containsExactly(1.0, 2500.0);
    }

    @Test
    void nanAndInfinitiesAreParsedFromPrometheusStrings() throws Exception {
        prometheus.answer(200, vector(element("{\"v\":\"nan\"}", "[1700000000,\"NaN\"]"),
                element("{\"v\":\"pinf\"}", "[1700000000,\"+Inf\"]"),
                element("{\"v\":\"ninf\"}", "[1700000000,\"-Inf\"]")));
        assertThat(client().query("x", NOW).series()).extracting(SeriesValue::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Test
    void nullSampleAndEmptyValueAreKeptForKedasRule() throws Exception {
        prometheus.answer(200, vector(element("{\"s\":\"null\"}", "[1700000000,null]"),
                element("{\"s\":\"empty\"}", "[]")));
        QueryResult result = client().query("x", NOW);
        SeriesValue nullSample = result.series().get(0);
        assertThat(nullSample.nullSample()).isTrue();
        assertThat(nullSample.emptyValue()).isFalse();
        assertThat(nullSample.value()).isNaN();
        SeriesValue empty = result.series().get(1);
        assertThat(empty.emptyValue()).isTrue();
        assertThat(empty.timestamp()).isNull();
        assertThat(empty.nullSample()).isFalse();
    }

    @Test
    void valueWithOneEntryIsAnError() {
        prometheus.answer(200, vector(element("{}", "[1700000000]")));
        assertThatThrownBy(() -> client().query("x", NOW))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("with 1 entry instead of [timestamp, value]");
    }

    @Test
    void valueThatIsNotANumberIsAnError() {
        prometheus.answer(200, vector(element("{}", "[1700000000,\"12d\"]")));
        assertThatThrownBy(() -> client().query("x", NOW))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("'12d'")
                .hasMessageContaining("not a number");
    }

    @Test
    void matrixAndStringResultsNameTheTypeAndTheFix() {
        prometheus.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                + "[{\"metric\":{},\"values\":[[1700000000,\"1\"]]}]}}");
        assertThatThrownBy(() -> client().query("up[5m]", NOW))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("returned a matrix")
                .hasMessageContaining("use an instant query that returns a vector or scalar")
                .hasMessageContaining("\"up[5m]\"");

        prometheus.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"string\","
                + "\"result\":[1700000000,\"hello\"]}}");
        assertThatThrownBy(() -> client().query("\"hello\"", NOW))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("returned a string")
                .hasMessageContaining("use an instant query that returns a vector or scalar");
    }

    @Test
    void badDataErrorCarriesStatusTypeAndPrometheusMessage() {
        prometheus.answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"1:5: parse error: unexpected end of input\"}");
        assertThatThrownBy(() -> client().query("sum(", NOW))
                .isInstanceOfSatisfying(PromQlException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.errorType()).hasValue("bad_data");
                })
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("bad_data: 1:5: parse error: unexpected end of input")
                .hasMessageContaining("fix the PromQL query")
                .hasMessageContaining(prometheus.address().toString());
    }

    @Test
    void nonJsonErrorBodyIsQuotedBriefly() {
        prometheus.answer(503, "<html>\n<body>upstream unavailable</body></html>" + "x".repeat(500));
        assertThatThrownBy(() -> client().query("up", NOW))
                .isInstanceOfSatisfying(PromQlException.class,
                        e -> assertThat(e.httpStatus()).hasValue(503))
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("'<html> <body>upstream unavailable")
                .hasMessageContaining("...")
                .hasMessageContaining("retry later");
    }

    @Test
    void successStatusWithNonJsonBodyIsAnError() {
        prometheus.answer(200, "<html>login page</html>");
        assertThatThrownBy(() -> client().query("up", NOW))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("serverAddress points at Prometheus");
    }

    @Test
    void errorStatusInsideA200IsAnError() {
        prometheus.answer(200, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"boom\"}");
        assertThatThrownBy(() -> client().query("up", NOW))
                .isInstanceOfSatisfying(PromQlException.class,
                        e -> assertThat(e.errorType()).hasValue("execution"))
                .hasMessageContaining("status 'error', execution: boom");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void serverThatNeverAnswersTimesOutWithTheFix() {
        prometheus.neverAnswer();
        PrometheusClient client = new PrometheusClient(PrometheusEndpoint.of(prometheus.address())
                .withTimeout(Duration.ofMillis(300)));
        assertThatThrownBy(() -> client.query("up", NOW))
                .isInstanceOfSatisfying(PromQlException.class, e -> assertThat(e.httpStatus()).isEmpty())
                .hasMessageContaining("no answer within 300 ms")
                .hasMessageContaining("request timeout = PrometheusEndpoint.timeout")
                .hasMessageContaining("raise the timeout");
    }

    @Test
    void refusedConnectionSaysToCheckTheAddress() throws IOException {
        URI address = prometheus.address();
        prometheus.close();
        assertThatThrownBy(() -> new PrometheusClient(PrometheusEndpoint.of(address)).query("up", NOW))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("could not connect")
                .hasMessageContaining("check serverAddress");
    }

    @Test
    void bearerTokenArrivesAndNeverShows() throws Exception {
        prometheus.answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"nope\"}");
        PrometheusEndpoint endpoint = PrometheusEndpoint.of(prometheus.address())
                .withAuth(new PrometheusAuth.Bearer(TOKEN));
        PrometheusClient client = new PrometheusClient(endpoint);

        assertThatThrownBy(() -> client.query("up", NOW))
                .isInstanceOf(PromQlException.class)
                .satisfies(e -> assertThat(e.toString()).doesNotContain(TOKEN));
        assertThat(prometheus.takeRequest().headers().getFirst("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(endpoint.toString()).doesNotContain(TOKEN).contains("Bearer[token=***]");
        assertThat(endpoint.auth().toString()).doesNotContain(TOKEN);
    }

    @Test
    void basicAuthArrivesAndNeverShows() throws Exception {
        prometheus.neverAnswer();
        PrometheusEndpoint endpoint = PrometheusEndpoint.of(prometheus.address())
                .withAuth(new PrometheusAuth.Basic("alice", PASSWORD))
                .withTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> new PrometheusClient(endpoint).query("up", NOW))
                .isInstanceOf(PromQlException.class)
                .satisfies(e -> assertThat(e.toString()).doesNotContain(PASSWORD));
        String header = prometheus.takeRequest().headers().getFirst("Authorization");
        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("alice:" + PASSWORD);
        assertThat(endpoint.toString()).doesNotContain(PASSWORD).contains("username=alice, password=***");
    }

    @Test
    void customHeadersQueryParametersAndPathPrefixArrive() throws Exception {
        prometheus.answer(200, vector());
        URI withPrefix = URI.create(prometheus.address() + "/prometheus/");
        PrometheusEndpoint endpoint = PrometheusEndpoint.of(withPrefix)
                .withQueryParameters(Map.of("namespace", "llm serving", "dedup", "true"))
                .withCustomHeaders(Map.of("X-Scope-OrgID", "tenant-1", "X-Api-Key", TOKEN));

        new PrometheusClient(endpoint).query("up{a=\"b&c\"}", NOW);

        FakePrometheus.Received request = prometheus.takeRequest();
        assertThat(request.path()).isEqualTo("/prometheus/api/v1/query");
        assertThat(request.parameters()).containsEntry("query", "up{a=\"b&c\"}")
                .containsEntry("namespace", "llm serving")
                .containsEntry("dedup", "true");
        assertThat(request.headers().getFirst("X-Scope-OrgID")).isEqualTo("tenant-1");
        assertThat(request.headers().getFirst("X-Api-Key")).isEqualTo(TOKEN);
        // header values may be secrets: only names are printed
        assertThat(endpoint.toString()).contains("X-Api-Key").doesNotContain(TOKEN);
    }

    @Test
    void fractionalEvaluationTimeIsSentAsRfc3339() throws Exception {
        prometheus.answer(200, vector());
        client().query("up", Instant.parse("2023-11-14T22:13:20.250Z"));
        assertThat(prometheus.takeRequest().parameters()).containsEntry("time", "2023-11-14T22:13:20.250Z");
    }

    @Test
    void endpointRejectsMistakesWithTheFix() {
        assertThatThrownBy(() -> PrometheusEndpoint.of(URI.create("http://bob:" + PASSWORD + "@prom:9090")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PrometheusAuth.Basic")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        assertThatThrownBy(() -> PrometheusEndpoint.of(URI.create("prom:9090")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> PrometheusEndpoint.of(URI.create("http://prom:9090/?dedup=true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queryParameters");
        assertThatThrownBy(() -> PrometheusEndpoint.of(URI.create("http://prom:9090"))
                .withQueryParameters(Map.of("time", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("may not set 'time'");
        assertThatThrownBy(() -> PrometheusEndpoint.of(URI.create("http://prom:9090"))
                .withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> PrometheusEndpoint.of(URI.create("http://prom:9090"))
                .withCustomHeaders(Map.of("authorization", TOKEN))
                .withAuth(new PrometheusAuth.Bearer(TOKEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use one or the other")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        assertThatThrownBy(() -> new PrometheusClient(PrometheusEndpoint.of(URI.create("http://prom:9090"))
                .withCustomHeaders(Map.of("Host", "elsewhere"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header 'Host'");
        assertThatThrownBy(() -> new PrometheusAuth.Basic("a:b", "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains ':'");
    }
}
