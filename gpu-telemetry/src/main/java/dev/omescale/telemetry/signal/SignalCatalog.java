package dev.omescale.telemetry.signal;

import static dev.omescale.telemetry.signal.Dialect.DCGM;
import static dev.omescale.telemetry.signal.Dialect.SGLANG;
import static dev.omescale.telemetry.signal.Dialect.VLLM_V0;
import static dev.omescale.telemetry.signal.Dialect.VLLM_V1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that knows exporter metric names. Every other part of omescale (the decision engine, the KEDA
 * scaler, the metrics API, the dashboards) speaks only in the signal names defined here.
 */
public final class SignalCatalog {

    public static final String QUEUE_LENGTH = "queue_length";
    public static final String RUNNING_REQUESTS = "running_requests";
    public static final String CONCURRENCY = "concurrency";
    public static final String REQUEST_RATE = "request_rate";
    public static final String PROMPT_TOKEN_RATE = "prompt_token_rate";
    public static final String GENERATION_TOKEN_RATE = "generation_token_rate";
    public static final String KV_CACHE_UTILIZATION = "kv_cache_utilization";
    public static final String GPU_UTILIZATION = "gpu_utilization";
    public static final String GPU_MEMORY_UTILIZATION = "gpu_memory_utilization";
    public static final String GPU_POWER_WATTS = "gpu_power_watts";

    /** The DCGM framebuffer gauges behind {@link #GPU_MEMORY_UTILIZATION}, in MiB. */
    public static final String DCGM_FB_USED = "DCGM_FI_DEV_FB_USED";
    public static final String DCGM_FB_FREE = "DCGM_FI_DEV_FB_FREE";
    public static final String DCGM_FB_RESERVED = "DCGM_FI_DEV_FB_RESERVED";

    /** The quantiles every latency histogram is offered at. */
    public static final double[] QUANTILES = {0.50, 0.90, 0.95, 0.99};

    private static final SignalCatalog STANDARD = new SignalCatalog(standardDefinitions());

    private final Map<String, SignalDefinition> byName;
    private final Set<String> sampleNames;

    private SignalCatalog(List<SignalDefinition> definitions) {
        Map<String, SignalDefinition> map = new LinkedHashMap<>();
        for (SignalDefinition d : definitions) {
            if (map.put(d.name(), d) != null) {
                throw new IllegalStateException("signal " + d.name() + " is defined twice");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
        this.sampleNames = Collections.unmodifiableSet(collectSampleNames(definitions));
    }

    /** The catalog omescale ships. */
    public static SignalCatalog standard() {
        return STANDARD;
    }

    public List<SignalDefinition> definitions() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public Optional<SignalDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The definition of {@code name}; the error lists the known names, since a typo is the usual cause. */
    public SignalDefinition require(String name) {
        SignalDefinition d = byName.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown signal '" + name + "'; known signals: "
                    + String.join(", ", byName.keySet()));
        }
        return d;
    }

    /**
     * Every exposition sample name any signal reads, in both ':' and '_' spellings and with histogram
     * {@code _bucket} suffixes. The store keeps only these series, so an exporter's hundreds of other series
     * cost nothing after parsing.
     */
    public boolean isSourceSample(String sampleName) {
        return sampleNames.contains(sampleName);
    }

    private static Set<String> collectSampleNames(List<SignalDefinition> definitions) {
        Set<String> names = new LinkedHashSet<>();
        for (SignalDefinition d : definitions) {
            for (MetricSource s : d.sources()) {
                for (String form : List.of(s.metric(), s.underscoreForm())) {
                    names.add(d.kind() == SignalKind.QUANTILE ? form + "_bucket" : form);
                }
            }
        }
        names.add(DCGM_FB_USED);
        names.add(DCGM_FB_FREE);
        names.add(DCGM_FB_RESERVED);
        return names;
    }

    /** Quantile signal name, e.g. {@code ttft_p95_seconds}. */
    public static String quantileName(String base, double q) {
        return base + "_p" + Math.round(q * 100) + "_seconds";
    }

