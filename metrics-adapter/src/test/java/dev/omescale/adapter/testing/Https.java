package dev.omescale.adapter.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Java HTTPS client for the adapter: one TLS identity, GETs with optional headers, JSON bodies. */
public final class Https {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client;
    private final URI base;

    public Https(URI base, SSLContext tls) {
        this.base = base;
        this.client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public record Response(int status, String body, String contentType, String contentEncoding) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public Response get(String path) throws IOException, InterruptedException {
        return get(path, Map.of());
    }

    public Response get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
                r.headers().firstValue("Content-Encoding").orElse(""));
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
