package dev.omescale.app.observe;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real Prometheus' HTTP API, as much as the dashboard checks need. */
final class PromApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PromApi(URI base) {
        this.base = base;
    }

    /** The {@code data} of a successful answer; a Prometheus error (e.g. a parse error) fails with its message. */
    JsonNode get(String path, String... params) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) {
            q.append(q.length() == 0 ? "?" : "&").append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path + q))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
                throw new PromQlError(path + " " + String.join(" ", params) + " → HTTP " + r.statusCode() + " "
                        + body.path("errorType").asString() + ": " + body.path("error").asString());
            }
            return body.get("data");
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus at " + base + " did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An instant query now; its result vector (or scalar as a one-element list). */
    List<JsonNode> query(String expr) {
        JsonNode data = get("/api/v1/query", "query", expr);
        List<JsonNode> out = new ArrayList<>();
        if ("scalar".equals(data.path("resultType").asString())) {
            out.add(data.get("result"));
        } else {
            data.get("result").forEach(out::add);
        }
        return out;
    }

    /** Values of {@code label} over series matching {@code match} (null: all series). */
    List<String> labelValues(String label, String match) {
        JsonNode data = match == null ? get("/api/v1/label/" + label + "/values")
                : get("/api/v1/label/" + label + "/values", "match[]", match);
        List<String> out = new ArrayList<>();
        data.forEach(v -> out.add(v.asString()));
        return out;
    }

    /** Metric family name → type, from what Prometheus scraped (TYPE lines). */
    Map<String, String> metadataTypes() {
        Map<String, String> types = new HashMap<>();
        JsonNode data = get("/api/v1/metadata");
        for (var it = data.propertyNames().iterator(); it.hasNext(); ) {
            String name = it.next();
            types.put(name, data.get(name).get(0).get("type").asString());
        }
        return types;
    }

    /** Prometheus refused a query or request. */
    static final class PromQlError extends RuntimeException {
        PromQlError(String message) {
            super(message);
        }
    }
}
