package dev.omescale.scaler.controller.testing;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Wraps the mock server's CRUD dispatcher: records every request (method, path, user agent) for assertions and the
 * RBAC audit, can answer the next matching requests with an injected status (a 409 once, say), and serves the
 * {@code /scale} subresource the way the API server does, which fabric8's CRUD mode does not: GET returns an
 * {@code autoscaling/v1 Scale} built from the object, PUT checks the Scale's resourceVersion against the object's
 * (409 when stale) and sets {@code spec.replicas}.
 */
public final class RecordingScaleDispatcher extends Dispatcher {

    /** One request as the API server saw it. */
    public record Call(String method, String path, String userAgent) {
        /** The path without the query string. */
        public String resourcePath() {
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }

        /**
         * The RBAC permission this request needs, as {@code verb group/resource[/subresource]} with {@code core}
         * for the core group: {@code list apps/deployments}, {@code update apps/deployments/scale},
         * {@code watch ome.io/inferenceservices}.
         */
        public String rbacRule() {
            String[] parts = resourcePath().split("/");
            int i;
            String group;
            if (parts.length > 2 && parts[1].equals("api")) {
                group = "core";
                i = 3;
            } else if (parts.length > 3 && parts[1].equals("apis")) {
                group = parts[2];
                i = 4;
            } else {
                return method.toLowerCase(java.util.Locale.ROOT) + " nonresource " + resourcePath();
            }
            if (i + 1 < parts.length && parts[i].equals("namespaces")
                    && (i + 2 < parts.length)) {
                i += 2;
            }
            String resource = i < parts.length ? parts[i] : "";
            boolean named = i + 1 < parts.length;
            String sub = i + 2 < parts.length ? "/" + parts[i + 2] : "";
            String verb = switch (method) {
                case "GET" -> named ? "get" : path.contains("watch=true") ? "watch" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> method.toLowerCase(java.util.Locale.ROOT);
            };
            return verb + " " + group + "/" + resource + sub;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private record Failure(String method, String pathSuffix, int code) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Dispatcher crud;
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, java.time.Duration> delays = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closing;

    public RecordingScaleDispatcher(Dispatcher crud) {
        this.crud = crud;
    }

    public List<Call> calls() {
        return new ArrayList<>(calls);
    }

    public void clearCalls() {
        calls.clear();
    }

    /** The next request with this method whose path (without query) ends with {@code pathSuffix} gets {@code code}. */
    public void failNext(String method, String pathSuffix, int code) {
        failures.add(new Failure(method, pathSuffix, code));
    }

    /** Every answer to a request whose path (without query) ends with {@code pathSuffix} is delayed by {@code d}. */
    public void slowDown(String pathSuffix, java.time.Duration d) {
        delays.put(pathSuffix, d);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse response = answer(request);
        String path = request.getPath();
        int q = path.indexOf('?');
        String resource = q < 0 ? path : path.substring(0, q);
        for (Map.Entry<String, java.time.Duration> d : delays.entrySet()) {
            if (resource.endsWith(d.getKey())) {
                response.setBodyDelay(d.getValue());
            }
        }
        return response;
    }

    private MockResponse answer(RecordedRequest request) {
        Call call = new Call(request.getMethod(), request.getPath(), request.getHeader("User-Agent"));
        calls.add(call);
        for (Failure f : failures) {
            if (f.method().equals(call.method()) && call.resourcePath().endsWith(f.pathSuffix())
                    && failures.remove(f)) {
                return status(f.code(), "injected by the test");
            }
        }
        String path = call.resourcePath();
        if (path.endsWith("/scale")) {
            String object = path.substring(0, path.length() - "/scale".length());
            if ("GET".equals(call.method())) {
                return scaleOf(crud.dispatch(request(HttpMethod.GET, object, null)));
            }
            if ("PUT".equals(call.method())) {
                return putScale(object, request.getUtf8Body());
            }
            return status(405, "only GET and PUT on /scale in this mock");
        }
        return crud.dispatch(request);
    }

    private MockResponse putScale(String object, String body) {
        MockResponse current = crud.dispatch(request(HttpMethod.GET, object, null));
        if (current.code() != 200) {
            return current;
        }
        ObjectNode obj = (ObjectNode) JSON.readTree(current.getBody().readUtf8());
        JsonNode scale = JSON.readTree(body);
        String sent = scale.path("metadata").path("resourceVersion").asString(null);
        String now = obj.path("metadata").path("resourceVersion").asString(null);
        if (sent != null && !sent.isEmpty() && !sent.equals(now)) {
            return status(409, "Operation cannot be fulfilled: the object has been modified; please apply your "
                    + "changes to the latest version and try again");
        }
        ((ObjectNode) obj.path("spec")).put("replicas", scale.path("spec").path("replicas").asInt());
        MockResponse updated = crud.dispatch(request(HttpMethod.PUT, object, obj.toString()));
        return updated.code() == 200 ? scaleOf(updated) : updated;
    }

    private static MockResponse scaleOf(MockResponse objectResponse) {
        if (objectResponse.code() != 200) {
            return objectResponse;
        }
        JsonNode obj = JSON.readTree(objectResponse.getBody().readUtf8());
        JsonNode meta = obj.path("metadata");
        int replicas = obj.path("spec").path("replicas").asInt(1);
        ObjectNode scale = JSON.createObjectNode();
        scale.put("apiVersion", "autoscaling/v1");
        scale.put("kind", "Scale");
        ObjectNode m = scale.putObject("metadata");
        m.put("name", meta.path("name").asString());
        m.put("namespace", meta.path("namespace").asString());
        m.put("resourceVersion", meta.path("resourceVersion").asString());
        if (meta.has("uid")) {
            m.put("uid", meta.path("uid").asString());
        }
        scale.putObject("spec").put("replicas", replicas);
        scale.putObject("status").put("replicas", obj.path("status").path("replicas").asInt(replicas));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(scale.toString());
    }

    private static RecordedRequest request(HttpMethod method, String path, String body) {
        Buffer buffer = new Buffer();
        if (body != null) {
            buffer.writeUtf8(body);
        }
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, buffer);
    }

    private static MockResponse status(int code, String message) {
        String reason = code == 409 ? "Conflict" : code == 404 ? "NotFound" : "InternalError";
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\""
                + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** The server shuts its dispatcher down on every stop; keep the state for a restart until {@link #close()}. */
    @Override
    public void shutdown() {
        if (closing) {
            crud.shutdown();
        }
    }

    public void close() {
        closing = true;
        crud.shutdown();
    }

}
