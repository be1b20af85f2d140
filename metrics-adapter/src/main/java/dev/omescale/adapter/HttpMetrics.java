package dev.omescale.adapter;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The metrics API's requests as metrics: counted by route, method and status code, timed by route and method. The
 * route is the matched path template (e.g. {@code /apis/custom.metrics.k8s.io/{version}/namespaces/{namespace}/
 * metrics/{metric}}), never the request path, so namespaces and object names do not become label values; requests
 * that match no route count as {@code unmatched}.
 */
public final class HttpMetrics {
    static final String UNMATCHED = "unmatched";

    private final Counter requests;
    private final Histogram duration;

    public HttpMetrics(PrometheusRegistry registry) {
        requests = Counter.builder()
                .name("omescale_adapter_requests_total")
                .help("Metrics API requests by route template, method and HTTP status code")
                .labelNames("route", "method", "code")
                .register(registry);
        duration = Histogram.builder()
                .name("omescale_adapter_request_duration_seconds")
                .help("Metrics API request latency by route template and method, as the server measured it")
                .labelNames("route", "method")
                .classicOnly()
                .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                        0.5, 1, 2.5, 5, 10)
                .register(registry);
    }

    /** Records every request the server answers, through Javalin's request logger. */
    public void register(JavalinConfig cfg) {
        cfg.requestLogger.http((ctx, millis) -> record(ctx, millis));
    }

    private void record(Context ctx, Float millis) {
        String route = route(ctx);
        // Javalin makes up a type for any method a client sends; only the common ones become label values.
        String method = HandlerType.commonHttp().contains(ctx.method()) ? ctx.method().name() : "OTHER";
        requests.labelValues(route, method, Integer.toString(ctx.statusCode())).inc();
        duration.labelValues(route, method).observe(millis / 1000.0);
    }

    /** The matched route's template; {@code unmatched} when only filters and error handlers ran. */
    static String route(Context ctx) {
        try {
            Endpoint e = ctx.endpoint();
            if (e == null || !e.method.isHttpMethod()) {
                return UNMATCHED;
            }
            return e.path;
        } catch (RuntimeException e) {
            return UNMATCHED;
        }
    }
}
