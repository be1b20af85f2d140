package dev.omescale.telemetry.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignalCatalogTest {
    private final SignalCatalog catalog = SignalCatalog.standard();

    @Test
    void definesExactlyTheSignalsOfTheVocabulary() {
        assertThat(catalog.names()).containsExactly(
                "queue_length", "running_requests", "concurrency", "request_rate", "prompt_token_rate",
                "generation_token_rate", "kv_cache_utilization",
                "ttft_p50_seconds", "ttft_p90_seconds", "ttft_p95_seconds", "ttft_p99_seconds",
                "itl_p50_seconds", "itl_p90_seconds", "itl_p95_seconds", "itl_p99_seconds",
                "e2e_latency_p50_seconds", "e2e_latency_p90_seconds", "e2e_latency_p95_seconds",
                "e2e_latency_p99_seconds",
                "queue_time_p50_seconds", "queue_time_p90_seconds", "queue_time_p95_seconds",
                "queue_time_p99_seconds",
                "gpu_utilization", "gpu_memory_utilization", "gpu_power_watts");
    }

    @Test
    void namesAreUsableInUrlsAndAsMetricNames() {
        assertThat(catalog.names()).allMatch(n -> n.matches("[a-z][a-z0-9_]*"));
    }

    @Test
    void everyDialectSpellingIsASourceSample() {
        assertThat(List.of("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "sglang:token_usage",
                "sglang_token_usage", "vllm_num_requests_waiting", "vllm:inter_token_latency_seconds_bucket",
                "vllm:time_per_output_token_seconds_bucket", "sglang_inter_token_latency_seconds_bucket",
                "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_PROF_GR_ENGINE_ACTIVE", "DCGM_FI_DEV_FB_USED",
                "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_POWER_USAGE", "vllm:request_success_total"))
                .allMatch(catalog::isSourceSample);
        assertThat(catalog.isSourceSample("python_gc_objects_collected_total")).isFalse();
        assertThat(catalog.isSourceSample("vllm:time_to_first_token_seconds_sum")).isFalse();
    }

    @Test
    void additiveSignalsSumAndIntensiveOnesAverage() {
        assertThat(catalog.require("queue_length").aggregation()).isEqualTo(Aggregation.SUM);
        assertThat(catalog.require("request_rate").aggregation()).isEqualTo(Aggregation.SUM);
        assertThat(catalog.require("kv_cache_utilization").aggregation()).isEqualTo(Aggregation.AVERAGE);
        assertThat(catalog.require("gpu_utilization").aggregation()).isEqualTo(Aggregation.AVERAGE);
        assertThat(catalog.require("ttft_p95_seconds").aggregation()).isEqualTo(Aggregation.MERGED_BUCKETS);
        assertThat(catalog.require("ttft_p95_seconds").quantile()).isEqualTo(0.95);
    }

    @Test
    void unknownSignalErrorListsTheKnownOnes() {
        assertThatThrownBy(() -> catalog.require("ttft_p95"))
                .hasMessageStartingWith("unknown signal 'ttft_p95'; known signals: queue_length, running_requests")
                .hasMessageContaining("ttft_p95_seconds");
    }
}
