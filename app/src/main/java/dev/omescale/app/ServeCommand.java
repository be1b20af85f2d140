package dev.omescale.app;

import dev.omescale.app.observe.MetricsListen;
import dev.omescale.app.serve.Serve;
import dev.omescale.app.serve.ServeConfig;
import dev.omescale.app.serve.ServeConfigLoader;
import dev.omescale.telemetry.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code omescale serve}: telemetry, decisions and the servers without a cluster, until stopped. */
final class ServeCommand {
    static final String USAGE = """
            usage: omescale serve --config FILE [--stale-after N] [--metrics-listen HOST:PORT]

              --config FILE     the standalone targets file (scrape, window, targets) extended with
                                  keda: {listen: 127.0.0.1:9443, tls: {cert, key, clientCa}}
                                  adapter: {listen: 127.0.0.1:6443, tls: ..., authentication: ...}
                                  prometheus: {url: http://127.0.0.1:9090}      (optional, for PromQL)
                                  inferenceServices: [llama-chat.yaml]          (optional, to decide for)
                                  metrics: {listen: :9464}                      (optional, the default)
              --stale-after N   missed scrape intervals before a target's data is stale (default 3)
              --metrics-listen HOST:PORT
                                where /metrics and /healthz listen, plain HTTP (overrides
                                metrics.listen; default :9464, every interface)
            """;

    private final PrintStream out;
    private final PrintStream err;

    ServeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        Path config = null;
        int staleAfter = 3;
        MetricsListen metricsListen = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--config" -> {
                    if (++i >= args.length) {
                        return usage("--config needs a file");
                    }
                    config = Path.of(args[i]);
                }
                case "--stale-after" -> {
                    if (++i >= args.length || !args[i].matches("[1-9][0-9]{0,3}")) {
                        return usage("--stale-after needs a whole number of intervals, 1 or more");
                    }
                    staleAfter = Integer.parseInt(args[i]);
                }
                case "--metrics-listen" -> {
                    if (++i >= args.length) {
                        return usage("--metrics-listen needs HOST:PORT, e.g. 127.0.0.1:9464");
                    }
                    try {
                        metricsListen = MetricsListen.parse(args[i], "--metrics-listen");
                    } catch (IllegalArgumentException e) {
                        return usage(e.getMessage());
                    }
                }
                default -> {
                    return usage("unknown option '" + args[i] + "'");
                }
            }
        }
        if (config == null) {
            return usage("--config FILE is required");
        }
        ServeConfig serveConfig;
        try {
            serveConfig = ServeConfigLoader.load(config);
            if (metricsListen != null) {
                serveConfig = serveConfig.withMetrics(metricsListen);
            }
        } catch (ConfigException e) {
            err.println("omescale serve: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Serve serve = Serve.start(serveConfig, staleAfter, Clock.systemUTC())) {
            out.println("omescale serve: scraping " + serveConfig.telemetry().targets().size() + " target(s); "
                    + (serve.kedaPort() > 0 ? "KEDA external scaler on port " + serve.kedaPort() + "; " : "")
                    + (serve.adapterPort() > 0 ? "metrics API on port " + serve.adapterPort() + "; " : "")
                    + "/metrics on port " + serve.metricsPort() + "; "
                    + serveConfig.services().size() + " InferenceService(s) to decide for");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "omescale-shutdown"));
            stopped.await();
            return 0;
        } catch (IOException e) {
            err.println("omescale serve: cannot start: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private int usage(String problem) {
        err.println("omescale serve: " + problem);
        err.print(USAGE);
        return 2;
    }
}
