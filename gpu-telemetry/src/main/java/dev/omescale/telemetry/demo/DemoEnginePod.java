package dev.omescale.telemetry.demo;

import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;
import dev.omescale.telemetry.signal.HistogramBounds;
import java.util.HashMap;
import java.util.Map;

/**
 * One simulated vLLM V1 pod: a deterministic fluid model of continuous batching (arrivals queue, up to
 * {@code MAX_RUNNING} requests decode together, inter-token latency grows with the batch), written onto the
 * real vLLM capture so that every family, label and bucket layout is the real one.
 */
final class DemoEnginePod {
    static final int MAX_RUNNING = 48;
    private static final double KV_CAPACITY_TOKENS = 60_000;
    private static final double PREFILL_SECONDS_PER_TOKEN = 0.00008;

    private final String name;
    private final DemoLoad load;
    private final PageTemplate template;
    private final Map<String, DemoHistogram> histograms = new HashMap<>();

    private double seconds;
    private double arrivalCarry;
    private double completionCarry;
    private double tokenCarry;
    private long waiting;
    private long running;
    private long promptTokens;
    private long generationTokens;
    private long finished;

    DemoEnginePod(String name, DemoLoad load, PageTemplate template) {
        this.name = name;
        this.load = load;
        this.template = template;
        for (PageTemplate.TemplateFamily f : template.families()) {
            if (f.type() == MetricType.HISTOGRAM) {
                histograms.put(f.name(), new DemoHistogram(HistogramBounds.finiteBounds(f.samples().stream()
                        .filter(s -> s.name().endsWith("_bucket")).map(s -> s.labels().get("le")).toList())));
            }
        }
    }

    String name() {
        return name;
    }

    synchronized long running() {
        return running;
    }

    /** Moves the model forward by {@code dt} seconds. */
    synchronized void advance(double dt) {
        seconds += dt;
        double itl = interTokenLatency();
        double serviceSeconds = load.outputTokens() * itl;

        arrivalCarry += load.rateAt(seconds) * dt;
        long arrivals = (long) arrivalCarry;
        arrivalCarry -= arrivals;
        waiting += arrivals;

        long admitted = Math.min(waiting, MAX_RUNNING - running);
        if (admitted > 0) {
            // Requests admitted now waited behind those queued before them, drained at full-batch speed.
            double queueSeconds = (waiting - admitted) * serviceSeconds / MAX_RUNNING;
            double prefill = load.promptTokens() * PREFILL_SECONDS_PER_TOKEN * (1 + (double) running / MAX_RUNNING);
            waiting -= admitted;
            running += admitted;
            promptTokens += admitted * load.promptTokens();
            histogram("vllm:request_queue_time_seconds").observe(queueSeconds, admitted);
            histogram("vllm:time_to_first_token_seconds").observe(queueSeconds + prefill, admitted);
        }

        tokenCarry += running * dt / itl;
        long tokens = (long) tokenCarry;
        tokenCarry -= tokens;
        generationTokens += tokens;
        histogram("vllm:inter_token_latency_seconds").observe(itl, tokens);

        completionCarry += running * dt / serviceSeconds;
        long done = Math.min(running, (long) completionCarry);
        // Completions cannot be banked: an empty batch now must not finish future requests instantly.
        completionCarry = Math.min(completionCarry - done, 1.0);
        if (done > 0) {
            running -= done;
            finished += done;
            histogram("vllm:e2e_request_latency_seconds").observe(serviceSeconds + load.promptTokens()
                    * PREFILL_SECONDS_PER_TOKEN, done);
        }
    }

    /** A pod restart: every counter and histogram starts again from zero, as after a real crash. */
    synchronized void restart() {
        waiting = 0;
        running = 0;
        promptTokens = 0;
        generationTokens = 0;
        finished = 0;
        histograms.values().forEach(DemoHistogram::reset);
    }

    synchronized double kvCacheUsage() {
        return Math.min(1.0, running * (load.promptTokens() + load.outputTokens() / 2.0) / KV_CAPACITY_TOKENS);
    }

    private double interTokenLatency() {
        return 0.012 + 0.0006 * running;
    }

    private DemoHistogram histogram(String family) {
        DemoHistogram h = histograms.get(family);
        if (h == null) {
            throw new IllegalStateException("the vLLM capture has no histogram " + family);
        }
        return h;
    }

    synchronized String render() {
        ExpositionWriter w = new ExpositionWriter();
        for (PageTemplate.TemplateFamily f : template.families()) {
            w.family(f.name(), f.type(), f.help());
            DemoHistogram h = histograms.get(f.name());
            for (PageTemplate.TemplateSample s : f.samples()) {
                w.sample(s.name(), s.labels(), h != null ? histogramValue(h, f.name(), s) : value(s));
            }
        }
        return w.text();
    }

    private static double histogramValue(DemoHistogram h, String family, PageTemplate.TemplateSample s) {
        String suffix = s.name().substring(family.length());
        return switch (suffix) {
            case "_bucket" -> h.cumulative(HistogramBounds.parse(s.labels().get("le")));
            case "_sum" -> h.sum();
            case "_count" -> h.count();
            default -> s.value();
        };
    }

    private double value(PageTemplate.TemplateSample s) {
        Labels l = s.labels();
        return switch (s.name()) {
            case "vllm:num_requests_running" -> running;
            case "vllm:num_requests_waiting" -> waiting;
            case "vllm:kv_cache_usage_perc" -> kvCacheUsage();
            case "vllm:prompt_tokens_total" -> promptTokens;
            case "vllm:generation_tokens_total" -> generationTokens;
            case "vllm:request_success_total" -> "stop".equals(l.get("finished_reason")) ? finished : 0;
            default -> s.value();
        };
    }
}
