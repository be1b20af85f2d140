package dev.omescale.telemetry.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.telemetry.exposition.RecordingHandler.Family;
import dev.omescale.telemetry.exposition.RecordingHandler.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The parser against real exporter pages, checked against a deliberately naive line-by-line reading. */
class ExpositionParserCaptureTest {

    static byte[] capture(String file) throws IOException {
        try (InputStream in = ExpositionParserCaptureTest.class
                .getResourceAsStream("/dev/omescale/telemetry/captures/" + file)) {
            assertThat(in).as("capture %s on the classpath", file).isNotNull();
            return in.readAllBytes();
        }
    }

    /** What a naive reader sees: the samples' names, label maps and values, the TYPE'd names, the line count. */
    record Reference(int lines, List<String> names, List<Labels> labels, List<Double> values, Set<String> typed) {
        private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

        static Reference of(byte[] page) {
            String text = new String(page, StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            int lineCount = text.endsWith("\n") ? lines.length - 1 : lines.length;
            List<String> names = new ArrayList<>();
            List<Labels> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            Set<String> typed = new LinkedHashSet<>();
            for (String line : lines) {
                if (line.startsWith("# TYPE ")) {
                    typed.add(line.split(" ")[2]);
                }
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.lastIndexOf(' ');
                names.add(line.substring(0, brace >= 0 ? brace : space));
                List<String> pairs = new ArrayList<>();
                if (brace >= 0) {
                    Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                    while (m.find()) {
                        pairs.add(m.group(1));
                        pairs.add(m.group(2));
                    }
                }
                labels.add(Labels.of(pairs.toArray(String[]::new)));
                values.add(Double.parseDouble(line.substring(space + 1)));
            }
            return new Reference(lineCount, names, labels, values, typed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vllm-sample.prom", "dcgm-sample.prom", "sglang-sample-docs.prom"})
    void matchesANaiveReadingOfTheCapture(String file) throws Exception {
        byte[] page = capture(file);
        Reference ref = Reference.of(page);

        RecordingHandler h = RecordingHandler.parse(page, ExpositionFormat.PROMETHEUS_TEXT, ParseLimits.DEFAULT);

        assertThat(h.summary.lines()).isEqualTo(ref.lines());
        assertThat(h.summary.samples()).isEqualTo(ref.names().size()).isEqualTo(h.samples.size());
        // Every sample in these captures belongs to a TYPE'd family, so the families are exactly the TYPE'd names.
        assertThat(h.families).extracting(Family::name).containsExactlyElementsOf(ref.typed());
        assertThat(h.summary.families()).isEqualTo(ref.typed().size());
        assertThat(h.families).extracting(Family::type).doesNotContain(MetricType.UNTYPED);
        assertThat(h.samples).extracting(Sample::name).containsExactlyElementsOf(ref.names());
        assertThat(h.samples).extracting(Sample::labels).containsExactlyElementsOf(ref.labels());
        assertThat(h.samples).extracting(Sample::value).containsExactlyElementsOf(ref.values());
        assertThat(h.samples).allSatisfy(s -> {
            assertThat(s.timestampMillis()).isEqualTo(ExpositionHandler.NO_TIMESTAMP);
            assertThat(s.name()).startsWith(s.family());
        });
    }

    @Test
    void dcgmPowerUsageAndTypes() throws Exception {
        RecordingHandler h = RecordingHandler.parse(capture("dcgm-sample.prom"), ExpositionFormat.PROMETHEUS_TEXT,
                ParseLimits.DEFAULT);

        Sample power = h.samplesOf("DCGM_FI_DEV_POWER_USAGE").get(0);
        assertThat(power.value()).isEqualTo(16.365);
        assertThat(power.type()).isEqualTo(MetricType.GAUGE);
        assertThat(power.labels().toMap()).containsEntry("gpu", "0")
                .containsEntry("UUID", "GPU-c2f76b33-7953-256e-8f33-1343419b1a1c")
                .containsEntry("modelName", "NVIDIA L4")
                .containsEntry("Hostname", "i-030791dc5a37cd257")
                .containsEntry("DCGM_FI_DRIVER_VERSION", "580.105.08")
                .hasSize(7);
        assertThat(h.family("DCGM_FI_DEV_POWER_USAGE").help()).isEqualTo("Power draw (in W).");
        assertThat(h.family("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION").type()).isEqualTo(MetricType.COUNTER);
        assertThat(h.samplesOf("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION").get(0).value()).isEqualTo(4742776.0);
        // Each DCGM family here has exactly one series (one GPU).
        assertThat(h.families).allSatisfy(f -> assertThat(h.samplesOf(f.name())).hasSize(1));
    }

    @Test
    void vllmHistogramsCountersCreatedGaugesAndEmptyFamilies() throws Exception {
        RecordingHandler h = RecordingHandler.parse(capture("vllm-sample.prom"), ExpositionFormat.PROMETHEUS_TEXT,
                ParseLimits.DEFAULT);

        Labels engine0 = Labels.of("engine", "0", "model_name", "Qwen/Qwen2.5-0.5B-Instruct");
        Sample inf = h.sample("vllm:iteration_tokens_total_bucket",
                Labels.of("engine", "0", "le", "+Inf", "model_name", "Qwen/Qwen2.5-0.5B-Instruct"));
        assertThat(inf.family()).isEqualTo("vllm:iteration_tokens_total");
        assertThat(inf.type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(inf.value()).isZero();
        assertThat(h.sample("vllm:e2e_request_latency_seconds_count", engine0).family())
                .isEqualTo("vllm:e2e_request_latency_seconds");

        // vLLM writes counters as TYPE'd "x_total" families and their _created series as separate gauge families.
        Sample flops = h.sample("vllm:estimated_flops_per_gpu_total", engine0);
        assertThat(flops.family()).isEqualTo("vllm:estimated_flops_per_gpu_total");
        assertThat(flops.type()).isEqualTo(MetricType.COUNTER);
        Sample created = h.sample("vllm:estimated_flops_per_gpu_created", engine0);
        assertThat(created.family()).isEqualTo("vllm:estimated_flops_per_gpu_created");
        assertThat(created.type()).isEqualTo(MetricType.GAUGE);
        assertThat(created.value()).isEqualTo(1.7740114612872875e9);

        assertThat(h.sample("process_max_fds", Labels.EMPTY).value()).isEqualTo(1048576.0);
        assertThat(h.sample("python_info", Labels.of("implementation", "CPython", "major", "3", "minor", "12",
                "patchlevel", "13", "version", "3.12.13")).value()).isEqualTo(1.0);
        assertThat(h.samplesOf("vllm:cache_config_info").get(0).labels().size()).isEqualTo(25);

        // TYPE'd families with no samples are still announced, in page order, the last at the end of the page.
        assertThat(h.families.stream().filter(f -> h.samplesOf(f.name()).isEmpty()))
                .containsExactly(
                        new Family("http_requests_total", MetricType.COUNTER, "Total number of requests by method,"
                                + " status and handler.", null),
                        h.family("http_request_size_bytes"),
                        h.family("http_response_size_bytes"),
                        h.family("http_request_duration_seconds"));
        assertThat(h.family("http_request_size_bytes").type()).isEqualTo(MetricType.SUMMARY);
        assertThat(h.events.get(h.events.size() - 1)).isEqualTo(h.family("http_request_duration_seconds"));
        assertThat(h.family("http_request_duration_seconds").type()).isEqualTo(MetricType.HISTOGRAM);
        // HELP text keeps its trailing space.
        assertThat(h.family("http_request_duration_highr_seconds").help())
                .endsWith("Made for more accurate percentile calculations. ");
    }

    @Test
    void sglangExponentsAndOldBucketLayout() throws Exception {
        RecordingHandler h = RecordingHandler.parse(capture("sglang-sample-docs.prom"),
                ExpositionFormat.PROMETHEUS_TEXT, ParseLimits.DEFAULT);
        Labels model = Labels.of("model_name", "meta-llama/Llama-3.1-8B-Instruct");

        assertThat(h.sample("sglang:prompt_tokens_total", model).value()).isEqualTo(8128902.0);
        assertThat(h.sample("sglang:generation_tokens_total", model).value()).isEqualTo(7557572.0);
        assertThat(h.sample("sglang:time_to_first_token_seconds_sum", model).value())
                .isEqualTo(2.3518979474117756e6);
        Sample inf = h.sample("sglang:time_to_first_token_seconds_bucket",
                Labels.of("le", "+Inf", "model_name", "meta-llama/Llama-3.1-8B-Instruct"));
        assertThat(inf.value()).isEqualTo(11008.0);
        assertThat(inf.family()).isEqualTo("sglang:time_to_first_token_seconds");
        assertThat(h.family("sglang:time_per_output_token_seconds").type()).isEqualTo(MetricType.HISTOGRAM);
    }

    @Test
    void aReusedParserGivesTheSameResultEveryTime() throws Exception {
        byte[] page = capture("vllm-sample.prom");
        ExpositionParser parser = new ExpositionParser(ParseLimits.DEFAULT);
        RecordingHandler first = new RecordingHandler();
        parser.parse(page, page.length, ExpositionFormat.PROMETHEUS_TEXT, first);
        for (int i = 0; i < 3; i++) {
            RecordingHandler again = new RecordingHandler();
            parser.parse(page, page.length, ExpositionFormat.PROMETHEUS_TEXT, again);
            assertThat(again.events).isEqualTo(first.events);
        }
    }
}
