package dev.omescale.telemetry.exposition;

import static dev.omescale.telemetry.exposition.RecordingHandler.parseOpenMetrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.omescale.telemetry.exposition.RecordingHandler.Family;
import dev.omescale.telemetry.exposition.RecordingHandler.Sample;
import org.junit.jupiter.api.Test;

/** OpenMetrics 1.0: the extra types, UNIT, second-based timestamps, exemplars, # EOF. */
class ExpositionParserOpenMetricsTest {

    private static final String PAGE = String.join("\n",
            "# TYPE acme_http_router_request_seconds summary",
            "# UNIT acme_http_router_request_seconds seconds",
            "# HELP acme_http_router_request_seconds Latency though all of ACME's \\\"HTTP\\\" router.",
            "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32",
            "acme_http_router_request_seconds_count{path=\"/api/v1\",method=\"GET\"} 807283.0",
            "acme_http_router_request_seconds_created{path=\"/api/v1\",method=\"GET\"} 1605281325.0",
            "# TYPE go_goroutines gauge",
            "go_goroutines 69 1520879607.789",
            "# TYPE process_cpu_seconds counter",
            "# UNIT process_cpu_seconds seconds",
            "process_cpu_seconds_total 4.2 1520879607",
            "process_cpu_seconds_created 1520000000.5",
            "# TYPE foo histogram",
            "foo_bucket{le=\"0.01\"} 0 # {trace_id=\"KOO5S4vxi0o\"} 0.0067 1520879607.789",
            "foo_bucket{le=\"+Inf\"} 17 # {trace_id=\"oHg5SJYRHA0\",\"span.id\"=\"a\\\"b\"} 9.8",
            "foo_count 17",
            "foo_sum 324789.3",
            "foo_created 1520430000.123",
            "# TYPE build info",
            "build_info{version=\"1.2.3\"} 1",
            "# TYPE state stateset",
            "state{state=\"a\"} 1",
            "state{state=\"b\"} 0",
            "# TYPE queue gaugehistogram",
            "queue_bucket{le=\"1\"} 2",
            "queue_bucket{le=\"+Inf\"} 3",
            "queue_gcount 3",
            "queue_gsum 4.5",
            "# TYPE mystery unknown",
            "mystery 1 -1.5",
            "untyped_thing 2",
            "# EOF",
            "");

    @Test
    void readsEveryOpenMetricsFeature() throws Exception {
        RecordingHandler h = parseOpenMetrics(PAGE);

        assertThat(h.families).extracting(Family::name, Family::type, Family::unit).containsExactly(
                tuple("acme_http_router_request_seconds", MetricType.SUMMARY, "seconds"),
                tuple("go_goroutines", MetricType.GAUGE, null),
                tuple("process_cpu_seconds", MetricType.COUNTER, "seconds"),
                tuple("foo", MetricType.HISTOGRAM, null),
                tuple("build", MetricType.INFO, null),
                tuple("state", MetricType.STATESET, null),
                tuple("queue", MetricType.GAUGE_HISTOGRAM, null),
                tuple("mystery", MetricType.UNKNOWN, null),
                tuple("untyped_thing", MetricType.UNKNOWN, null));
        assertThat(h.family("acme_http_router_request_seconds").help())
                .isEqualTo("Latency though all of ACME's \"HTTP\" router.");
        assertThat(h.samplesOf("acme_http_router_request_seconds")).extracting(Sample::name).containsExactly(
                "acme_http_router_request_seconds_sum", "acme_http_router_request_seconds_count",
                "acme_http_router_request_seconds_created");
        assertThat(h.samplesOf("process_cpu_seconds")).extracting(Sample::name)
                .containsExactly("process_cpu_seconds_total", "process_cpu_seconds_created");
        assertThat(h.samplesOf("foo")).extracting(Sample::name)
                .containsExactly("foo_bucket", "foo_bucket", "foo_count", "foo_sum", "foo_created");
        assertThat(h.samplesOf("build")).extracting(Sample::name).containsExactly("build_info");
        assertThat(h.samplesOf("queue")).extracting(Sample::name)
                .containsExactly("queue_bucket", "queue_bucket", "queue_gcount", "queue_gsum");

        // Seconds become milliseconds.
        assertThat(h.sample("go_goroutines", Labels.EMPTY).timestampMillis()).isEqualTo(1520879607789L);
        assertThat(h.sample("process_cpu_seconds_total", Labels.EMPTY).timestampMillis())
                .isEqualTo(1520879607000L);
        assertThat(h.sample("mystery", Labels.EMPTY).timestampMillis()).isEqualTo(-1500L);
        assertThat(h.sample("process_cpu_seconds_created", Labels.EMPTY).value()).isEqualTo(1520000000.5);

        // Exemplars are checked and dropped; the bucket keeps its own value and no timestamp.
        Sample inf = h.sample("foo_bucket", Labels.of("le", "+Inf"));
        assertThat(inf.value()).isEqualTo(17.0);
        assertThat(inf.timestampMillis()).isEqualTo(ExpositionHandler.NO_TIMESTAMP);
        assertThat(h.samples).noneMatch(s -> s.labels().get("trace_id") != null);

        assertThat(h.summary).isEqualTo(new ParseSummary(32, 9, 20));
    }

    @Test
    void eofWithoutTheFinalNewlineIsEnough() throws Exception {
        RecordingHandler h = parseOpenMetrics("a 1\n# EOF");
        assertThat(h.only().family()).isEqualTo("a");
        assertThat(h.summary.lines()).isEqualTo(2);
    }

    @Test
    void emptyPageIsOnlyEof() throws Exception {
        assertThat(parseOpenMetrics("# EOF\n").summary).isEqualTo(new ParseSummary(1, 0, 0));
    }

    @Test
    void familyWithoutSamplesIsAnnouncedBeforeTheNextFamily() throws Exception {
        RecordingHandler h = parseOpenMetrics("# TYPE a counter\n# HELP a Nothing yet.\n# TYPE b gauge\nb 1\n# EOF\n");
        assertThat(h.events).containsExactly(
                new Family("a", MetricType.COUNTER, "Nothing yet.", null),
                new Family("b", MetricType.GAUGE, null, null),
                new Sample("b", MetricType.GAUGE, "b", Labels.EMPTY, 1.0, ExpositionHandler.NO_TIMESTAMP));
    }

    @Test
    void quotedNamesWorkInOpenMetricsToo() throws Exception {
        RecordingHandler h = parseOpenMetrics("# TYPE \"a.b\" counter\n{\"a.b_total\",x=\"1\"} 3\n# EOF\n");
        assertThat(h.only()).isEqualTo(new Sample("a.b", MetricType.COUNTER, "a.b_total", Labels.of("x", "1"), 3.0,
                ExpositionHandler.NO_TIMESTAMP));
    }
}
