package dev.omescale.telemetry.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.omescale.telemetry.config.TargetConfig;
import dev.omescale.telemetry.config.TargetKind;
import dev.omescale.telemetry.config.TelemetryConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * A small example fleet on loopback: one InferenceService whose engine pods are simulated vLLM servers, and a
 * dcgm-exporter for their GPUs, each on its own port as real pods would be. It lets anyone run
 * {@code omescale inspect --demo} with no cluster, and gives tests real HTTP exporters to scrape.
 */
public final class DemoFleet implements AutoCloseable {

    /**
     * @param namespace        namespace of the demo pods
     * @param inferenceService the InferenceService they belong to
     * @param loads            one load per engine pod
     * @param tick             model step; 0 means the model moves only through {@link #advance}
     */
    public record Options(String namespace, String inferenceService, List<DemoLoad> loads, Duration tick) {
        public Options {
            loads = List.copyOf(loads);
            if (loads.isEmpty()) {
                throw new IllegalArgumentException("a demo fleet needs at least one engine pod");
            }
        }

        /** The fleet `omescale inspect --demo` shows: three pods whose load swings out of phase. */
        public static Options standard() {
            return new Options("default", "llama-chat",
                    List.of(DemoLoad.swinging(4.5, 0), DemoLoad.swinging(4.5, 40), DemoLoad.swinging(4.5, 80)),
                    Duration.ofMillis(250));
        }
    }

    private final Options options;
    private final List<DemoEnginePod> pods = new ArrayList<>();
    private final List<HttpServer> engineServers = new ArrayList<>();
    private final Set<Integer> silenced = ConcurrentHashMap.newKeySet();
    private final HttpServer gpuServer;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4, daemon("omescale-demo-http"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("omescale-demo-tick"));

    private DemoFleet(Options options) throws IOException {
        this.options = options;
        PageTemplate vllm = PageTemplate.capture("vllm-sample.prom");
        PageTemplate dcgm = PageTemplate.capture("dcgm-sample.prom");
        for (int i = 0; i < options.loads().size(); i++) {
            pods.add(new DemoEnginePod(options.inferenceService() + "-engine-" + i, options.loads().get(i), vllm));
        }
        for (int i = 0; i < pods.size(); i++) {
            int index = i;
            engineServers.add(serve(() -> silenced.contains(index) ? null : pods.get(index).render(),
                    "text/plain; version=0.0.4; charset=utf-8"));
        }
        DemoGpuExporter gpus = new DemoGpuExporter(dcgm, pods, options.namespace());
        // dcgm-exporter sends no Content-Type at all; the demo does the same so scrapers must cope.
        gpuServer = serve(gpus::render, null);
        if (!options.tick().isZero()) {
            long millis = options.tick().toMillis();
            ticker.scheduleAtFixedRate(() -> advance(millis / 1000.0), millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    public static DemoFleet start(Options options) throws IOException {
        return new DemoFleet(options);
    }

    /** Moves every pod's model forward by {@code seconds}. */
    public void advance(double seconds) {
        for (DemoEnginePod pod : pods) {
            pod.advance(seconds);
        }
    }

    /** Simulates a crash and restart of pod {@code index}: its counters and histograms start from zero. */
    public void restartPod(int index) {
        pods.get(index).restart();
    }

    /** Makes pod {@code index} answer 503, as a wedged or dying server would, or answer again. */
    public void setAnswering(int index, boolean answers) {
        if (answers) {
            silenced.remove(index);
        } else {
            silenced.add(index);
        }
    }

    public String podName(int index) {
        return pods.get(index).name();
    }

    public int size() {
        return pods.size();
    }

    public URI engineUrl(int index) {
        return urlOf(engineServers.get(index));
    }

    public URI gpuUrl() {
        return urlOf(gpuServer);
    }

    /** Targets for every exporter of the fleet, as a standalone targets file would list them. */
    public TelemetryConfig config(Duration interval, Duration timeout, Duration window) {
        List<TargetConfig> targets = new ArrayList<>();
        for (int i = 0; i < pods.size(); i++) {
            targets.add(new TargetConfig(engineUrl(i), TargetKind.ENGINE, options.namespace(), podName(i),
                    options.inferenceService(), "engine"));
        }
        targets.add(new TargetConfig(gpuUrl(), TargetKind.DCGM, null, null, null, null));
        return new TelemetryConfig(interval, timeout, window, targets);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        engineServers.forEach(s -> s.stop(0));
        gpuServer.stop(0);
        handlers.shutdownNow();
    }

    private HttpServer serve(Supplier<String> page, String contentType) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/metrics", exchange -> respond(exchange, page.get(), contentType));
        server.setExecutor(handlers);
        server.start();
        return server;
    }

    private static void respond(HttpExchange exchange, String page, String contentType) throws IOException {
        try (exchange) {
            if (page == null) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            if (acceptEncoding != null && acceptEncoding.contains("gzip")) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4);
                try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                    gz.write(body);
                }
                body = zipped.toByteArray();
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static URI urlOf(HttpServer server) {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://127.0.0.1:" + a.getPort() + "/metrics");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
