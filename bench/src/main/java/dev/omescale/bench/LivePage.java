package dev.omescale.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The busy vLLM page of {@link BenchPages} brought to life: rendered for a point in time, its counters,
 * histogram buckets and summaries have grown as if the engine kept serving {@code requestsPerSecond} since
 * time 0, and its load gauges drift, so a scraper sees non-zero rates and moving values.
 *
 * <p>Every cumulative value is scaled by one factor, so buckets stay monotone and consistent with their counts,
 * and window quantiles equal the page's own distribution. Values that are whole numbers on the page stay whole.
 */
final class LivePage {
    /** Gauges that move with load; everything else that is not cumulative (info, sizes, timestamps) stays put. */
    private static final Set<String> LOAD_GAUGES =
            Set.of("vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc");
    private static final String REQUEST_COUNT = "vllm:e2e_request_latency_seconds_count";
    private static final double GAUGE_PERIOD_SECONDS = 60;

    private enum Kind { FIXED, CUMULATIVE, LOAD_GAUGE }

    /** One line of the page: text to copy, and for samples the value that follows it. */
    private record Line(String prefix, Kind kind, double value, boolean whole, String original) {
    }

    private final List<Line> lines;
    private final double baseRequests;
    private final int bytesHint;

    private LivePage(List<Line> lines, double baseRequests, int bytesHint) {
        this.lines = lines;
        this.baseRequests = baseRequests;
        this.bytesHint = bytesHint;
    }

    /** The live version of a Prometheus text page whose requests are counted by {@value #REQUEST_COUNT}. */
    static LivePage of(String page) {
        List<Line> lines = new ArrayList<>();
        String familyType = "untyped";
        double requests = Double.NaN;
        for (String line : page.split("\n")) {
            if (line.startsWith("#")) {
                String[] words = line.split(" ", 4);
                if (words.length == 4 && words[1].equals("TYPE")) {
                    familyType = words[3].trim();
                }
                lines.add(new Line(line + "\n", Kind.FIXED, 0, false, null));
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int brace = line.indexOf('{');
            String name = line.substring(0, brace >= 0 ? brace : space);
            String text = line.substring(space + 1);
            double value = Double.parseDouble(text);
            Kind kind = kindOf(familyType, name);
            lines.add(new Line(line.substring(0, space + 1), kind, value, value == Math.rint(value), text + "\n"));
            if (name.equals(REQUEST_COUNT)) {
                requests = value;
            }
        }
        if (!(requests > 0)) {
            throw new IllegalArgumentException("page has no positive " + REQUEST_COUNT
                    + " sample; LivePage needs a busy vLLM page (BenchPages.VLLM_BUSY)");
        }
        return new LivePage(List.copyOf(lines), requests, page.length() + 256);
    }

    private static Kind kindOf(String familyType, String name) {
        if (name.endsWith("_created")) {
            return Kind.FIXED;
        }
        switch (familyType) {
            case "counter", "histogram", "summary":
                return Kind.CUMULATIVE;
            case "gauge":
                return LOAD_GAUGES.contains(name) ? Kind.LOAD_GAUGE : Kind.FIXED;
            default:
                return Kind.FIXED;
        }
    }

    /**
     * The page at {@code seconds} after time 0 for an engine serving {@code requestsPerSecond}; {@code phase}
     * (0 to 1) shifts its gauges' drift so that engines differ.
     */
    byte[] render(double seconds, double requestsPerSecond, double phase) {
        double growth = 1 + requestsPerSecond * seconds / baseRequests;
        double drift = 1 + 0.25 * Math.sin(2 * Math.PI * (seconds / GAUGE_PERIOD_SECONDS + phase));
        StringBuilder out = new StringBuilder(bytesHint);
        for (Line line : lines) {
            out.append(line.prefix());
            switch (line.kind()) {
                case FIXED:
                    if (line.original() != null) {
                        out.append(line.original());
                    }
                    break;
                case CUMULATIVE:
                    appendValue(out, line, line.value() * growth);
                    break;
                case LOAD_GAUGE:
                    double v = line.value() * drift;
                    appendValue(out, line, line.value() <= 1 ? Math.min(1, v) : v);
                    break;
                default:
                    throw new IllegalStateException("unknown line kind " + line.kind());
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendValue(StringBuilder out, Line line, double value) {
        out.append(PromFloat.format(line.whole() ? Math.rint(value) : value)).append('\n');
    }
}
