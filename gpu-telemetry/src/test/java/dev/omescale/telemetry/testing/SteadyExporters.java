package dev.omescale.telemetry.testing;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * vLLM and dcgm-exporter pages whose values are closed-form functions of wall-clock time: counters and histogram
 * buckets grow linearly, gauges drift slowly. Two scrapers that sample at different moments, or miss a scrape
 * under load, then see points on the same lines (shares are chosen so no quantile the tests ask for falls exactly
 * on a bucket bound, where float rounding alone decides the bucket), so comparing omescale's window math with Prometheus' measures
 * the math and not the sampling. Families, label names and bucket layouts are vLLM V1's and dcgm-exporter's.
 */
public final class SteadyExporters implements AutoCloseable {
    static final double[] TTFT_BOUNDS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5,
        7.5, 10, 20, 40, 80, 160, 640, 2560};
    static final double[] ITL_BOUNDS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5,
        10, 20, 40, 80};
    static final double[] E2E_BOUNDS = {0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960,
        1920, 7680};
    static final int PROMPT_TOKENS = 800;
    static final int OUTPUT_TOKENS = 200;

    private final FakeExporter server = FakeExporter.start();
    private final double[] requestRates;
    private final long[] startMillis;
    private final String namespace;
    private final String podPrefix;

    /** One engine pod per entry of {@code requestRates} (requests per second), and one dcgm-exporter. */
    public SteadyExporters(String namespace, String podPrefix, double... requestRates) {
        this.namespace = namespace;
        this.podPrefix = podPrefix;
        this.requestRates = requestRates.clone();
        this.startMillis = new long[requestRates.length];
        long now = System.currentTimeMillis();
        for (int i = 0; i < requestRates.length; i++) {
            startMillis[i] = now;
            int pod = i;
            server.serve("/engine/" + i + "/metrics", exchange -> FakeExporter.page(
                    "text/plain; version=0.0.4; charset=utf-8", enginePage(pod, System.currentTimeMillis()))
                    .respond(exchange));
        }
        server.serve("/dcgm/metrics", exchange -> FakeExporter.page(null, gpuPage(System.currentTimeMillis()))
                .respond(exchange));
    }

    public URI engineUrl(int i) {
        return server.url("/engine/" + i + "/metrics");
    }

    public URI gpuUrl() {
        return server.url("/dcgm/metrics");
    }

    public String podName(int i) {
        return podPrefix + i;
    }

    /** Requests per second pod {@code i} serves. */
    public double requestRate(int i) {
        return requestRates[i];
    }

    /** A crash and restart of pod {@code i}: its counters start again from zero now. */
    public synchronized void restart(int i) {
        startMillis[i] = System.currentTimeMillis();
    }

    private synchronized double secondsSinceStart(int i, long nowMillis) {
        return (nowMillis - startMillis[i]) / 1000.0;
    }

    /** Latencies of pod {@code i} are this much slower than pod 0's, so pods differ. */
    private static double slowdown(int i) {
        return 1 + 0.5 * i;
    }

    String enginePage(int i, long nowMillis) {
        double t = secondsSinceStart(i, nowMillis);
        double rate = requestRates[i];
        double requests = rate * t;
        double drift = nowMillis % 600_000 / 600_000.0; // 0..1 over ten minutes: slow enough to average cleanly
        String l = "{engine=\"0\",model_name=\"Qwen/Qwen2.5-0.5B-Instruct\"";
        StringBuilder sb = new StringBuilder();
        gauge(sb, "vllm:num_requests_running", l + "}", rate * 3 + drift);
        gauge(sb, "vllm:num_requests_waiting", l + "}", rate * 0.5 + drift);
        gauge(sb, "vllm:kv_cache_usage_perc", l + "}", Math.min(1, 0.05 * rate + 0.1 * drift));
        counter(sb, "vllm:prompt_tokens_total", l + "}", requests * PROMPT_TOKENS);
        counter(sb, "vllm:generation_tokens_total", l + "}", requests * OUTPUT_TOKENS);
        sb.append("# TYPE vllm:request_success_total counter\n");
        for (String reason : new String[] {"stop", "length", "abort"}) {
            double share = reason.equals("stop") ? 0.9 : reason.equals("length") ? 0.1 : 0;
            sb.append("vllm:request_success_total").append(l).append(",finished_reason=\"").append(reason)
                    .append("\"} ").append(num(requests * share)).append('\n');
        }
        double s = slowdown(i);
        histogram(sb, "vllm:time_to_first_token_seconds", l, TTFT_BOUNDS, requests,
                Map.of(0.07 * s, 0.5, 0.2 * s, 0.27, 0.6 * s, 0.16, 3.0 * s, 0.07));
        histogram(sb, "vllm:inter_token_latency_seconds", l, ITL_BOUNDS, requests * OUTPUT_TOKENS,
                Map.of(0.02 * s, 0.58, 0.04 * s, 0.33, 0.09 * s, 0.09));
        histogram(sb, "vllm:e2e_request_latency_seconds", l, E2E_BOUNDS, requests,
                Map.of(2.2 * s, 0.52, 4.0 * s, 0.37, 12.0 * s, 0.11));
        histogram(sb, "vllm:request_queue_time_seconds", l, E2E_BOUNDS, requests,
                Map.of(0.1 * s, 0.77, 0.9 * s, 0.23));
        return sb.toString();
    }

    String gpuPage(long nowMillis) {
        double drift = nowMillis % 600_000 / 600_000.0;
        StringBuilder sb = new StringBuilder();
        String[] families = {"DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE"};
        for (String f : families) {
            sb.append("# HELP ").append(f).append(" steady test value\n# TYPE ").append(f).append(" gauge\n");
            for (int i = 0; i < requestRates.length; i++) {
                double busy = Math.min(1, 0.2 + 0.1 * requestRates[i] + 0.01 * drift);
                double v = switch (f) {
                    case "DCGM_FI_DEV_GPU_UTIL" -> busy * 100;
                    case "DCGM_FI_DEV_POWER_USAGE" -> 16.365 + 55 * busy;
                    case "DCGM_FI_DEV_FB_USED" -> 9000 + 10000 * busy;
                    default -> 23034 - 356 - 9000 - 10000 * busy;
                };
                sb.append(f).append("{gpu=\"").append(i).append("\",UUID=\"GPU-").append(i)
                        .append("\",modelName=\"NVIDIA L4\",Hostname=\"node-1\",pod=\"").append(podName(i))
                        .append("\",namespace=\"").append(namespace).append("\",container=\"ome-container\"} ")
                        .append(String.format(Locale.ROOT, "%.6f", v)).append('\n');
            }
        }
        return sb.toString();
    }

    private static void gauge(StringBuilder sb, String name, String labels, double v) {
        sb.append("# TYPE ").append(name).append(" gauge\n").append(name).append(labels).append(' ').append(num(v))
                .append('\n');
    }

    private static void counter(StringBuilder sb, String name, String labels, double v) {
        sb.append("# TYPE ").append(name).append(" counter\n").append(name).append(labels).append(' ').append(num(v))
                .append('\n');
    }

    /** {@code observations} spread over fixed latencies with the given shares; buckets cumulative. */
    private static void histogram(StringBuilder sb, String name, String labelsOpen, double[] bounds,
            double observations, Map<Double, Double> shares) {
        TreeMap<Double, Double> sorted = new TreeMap<>(shares);
        sb.append("# TYPE ").append(name).append(" histogram\n");
        for (double b : bounds) {
            double below = sorted.headMap(b, true).values().stream().mapToDouble(Double::doubleValue).sum();
            sb.append(name).append("_bucket").append(labelsOpen).append(",le=\"").append(num(b)).append("\"} ")
                    .append(num(observations * below)).append('\n');
        }
        sb.append(name).append("_bucket").append(labelsOpen).append(",le=\"+Inf\"} ").append(num(observations))
                .append('\n');
        double sum = sorted.entrySet().stream().mapToDouble(e -> e.getKey() * e.getValue()).sum() * observations;
        sb.append(name).append("_sum").append(labelsOpen).append("} ").append(num(sum)).append('\n');
        sb.append(name).append("_count").append(labelsOpen).append("} ").append(num(observations)).append('\n');
    }

    private static String num(double v) {
        return Double.toString(v);
    }


    @Override
    public void close() {
        server.close();
    }
}
