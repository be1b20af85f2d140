package dev.omescale.app.observe;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain-HTTP listener for Prometheus and the kubelet: {@code /metrics}, and {@code /healthz} answering
 * {@code ok} while the process runs. Other routes (a controller's readiness) can be added when starting it.
 */
public final class ObservabilityServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObservabilityServer.class);

    private final Javalin app;

    private ObservabilityServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts listening.
     *
     * @param listen    where; port 0 picks a free port
     * @param endpoint  the {@code /metrics} page
     * @param moreRoutes further routes to serve on the same listener (may add nothing)
     * @throws IOException when the address cannot be bound, naming it and the fix
     */
    public static ObservabilityServer start(MetricsListen listen, MetricsEndpoint endpoint,
            Consumer<JavalinConfig> moreRoutes) throws IOException {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = new ServerConnector(server);
                connector.setHost(listen.host());
                connector.setPort(listen.port());
                return connector;
            });
            endpoint.addTo(cfg);
            cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
            moreRoutes.accept(cfg);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new IOException("cannot listen on " + listen + " for /metrics (" + e.getMessage()
                    + "); free the port or choose another metrics.listen (--metrics-listen)", e);
        }
        ObservabilityServer server = new ObservabilityServer(app);
        LOG.info("metrics on http://{}:{}{}", listen.host() == null ? "*" : listen.host(), server.port(),
                MetricsEndpoint.PATH);
        return server;
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        app.stop();
    }
}