    private static List<SignalDefinition> standardDefinitions() {
        List<SignalDefinition> d = new ArrayList<>();
        d.add(gauge(QUEUE_LENGTH, "requests", Aggregation.SUM, "requests waiting to be scheduled",
                src("vllm:num_requests_waiting", VLLM_V1, WithinPod.SUM),
                src("sglang:num_queue_reqs", SGLANG, WithinPod.SUM)));
        d.add(gauge(RUNNING_REQUESTS, "requests", Aggregation.SUM, "requests in running batches",
                src("vllm:num_requests_running", VLLM_V1, WithinPod.SUM),
                src("sglang:num_running_reqs", SGLANG, WithinPod.SUM)));
        d.add(new SignalDefinition(CONCURRENCY, SignalKind.DERIVED, "requests", Aggregation.SUM, Double.NaN,
                List.of(), "requests in flight: running plus waiting"));
        d.add(rate(REQUEST_RATE, "requests per second", "finished requests per second",
                src("vllm:request_success_total", VLLM_V1, WithinPod.SUM),
                src("sglang:num_requests_total", SGLANG, WithinPod.SUM)));
        d.add(rate(PROMPT_TOKEN_RATE, "tokens per second", "prompt (prefill) tokens per second",
                src("vllm:prompt_tokens_total", VLLM_V1, WithinPod.SUM),
                src("sglang:prompt_tokens_total", SGLANG, WithinPod.SUM)));
        d.add(rate(GENERATION_TOKEN_RATE, "tokens per second", "generated (decode) tokens per second",
                src("vllm:generation_tokens_total", VLLM_V1, WithinPod.SUM),
                src("sglang:generation_tokens_total", SGLANG, WithinPod.SUM)));
        d.add(gauge(KV_CACHE_UTILIZATION, "ratio", Aggregation.AVERAGE, "KV cache in use, 0..1",
                src("vllm:kv_cache_usage_perc", VLLM_V1, WithinPod.AVERAGE),
                src("vllm:gpu_cache_usage_perc", VLLM_V0, WithinPod.AVERAGE),
                src("sglang:token_usage", SGLANG, WithinPod.AVERAGE)));
        addQuantiles(d, "ttft", "time to first token",
                src("vllm:time_to_first_token_seconds", VLLM_V1, WithinPod.SUM),
                src("sglang:time_to_first_token_seconds", SGLANG, WithinPod.SUM));
        addQuantiles(d, "itl", "inter-token latency",
                src("vllm:inter_token_latency_seconds", VLLM_V1, WithinPod.SUM),
                src("vllm:time_per_output_token_seconds", VLLM_V0, WithinPod.SUM),
                src("sglang:inter_token_latency_seconds", SGLANG, WithinPod.SUM),
                src("sglang:time_per_output_token_seconds", SGLANG, WithinPod.SUM));
        addQuantiles(d, "e2e_latency", "end-to-end request latency",
                src("vllm:e2e_request_latency_seconds", VLLM_V1, WithinPod.SUM),
                src("sglang:e2e_request_latency_seconds", SGLANG, WithinPod.SUM));
        addQuantiles(d, "queue_time", "time waiting in the queue",
                src("vllm:request_queue_time_seconds", VLLM_V1, WithinPod.SUM),
                src("sglang:queue_time_seconds", SGLANG, WithinPod.SUM));
        // GPU_UTIL is 0–100 and always on; GR_ENGINE_ACTIVE (0–1) is the DCP fallback where GPU_UTIL is absent.
        d.add(gauge(GPU_UTILIZATION, "ratio", Aggregation.AVERAGE, "GPU busy, 0..1",
                new MetricSource("DCGM_FI_DEV_GPU_UTIL", DCGM, 0.01, WithinPod.AVERAGE),
                new MetricSource("DCGM_FI_PROF_GR_ENGINE_ACTIVE", DCGM, 1.0, WithinPod.AVERAGE)));
        d.add(new SignalDefinition(GPU_MEMORY_UTILIZATION, SignalKind.DERIVED, "ratio", Aggregation.AVERAGE,
                Double.NaN, List.of(), "GPU framebuffer in use, used / (used + free + reserved), 0..1"));
        d.add(gauge(GPU_POWER_WATTS, "watts", Aggregation.SUM, "GPU power draw",
                new MetricSource("DCGM_FI_DEV_POWER_USAGE", DCGM, 1.0, WithinPod.SUM)));
        return d;
    }

    private static void addQuantiles(List<SignalDefinition> d, String base, String what, MetricSource... sources) {
        for (double q : QUANTILES) {
            d.add(new SignalDefinition(quantileName(base, q), SignalKind.QUANTILE, "seconds",
                    Aggregation.MERGED_BUCKETS, q, List.of(sources),
                    "p" + Math.round(q * 100) + " " + what + " over the window"));
        }
    }

    private static SignalDefinition gauge(String name, String unit, Aggregation agg, String description,
            MetricSource... sources) {
        return new SignalDefinition(name, SignalKind.GAUGE, unit, agg, Double.NaN, List.of(sources), description);
    }

    private static SignalDefinition rate(String name, String unit, String description, MetricSource... sources) {
        return new SignalDefinition(name, SignalKind.RATE, unit, Aggregation.SUM, Double.NaN, List.of(sources),
                description);
    }

    private static MetricSource src(String metric, Dialect dialect, WithinPod withinPod) {
        return new MetricSource(metric, dialect, 1.0, withinPod);
    }
}
