package dev.omescale.bench.adapter;

import dev.omescale.adapter.api.ApiVersion;
import dev.omescale.adapter.api.MetricSample;
import dev.omescale.adapter.api.MetricsResolver;
import dev.omescale.adapter.api.WireFormat;
import dev.omescale.adapter.selector.LabelSelector;
import dev.omescale.adapter.selector.LabelSelectorParser;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * The adapter's own work per answer, without HTTP and TLS: resolve from the in-memory view, build the wire format,
 * serialize to JSON. For {@code pods/*} over {@code pods} pods and for one InferenceService object.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdapterAnswerBenchmark {
    @Param({"100"})
    public int pods;

    private MetricsResolver resolver;
    private LabelSelector selector;
    private final JsonMapper json = JsonMapper.builder().build();

    @Setup
    public void setup() throws Exception {
        long now = System.currentTimeMillis();
        List<PodSignals> podSignals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            Map<String, Double> signals = new LinkedHashMap<>();
            for (String s : SignalCatalog.standard().names()) {
                signals.put(s, 0.125 * i + 0.5);
            }
            names.add("qwen3-8b-engine-" + i);
            podSignals.add(new PodSignals("llm", names.get(i), "qwen3-8b", "engine", signals, now, List.of()));
        }
        Map<String, Double> component = new LinkedHashMap<>();
        Map<String, Integer> withData = new HashMap<>();
        for (String s : SignalCatalog.standard().names()) {
            component.put(s, 0.25);
            withData.put(s, pods);
        }
        TelemetryReport report = new TelemetryReport(now, Duration.ofSeconds(60), podSignals,
                List.of(new ComponentSignals("llm", "qwen3-8b", "engine", names, component, withData, now, List.of())),
                List.of(), List.of());
        resolver = new MetricsResolver(new LatestScalingView(new ScalingSnapshot(report, Map.of(), Map.of(), Map.of())),
                SignalCatalog.standard(), Clock.systemUTC(), Duration.ofSeconds(60));
        selector = LabelSelectorParser.parse("app=qwen3-8b-engine");
    }

    @Benchmark
    public byte[] podsList() {
        List<MetricSample> items = resolver.pods("llm", "queue_length", selector, LabelSelector.EVERYTHING);
        return WireFormat.list(json, ApiVersion.CUSTOM_V1BETA2, items);
    }

    @Benchmark
    public byte[] inferenceServiceObject() {
        MetricSample s = resolver.object("llm", MetricsResolver.INFERENCE_SERVICES, "qwen3-8b", "ttft_p95_seconds",
                LabelSelector.EVERYTHING);
        return WireFormat.list(json, ApiVersion.CUSTOM_V1BETA2, List.of(s));
    }
}
