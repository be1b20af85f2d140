package dev.omescale.telemetry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP exporter on 127.0.0.1 for scraper tests: serves what each path is told to serve and counts
 * requests and requests in flight, overall and per path, so tests can observe concurrency from the outside.
 */
public final class FakeExporter implements AutoCloseable {

    /** What one path answers. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();
    private final Map<String, PathStats> stats = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private static final class PathStats {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final List<Headers> headers = new CopyOnWriteArrayList<>();
    }

    private FakeExporter() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-exporter");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeExporter start() {
        try {
            return new FakeExporter();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** {@link #url} with user info, for basic-auth tests. */
    public URI url(String userInfo, String path) {
        return URI.create("http://" + userInfo + "@127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public FakeExporter serve(String path, Responder responder) {
        responders.put(path, responder);
        return this;
    }

    public int requests(String path) {
        return stats(path).requests.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int maxInFlight(String path) {
        return stats(path).maxInFlight.get();
    }

    public List<Headers> requestHeaders(String path) {
        return List.copyOf(stats(path).headers);
    }

    private PathStats stats(String path) {
        return stats.computeIfAbsent(path, p -> new PathStats());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        PathStats s = stats(path);
        s.requests.incrementAndGet();
        s.headers.add(exchange.getRequestHeaders());
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        s.maxInFlight.accumulateAndGet(s.inFlight.incrementAndGet(), Math::max);
        try {
            Responder responder = responders.get(path);
            if (responder == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                responder.respond(exchange);
            }
        } catch (Exception e) {
            // Clients that hang up or time out are part of the tests; the server just moves on.
        } finally {
            s.inFlight.decrementAndGet();
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    // ---- responders -------------------------------------------------------------------------------------

    public static Responder page(String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    public static Responder gzipPage(String contentType, byte[] compressed) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, compressed.length);
            exchange.getResponseBody().write(compressed);
        };
    }

    public static Responder status(int code) {
        return exchange -> exchange.sendResponseHeaders(code, -1);
    }

    public static Responder after(Duration delay, Responder then) {
        return exchange -> {
            Thread.sleep(delay.toMillis());
            then.respond(exchange);
        };
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
