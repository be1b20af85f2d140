package dev.omescale.app.controller;

import dev.omescale.app.observe.MetricsEndpoint;
import dev.omescale.scaler.controller.Controller;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import java.io.IOException;

/**
 * The controller's plain-HTTP operations endpoint: {@code /healthz} (the loop runs), {@code /readyz} (informers
 * synced), {@code /metrics} (omescale's own metrics) and {@code GET /explain/<namespace>/<isvc>}, the read-only decisions behind {@code omescale explain}.
 * It serves what any cluster reader could learn from the InferenceService's Events; bind it to the pod network
 * only.
 */
public final class ControllerServer implements AutoCloseable {
    /** Liveness: 200 while the controller runs (the manifests' livenessProbe). */
    public static final String HEALTH_PATH = "/healthz";
    /** Readiness: 200 once every informer has listed (the manifests' readinessProbe). */
    public static final String READY_PATH = "/readyz";

    private final Javalin app;

    private ControllerServer(Javalin app) {
        this.app = app;
    }

    /** @param host the address to bind, or null for all */
    public static ControllerServer start(Controller controller, String host, int port) throws IOException {
        return start(controller, host, port, null);
    }

    /**
     * @param host    the address to bind, or null for all
     * @param metrics served on {@code GET /metrics} beside the health endpoints; null for none
     */
    public static ControllerServer start(Controller controller, String host, int port, MetricsEndpoint metrics)
            throws IOException {
        Javalin app = Javalin.create(cfg -> {
            if (metrics != null) {
                metrics.addTo(cfg);
            }
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.prefer405over404 = true;
            var r = cfg.routes;
            r.get(HEALTH_PATH, ctx -> {
                ctx.status(controller.live() ? 200 : 503).result(controller.live() ? "ok" : "stopped");
            });
            r.get(READY_PATH, ctx -> {
                boolean ready = controller.ready();
                ctx.status(ready ? 200 : 503).result(ready ? "ok" : "informers not synced yet");
            });
            r.get("/explain/{namespace}/{isvc}", ctx -> {
                String ns = ctx.pathParam("namespace");
                String isvc = ctx.pathParam("isvc");
                var json = controller.explainJson(ns, isvc);
                if (json.isPresent()) {
                    ctx.contentType(ContentType.APPLICATION_JSON).result(json.get());
                } else {
                    ctx.status(404).contentType(ContentType.APPLICATION_JSON).result("{\"error\":\"omescale has no "
                            + "decisions for InferenceService " + jsonText(ns + "/" + isvc) + "; check the name, "
                            + "the controller's --namespace and that it is ready (/readyz)\"}");
                }
            });
        });
        try {
            app.start(host == null ? "0.0.0.0" : host, port);
        } catch (RuntimeException e) {
            throw new IOException("controller endpoint cannot listen on " + (host == null ? "*" : host) + ":" + port
                    + " (" + e.getMessage() + "); pick a free port with --listen", e);
        }
        return new ControllerServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static String jsonText(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
