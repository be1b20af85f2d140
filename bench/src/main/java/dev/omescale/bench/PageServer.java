package dev.omescale.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;

/**
 * Many vLLM engines in one process, for scrape-cost benchmarks: target {@code i} is served at
 * {@code /t/i/metrics}, a {@link LivePage} that advances every second. Pages are rendered (and gzipped) once per
 * second for a few load variants, target {@code i} getting variant {@code i % variants}, so serving costs a
 * copy, not a render; run it in its own JVM so that its CPU is not counted against the scraper.
 *
 * <p>{@code /stats} answers JSON counters (pages served, by User-Agent and encoding) so a benchmark can count
 * what its scraper fetched.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.omescale.bench.PageServer --targets 1000 [--port 0]
 *     [--port-file FILE] [--variants 8] [--threads 4]</pre>
 */
public final class PageServer implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PREFIX = "/t/";
    private static final String SUFFIX = "/metrics";

    /** One variant's page at one tick, in both encodings. */
    private record Rendered(byte[] plain, byte[] gzip) {
    }

    private final int targets;
    private final int variants;
    private final LivePage page;
    private final long startNanos = System.nanoTime();
    private final AtomicReference<Rendered[]> current = new AtomicReference<>();
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService ticker;
    private final LongAdder served = new LongAdder();
    private final LongAdder servedGzip = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final Map<String, LongAdder> byAgent = new ConcurrentHashMap<>();

    private PageServer(int targets, int variants, int port, int threads) throws IOException {
        if (targets < 1 || variants < 1 || threads < 1) {
            throw new IllegalArgumentException("targets, variants and threads must be at least 1, got " + targets
                    + ", " + variants + " and " + threads);
        }
        this.targets = targets;
        this.variants = variants;
        this.page = LivePage.of(new String(BenchPages.page(BenchPages.VLLM_BUSY), StandardCharsets.UTF_8));
        renderAll();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2048);
        this.handlers = Executors.newFixedThreadPool(threads, daemon("page-server"));
        server.setExecutor(handlers);
        server.createContext(PREFIX, this::serveTarget);
        server.createContext("/stats", this::serveStats);
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("page-render"));
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        server.start();
    }

    static PageServer start(int targets, int variants, int port, int threads) throws IOException {
        return new PageServer(targets, variants, port, threads);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void tick() {
        try {
            renderAll();
        } catch (RuntimeException e) {
            // Keep serving the previous pages; a failed render must not end the schedule.
            System.err.println("page-server: rendering failed, serving the previous pages: " + e);
        }
    }

    private void renderAll() {
        double seconds = Math.floor((System.nanoTime() - startNanos) / 1e9);
        Rendered[] next = new Rendered[variants];
        for (int v = 0; v < variants; v++) {
            // 8 to 36 requests/s per engine with 8 variants: busy engines, each at its own pace.
            byte[] plain = page.render(seconds, 8 + 4.0 * v, (double) v / variants);
            next[v] = new Rendered(plain, gzip(plain));
        }
        current.set(next);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    private void serveTarget(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            int target = targetOf(exchange.getRequestURI().getRawPath());
            if (target < 0 || !exchange.getRequestMethod().equals("GET")) {
                notFound.increment();
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Rendered rendered = current.get()[target % variants];
            String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            boolean gzip = acceptEncoding != null && acceptEncoding.contains("gzip");
            byte[] bytes = gzip ? rendered.gzip() : rendered.plain();
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if (gzip) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            served.increment();
            bytesSent.add(bytes.length);
            if (gzip) {
                servedGzip.increment();
            }
            byAgent.computeIfAbsent(agentOf(exchange), a -> new LongAdder()).increment();
        } catch (IOException e) {
            failed.increment();
            throw e;
        }
    }

    /** The target index of {@code /t/{i}/metrics}, or -1 when the path names none of ours. */
    int targetOf(String path) {
        if (path == null || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
            return -1;
        }
        String digits = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int i = Integer.parseInt(digits);
        return i < targets ? i : -1;
    }

    /** The User-Agent's product name ("Prometheus", "Java-http-client"), so counts stay few. */
    private static String agentOf(HttpExchange exchange) {
        String agent = exchange.getRequestHeaders().getFirst("User-Agent");
        if (agent == null || agent.isBlank()) {
            return "none";
        }
        int slash = agent.indexOf('/');
        return (slash > 0 ? agent.substring(0, slash) : agent).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private void serveStats(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = statsJson().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    String statsJson() {
        Map<String, Long> agents = new TreeMap<>();
        byAgent.forEach((k, v) -> agents.put(k, v.sum()));
        StringBuilder json = new StringBuilder("{\"targets\":").append(targets)
                .append(",\"served\":").append(served.sum())
                .append(",\"servedGzip\":").append(servedGzip.sum())
                .append(",\"bytesSent\":").append(bytesSent.sum())
                .append(",\"failed\":").append(failed.sum())
                .append(",\"notFound\":").append(notFound.sum())
                .append(",\"plainBytes\":").append(current.get()[0].plain().length)
                .append(",\"gzipBytes\":").append(current.get()[0].gzip().length)
                .append(",\"byAgent\":{");
        String sep = "";
        for (Map.Entry<String, Long> e : agents.entrySet()) {
            json.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        return json.append("}}").toString();
    }

    @Override
    public void close() {
        server.stop(0);
        ticker.shutdownNow();
        handlers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Args a = Args.parse(args, Set.of("targets", "port", "port-file", "variants", "threads"),
                "PageServer --targets N [--port 0] [--port-file FILE] [--variants 8] [--threads 4]");
        // Prometheus keeps one connection per target; the JDK server's default of 200 idle connections would
        // close most of them between scrapes and make every scrape reconnect.
        System.setProperty("sun.net.httpserver.maxIdleConnections", String.valueOf(a.intValue("targets", 1000) + 100));
        PageServer server = start(a.intValue("targets", 1000), a.intValue("variants", 8), a.intValue("port", 0),
                a.intValue("threads", 4));
        String portFile = a.value("port-file", null);
        if (portFile != null) {
            Path file = Path.of(portFile);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, server.port() + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("page-server: " + server.targets + " targets on http://127.0.0.1:" + server.port()
                + PREFIX + "{0.." + (server.targets - 1) + "}" + SUFFIX + ", page " + server.current.get()[0].plain().length
                + " bytes (" + server.current.get()[0].gzip().length + " gzipped)");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }
}
