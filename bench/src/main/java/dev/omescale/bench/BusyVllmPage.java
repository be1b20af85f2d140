package dev.omescale.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the real, idle vLLM capture into the page the same server would serve after hours of traffic: every
 * family kept in its order, every value replaced by a plausible busy-server number (histograms with non-zero,
 * mutually consistent buckets, sums and counts; counters consistent with the histograms), and the HTTP
 * families that were empty on the idle page filled in, each with the {@code _created} family that Python's
 * prometheus_client writes beside it. Deterministic: the same capture always gives the same bytes.
 *
 * <p>The scenario: one engine (Qwen2.5-0.5B, as captured) that has finished 48,213 requests, about 40 running
 * at a time, 73 % of its KV-cache blocks in use, with an external KV-cache connector.
 */
final class BusyVllmPage {
    private static final Pattern LE = Pattern.compile("le=\"([^\"]*)\"");
    private static final double REQUESTS = 48_213;
    private static final double NUM_GPU_BLOCKS = 101_625;
    private static final double PARAMS = 494_032_768; // Qwen2.5-0.5B parameter count
    private static final double CREATED_BASE = 1.7740114615667598e9;

    private record Block(String name, String type, List<String> comments, List<String> samples) {
    }

    /** An OpenAI-server route as the HTTP instrumentation sees it. */
    private record Route(String handler, String method, String status, double requests, double requestBytes,
            double responseBytes, Distribution latency) {
    }

    private final Map<String, HistogramModel> histograms = new HashMap<>();
    private final List<Route> routes = List.of(
            new Route("/v1/chat/completions", "POST", "2xx", 45_870, 6_214, 1_893, Distribution.logNormal(5.0, 0.8)),
            new Route("/v1/chat/completions", "POST", "4xx", 164, 5_102, 161, Distribution.logNormal(0.004, 0.5)),
            new Route("/v1/completions", "POST", "2xx", 2_343, 4_807, 1_512, Distribution.logNormal(4.1, 0.8)),
            new Route("/v1/models", "GET", "2xx", 1_207, 0, 482, Distribution.logNormal(0.0015, 0.4)),
            new Route("/tokenize", "POST", "2xx", 96, 3_117, 5_409, Distribution.logNormal(0.003, 0.5)));
    private final double promptTokens;
    private final double generationTokens;
    private int createdSeq;

    private BusyVllmPage() {
        Distribution prompt = Distribution.logNormal(850, 1.0);
        Distribution generation = Distribution.logNormal(220, 0.9);
        Distribution maxTokens = Distribution.logNormal(1024, 0.5);
        Distribution iteration = Distribution.logNormal(64, 1.5);
        promptTokens = Math.round(REQUESTS * prompt.mean());
        generationTokens = Math.round(REQUESTS * generation.mean());
        double steps = Math.round((promptTokens + generationTokens) / iteration.mean());

        tokens("vllm:request_prompt_tokens", prompt, REQUESTS);
        tokens("vllm:request_generation_tokens", generation, REQUESTS);
        tokens("vllm:iteration_tokens_total", iteration, steps);
        tokens("vllm:request_max_num_generation_tokens", maxTokens, REQUESTS);
        tokens("vllm:request_params_n",
                Distribution.discrete(new double[] {1, 2, 4}, new double[] {0.982, 0.013, 0.005}), REQUESTS);
        tokens("vllm:request_params_max_tokens", maxTokens, REQUESTS);
        tokens("vllm:request_prefill_kv_computed_tokens", Distribution.logNormal(500, 1.1), REQUESTS);
        seconds("vllm:time_to_first_token_seconds", Distribution.logNormal(0.18, 0.9), REQUESTS);
        seconds("vllm:inter_token_latency_seconds", Distribution.logNormal(0.022, 0.5), generationTokens - REQUESTS);
        seconds("vllm:request_time_per_output_token_seconds", Distribution.logNormal(0.024, 0.4), REQUESTS);
        seconds("vllm:e2e_request_latency_seconds", Distribution.logNormal(5.2, 0.8), REQUESTS);
        seconds("vllm:request_queue_time_seconds", Distribution.logNormal(0.05, 1.5), REQUESTS);
        seconds("vllm:request_inference_time_seconds", Distribution.logNormal(4.9, 0.8), REQUESTS);
        seconds("vllm:request_prefill_time_seconds", Distribution.logNormal(0.12, 0.8), REQUESTS);
        seconds("vllm:request_decode_time_seconds", Distribution.logNormal(4.7, 0.8), REQUESTS);
        List<HistogramModel.Part> all = new ArrayList<>();
        for (Route r : routes) {
            all.add(new HistogramModel.Part(r.latency(), r.requests()));
        }
        histograms.put("http_request_duration_highr_seconds", new HistogramModel(all, false));
    }

