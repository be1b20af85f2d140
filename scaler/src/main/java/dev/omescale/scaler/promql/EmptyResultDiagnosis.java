package dev.omescale.scaler.promql;

import dev.omescale.scaler.model.ComponentKind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Why a component's query matched no series, from the query text alone: the OME label convention (the pod label
 * {@code ome.io/inferenceservice} holds the InferenceService name, while OME's {@code %s} is the component object
 * name) and metric names that OME's docs and defaults use but real engines do not export. See
 * spec/ome-compat.md sections 7 and 10 and spec/llm-signals.md.
 */
final class EmptyResultDiagnosis {

    /** The label as Prometheus relabels it, or quoted in its original spelling (Prometheus 3 UTF-8 names). */
    private static final Pattern ISVC_MATCHER = Pattern.compile(
            "(ome_io_inferenceservice|\"ome\\.io/inferenceservice\")\\s*(=~|=)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)')");

    /** A metric name that matches nothing on current engines, what it is, and what to read instead. */
    private record WrongMetric(String name, String why, String replacement, boolean histogram) {
    }

    private static final List<WrongMetric> WRONG_METRICS = List.of(
            new WrongMetric("vllm:avg_generation_throughput_toks_per_s", "is a vLLM V0 gauge that V1 engines"
                    + " (vLLM 0.9 and later, what OME runtimes run) do not export",
                    "rate(vllm:generation_tokens_total[1m])", false),
            new WrongMetric("vllm:avg_prompt_throughput_toks_per_s", "is a vLLM V0 gauge that V1 engines"
                    + " (vLLM 0.9 and later, what OME runtimes run) do not export",
                    "rate(vllm:prompt_tokens_total[1m])", false),
            new WrongMetric("vllm:request_latency_seconds", "never existed in any vLLM version",
                    "vllm:e2e_request_latency_seconds", true),
            new WrongMetric("vllm:time_per_output_token_seconds", "was renamed and is gone from current vLLM",
                    "vllm:inter_token_latency_seconds", true),
            new WrongMetric("vllm:gpu_cache_usage_perc", "was renamed and is gone from current vLLM",
                    "vllm:kv_cache_usage_perc", false),
            new WrongMetric("sglang_concurrent_requests", "does not exist in SGLang",
                    "sglang:num_running_reqs (running requests)", false),
            new WrongMetric("sglang_request_duration_seconds", "does not exist in SGLang",
                    "sglang:e2e_request_latency_seconds", true));

    private EmptyResultDiagnosis() {
    }

    /**
     * The causes the query text shows, each one sentence with its fix; empty when the text shows none.
     *
     * @param objectName       the component object name OME's {@code %s} becomes, e.g. {@code llama-chat-engine}
     * @param inferenceService the InferenceService name, what the label holds, e.g. {@code llama-chat}
     */
    static List<String> textualCauses(String query, String objectName, String inferenceService,
            ComponentKind kind) {
        List<String> causes = new ArrayList<>();
        Matcher m = ISVC_MATCHER.matcher(query);
        while (m.find()) {
            String label = m.group(1);
            boolean regex = "=~".equals(m.group(2));
            String value = m.group(3) != null ? m.group(3) : m.group(4);
            if (selectsObjectNameOnly(value, regex, objectName, inferenceService)) {
                causes.add("it selects " + m.group() + ", but that label holds the InferenceService name ("
                        + inferenceService + "), not the component object name; select " + label + "=\""
                        + inferenceService + "\",component=\"" + kind.word() + "\" instead");
                break;
            }
        }
        for (WrongMetric wrong : WRONG_METRICS) {
            Matcher w = Pattern.compile("(?<![A-Za-z0-9_:])" + Pattern.quote(wrong.name())
                    + "(_bucket|_sum|_count)?(?![A-Za-z0-9_:])").matcher(query);
            if (w.find()) {
                String suffix = w.group(1) == null ? "" : w.group(1);
                causes.add(w.group() + " " + wrong.why() + "; use " + wrong.replacement()
                        + (wrong.histogram() ? suffix : ""));
            }
        }
        return causes;
    }

    private static boolean selectsObjectNameOnly(String value, boolean regex, String objectName,
            String inferenceService) {
        if (!regex) {
            return value.equals(objectName);
        }
        try {
            // PromQL regexes are anchored at both ends, as String.matches is
            return objectName.matches(value) && !inferenceService.matches(value);
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
