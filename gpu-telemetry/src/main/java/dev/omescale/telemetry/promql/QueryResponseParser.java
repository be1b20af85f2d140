package dev.omescale.telemetry.promql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the JSON of {@code /api/v1/query} into a {@link QueryResult}. Anything that is not the documented
 * shape is a {@link PromQlException} naming what was wrong, never a half-filled result.
 */
final class QueryResponseParser {
    /** Go's strconv.FormatFloat output: plain decimals with an optional exponent; no Java-only suffixes. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final ObjectMapper mapper;

    QueryResponseParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The root node, or an exception saying the body is not JSON. */
    JsonNode readJson(byte[] body, String context) throws PromQlException {
        try {
            JsonNode root = mapper.readTree(body);
            if (root == null || !root.isObject()) {
                throw new PromQlException(context + ": the answer is not a JSON object (" + snippet(body)
                        + "); check that serverAddress points at Prometheus' HTTP API");
            }
            return root;
        } catch (JacksonException e) {
            throw new PromQlException(context + ": the answer is not valid JSON (" + e.getOriginalMessage()
                    + "; body starts " + snippet(body) + "); check that serverAddress points at Prometheus' HTTP API",
                    e);
        }
    }

    QueryResult parse(JsonNode root, String context) throws PromQlException {
        String status = text(root.get("status"));
        if (!"success".equals(status)) {
            String errorType = text(root.get("errorType"));
            String error = text(root.get("error"));
            throw new PromQlException(context + ": Prometheus answered status '" + status + "'"
                    + (errorType == null ? "" : ", " + errorType) + (error == null ? "" : ": " + error),
                    null, 0, errorType);
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw shape(context, "has no 'data' object");
        }
        String typeName = text(data.get("resultType"));
        ResultType type = ResultType.fromWire(typeName);
        if (type == null) {
            throw shape(context, "has resultType '" + typeName + "', which is not vector, scalar, matrix or string");
        }
        if (type == ResultType.MATRIX || type == ResultType.STRING) {
            throw new PromQlException(context + " returned a " + type.wireName()
                    + "; use an instant query that returns a vector or scalar"
                    + (type == ResultType.MATRIX ? " (drop the [range] selector or wrap it, e.g. in rate() or "
                            + "avg_over_time())" : ""));
        }
        JsonNode result = data.get("result");
        if (result == null || !result.isArray()) {
            throw shape(context, "has no 'result' array");
        }
        if (type == ResultType.SCALAR) {
            return new QueryResult(type, List.of(sample(Map.of(), result, context)));
        }
        List<SeriesValue> series = new ArrayList<>(result.size());
        for (JsonNode element : result) {
            if (!element.isObject()) {
                throw shape(context, "has a vector element that is not an object");
            }
            Map<String, String> labels = labels(element.get("metric"), context);
            JsonNode value = element.get("value");
            if (value == null && element.get("histogram") != null) {
                throw new PromQlException(context + " returned a native histogram sample for " + labels
                        + "; reduce it to a number, e.g. with histogram_quantile(), histogram_count() or "
                        + "histogram_sum()");
            }
            if (value == null) {
                throw shape(context, "has a vector element for " + labels + " without 'value'");
            }
            series.add(sample(labels, value, context));
        }
        return new QueryResult(type, series);
    }

    private static Map<String, String> labels(JsonNode metric, String context) throws PromQlException {
        if (metric == null || metric.isNull()) {
            return Map.of();
        }
        if (!metric.isObject()) {
            throw shape(context, "has a 'metric' that is not an object");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> label : metric.properties()) {
            if (!label.getValue().isString()) {
                throw shape(context, "has label '" + label.getKey() + "' whose value is not a string");
            }
            labels.put(label.getKey(), label.getValue().stringValue());
        }
        return labels;
    }

    /** {@code [ts, "v"]}, {@code [ts, null]} or {@code []}. */
    private static SeriesValue sample(Map<String, String> labels, JsonNode pair, String context)
            throws PromQlException {
        if (!pair.isArray()) {
            throw shape(context, "has a sample for " + labels + " that is not a [timestamp, value] array");
        }
        if (pair.isEmpty()) {
            return new SeriesValue(labels, Double.NaN, null, false);
        }
        if (pair.size() < 2) {
            throw new PromQlException(context + " returned a sample for " + labels + " with " + pair.size()
                    + " entry instead of [timestamp, value]; check that serverAddress points at Prometheus' HTTP API");
        }
        Instant timestamp = timestamp(pair.get(0), labels, context);
        JsonNode value = pair.get(1);
        if (value.isNull()) {
            return new SeriesValue(labels, Double.NaN, timestamp, true);
        }
        double number;
        if (value.isString()) {
            number = parseFloat(value.stringValue(), labels, context);
        } else if (value.isNumber()) {
            number = value.doubleValue();
        } else {
            throw shape(context, "has a value for " + labels + " that is neither a string nor a number");
        }
        return new SeriesValue(labels, number, timestamp, false);
    }

    private static Instant timestamp(JsonNode node, Map<String, String> labels, String context)
            throws PromQlException {
        if (!node.isNumber()) {
            throw shape(context, "has a timestamp for " + labels + " that is not a number");
        }
        // Seconds with a fraction; BigDecimal keeps the milliseconds exact where a double would round them.
        BigDecimal seconds = node.decimalValue();
        long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /** Prometheus writes floats with Go's strconv: "NaN", "+Inf", "-Inf", or a decimal. */
    static double parseFloat(String text, Map<String, String> labels, String context) throws PromQlException {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (DECIMAL.matcher(text).matches()) {
                    return Double.parseDouble(text);
                }
                throw new PromQlException(context + " returned value '" + text + "' for " + labels
                        + ", which is not a number; check that serverAddress points at Prometheus' HTTP API");
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    private static PromQlException shape(String context, String what) {
        return new PromQlException(context + ": the answer " + what
                + ", which is not the Prometheus query API; check that serverAddress points at Prometheus");
    }

    /** The start of a body for an error message: bounded, one line, control characters made spaces. */
    static String snippet(byte[] body) {
        if (body.length == 0) {
            return "<empty>";
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length() + 5).append('\'');
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        out.append('\'');
        if (body.length > 200) {
            out.append("...");
        }
        return out.toString();
    }
}