    /** The busy counterpart of {@code realPage}, a vLLM V1 page in the text format. */
    static String from(String realPage) {
        BusyVllmPage page = new BusyVllmPage();
        StringBuilder out = new StringBuilder(realPage.length() * 2);
        for (Block block : blocks(realPage)) {
            page.write(block, out);
        }
        return out.toString();
    }

    private void tokens(String family, Distribution d, double count) {
        histograms.put(family, HistogramModel.of(d, count, true));
    }

    private void seconds(String family, Distribution d, double count) {
        histograms.put(family, HistogramModel.of(d, count, false));
    }

    /** Splits the page into families: HELP/TYPE comments followed by their sample lines. */
    private static List<Block> blocks(String page) {
        List<Block> blocks = new ArrayList<>();
        Block current = null;
        for (String line : page.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] words = line.split(" ", 4);
                String name = words.length > 2 ? words[2] : "";
                if (current == null || !current.samples().isEmpty() || !current.name().equals(name)) {
                    current = new Block(name, words[1].equals("TYPE") ? words[3].trim() : "untyped",
                            new ArrayList<>(), new ArrayList<>());
                    blocks.add(current);
                } else if (words[1].equals("TYPE")) {
                    current = new Block(name, words[3].trim(), current.comments(), current.samples());
                    blocks.set(blocks.size() - 1, current);
                }
                current.comments().add(line);
            } else {
                if (current == null) {
                    throw new IllegalArgumentException("page starts with a sample before any # TYPE: " + line);
                }
                current.samples().add(line);
            }
        }
        return blocks;
    }

    private void write(Block block, StringBuilder out) {
        for (String c : block.comments()) {
            out.append(c).append('\n');
        }
        if (block.samples().isEmpty() && block.name().startsWith("http_")) {
            fillHttp(block, out);
            return;
        }
        for (String line : block.samples()) {
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            int nameEnd = brace >= 0 ? brace : space;
            String name = line.substring(0, nameEnd);
            String labels = brace >= 0 ? line.substring(brace + 1, line.lastIndexOf('}')) : "";
            double value = block.type().equals("histogram")
                    ? histogramValue(block.name(), name, labels)
                    : scalarValue(name, labels, Double.parseDouble(line.substring(space + 1)));
            out.append(line, 0, space + 1).append(PromFloat.format(value)).append('\n');
        }
    }

    private double histogramValue(String family, String name, String labels) {
        HistogramModel model = histograms.get(family);
        if (model == null) {
            throw new IllegalStateException("no busy model for histogram family " + family
                    + "; the capture has changed: add one in BusyVllmPage");
        }
        if (name.endsWith("_bucket")) {
            Matcher m = LE.matcher(labels);
            if (!m.find()) {
                throw new IllegalArgumentException("bucket without le in " + family + ": {" + labels + "}");
            }
            return model.cumulative(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)));
        }
        return name.endsWith("_count") ? model.count() : model.sum();
    }

    private double scalarValue(String name, String labels, double idle) {
        double cachedLocal = Math.round(promptTokens * 0.31);
        double cachedExternal = Math.round(promptTokens * 0.07);
        if (name.endsWith("_created") || name.equals("process_start_time_seconds") || name.equals("python_info")
                || name.equals("process_max_fds") || name.equals("vllm:engine_sleep_state")
                || name.equals("vllm:cache_config_info")) {
            return idle; // timestamps, constants and info gauges read the same on a busy server
        }
        switch (name) {
            case "python_gc_objects_collected_total": return byGeneration(labels, 1_893_452, 402_118, 61_240);
            case "python_gc_objects_uncollectable_total": return 0;
            case "python_gc_collections_total": return byGeneration(labels, 41_822, 3_801, 287);
            case "process_virtual_memory_bytes": return 1.3975191552e10;
            case "process_resident_memory_bytes": return 3.621257216e9;
            case "process_cpu_seconds_total": return 28_417.36;
            case "process_open_fds": return 213;
            case "vllm:estimated_flops_per_gpu_total": return 2 * PARAMS * (promptTokens + generationTokens);
            case "vllm:estimated_read_bytes_per_gpu_total": return 2 * PARAMS * histograms.get("vllm:iteration_tokens_total").count();
            case "vllm:estimated_write_bytes_per_gpu_total": return 12_288 * (promptTokens + generationTokens);
            case "vllm:num_requests_running": return 41;
            case "vllm:num_requests_waiting": return 7;
            case "vllm:kv_cache_usage_perc": return 74_351 / NUM_GPU_BLOCKS;
            case "vllm:prefix_cache_queries_total": return promptTokens;
            case "vllm:prefix_cache_hits_total": return cachedLocal;
            case "vllm:external_prefix_cache_queries_total": return promptTokens - cachedLocal;
            case "vllm:external_prefix_cache_hits_total": return cachedExternal;
            case "vllm:mm_cache_queries_total", "vllm:mm_cache_hits_total": return 0; // text-only model
            case "vllm:num_preemptions_total": return 1_317;
            case "vllm:prompt_tokens_total": return promptTokens;
            case "vllm:prompt_tokens_by_source_total":
                switch (label(labels, "source")) {
                    case "local_compute": return promptTokens - cachedLocal - cachedExternal;
                    case "local_cache_hit": return cachedLocal;
                    case "external_kv_transfer": return cachedExternal;
                    default: break;
                }
                break;
            case "vllm:prompt_tokens_cached_total": return cachedLocal + cachedExternal;
            case "vllm:prompt_tokens_recomputed_total": return 4_812;
            case "vllm:generation_tokens_total": return generationTokens;
            case "vllm:request_success_total":
                switch (label(labels, "finished_reason")) {
                    case "stop": return 41_877;
                    case "length": return 6_102;
                    case "abort": return 221;
                    case "error": return 13;
                    case "repetition": return 0;
                    default: break;
                }
                break;
            default:
                break;
        }
        throw new IllegalStateException("no busy value for sample " + name + "{" + labels
                + "}; the capture has changed: add one in BusyVllmPage.scalarValue");
    }

    private static double byGeneration(String labels, double g0, double g1, double g2) {
        String g = label(labels, "generation");
        return g.equals("0") ? g0 : g.equals("1") ? g1 : g2;
    }

    private static String label(String labels, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "=\"([^\"]*)\"").matcher(labels);
        return m.find() ? m.group(1) : "";
    }

    /** Families the idle page declares without samples because no request had been served yet. */
    private void fillHttp(Block block, StringBuilder out) {
        String name = block.name();
        Map<String, String> created = new LinkedHashMap<>();
        switch (block.type()) {
            case "counter":
                for (Route r : routes) {
                    String labels = "handler=\"" + r.handler() + "\",method=\"" + r.method() + "\",status=\""
                            + r.status() + "\"";
                    sample(out, name, labels, r.requests());
                    created.put(labels, null);
                }
                break;
            case "summary":
                boolean request = name.contains("request");
                for (Map.Entry<String, List<Route>> e : groupBy(r -> "handler=\"" + r.handler() + "\"").entrySet()) {
                    double count = 0;
                    double sum = 0;
                    for (Route r : e.getValue()) {
                        count += r.requests();
                        sum += r.requests() * (request ? r.requestBytes() : r.responseBytes());
                    }
                    sample(out, name + "_count", e.getKey(), count);
                    sample(out, name + "_sum", e.getKey(), sum);
                    created.put(e.getKey(), null);
                }
                break;
            case "histogram":
                double[] bounds = {0.1, 0.5, 1.0, Double.POSITIVE_INFINITY};
                for (Map.Entry<String, List<Route>> e
                        : groupBy(r -> "handler=\"" + r.handler() + "\",method=\"" + r.method() + "\"").entrySet()) {
                    List<HistogramModel.Part> parts = new ArrayList<>();
                    for (Route r : e.getValue()) {
                        parts.add(new HistogramModel.Part(r.latency(), r.requests()));
                    }
                    HistogramModel model = new HistogramModel(parts, false);
                    // Labels sorted by name, le included, as on the real page.
                    String[] hm = e.getKey().split(",");
                    for (double b : bounds) {
                        sample(out, name + "_bucket", hm[0] + ",le=\"" + PromFloat.format(b) + "\"," + hm[1],
                                model.cumulative(b));
                    }
                    sample(out, name + "_count", e.getKey(), model.count());
                    sample(out, name + "_sum", e.getKey(), model.sum());
                    created.put(e.getKey(), null);
                }
                break;
            default:
                throw new IllegalStateException("cannot fill empty family " + name + " of type " + block.type());
        }
        String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        String help = block.comments().get(0).startsWith("# HELP ")
                ? block.comments().get(0).substring(("# HELP " + name + " ").length()) : "";
        out.append("# HELP ").append(base).append("_created ").append(help).append('\n');
        out.append("# TYPE ").append(base).append("_created gauge\n");
        for (String labels : created.keySet()) {
            sample(out, base + "_created", labels, CREATED_BASE + 0.0001 * ++createdSeq);
        }
    }

    private Map<String, List<Route>> groupBy(java.util.function.Function<Route, String> key) {
        Map<String, List<Route>> groups = new LinkedHashMap<>();
        for (Route r : routes) {
            groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append('{').append(labels).append("} ").append(PromFloat.format(value)).append('\n');
    }
}
