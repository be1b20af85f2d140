package dev.omescale.adapter;

import dev.omescale.adapter.api.AnswerCache;
import dev.omescale.adapter.api.ApiError;
import dev.omescale.adapter.api.ApiVersion;
import dev.omescale.adapter.api.Discovery;
import dev.omescale.adapter.api.MetricSample;
import dev.omescale.adapter.api.MetricsResolver;
import dev.omescale.adapter.api.WireFormat;
import dev.omescale.adapter.selector.LabelSelector;
import dev.omescale.adapter.selector.LabelSelectorParser;
import dev.omescale.adapter.selector.SelectorSyntaxException;
import dev.omescale.adapter.security.Authorizer;
import dev.omescale.adapter.security.ClientCertificateVerifier;
import dev.omescale.adapter.security.DeferredClientTrust;
import dev.omescale.adapter.security.KubernetesSubjectAccessReviewer;
import dev.omescale.adapter.security.KubernetesTokenReviewer;
import dev.omescale.adapter.security.RequestAttributes;
import dev.omescale.adapter.security.RequestAuthenticator;
import dev.omescale.adapter.security.ServingCertificate;
import dev.omescale.adapter.security.TokenReviewer;
import dev.omescale.adapter.security.UserInfo;
import dev.omescale.scaler.view.ScalingView;
import dev.omescale.telemetry.signal.SignalCatalog;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson3;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The custom and external metrics API over HTTPS: {@code custom.metrics.k8s.io} v1beta1 and v1beta2 and
 * {@code external.metrics.k8s.io} v1beta1, served from a {@link ScalingView}. Every request but the health checks
 * is authenticated; the answers are computed from memory, so a request costs no query.
 */
public final class MetricsAdapterServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsAdapterServer.class);
    /** TLS 1.2 and 1.3 only, as Kubernetes servers. */
    public static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Set<String> OPEN_PATHS = Set.of("/healthz", "/readyz", "/livez");
    private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    private static final String CUSTOM = "/apis/" + ApiVersion.CUSTOM_GROUP;
    private static final String EXTERNAL = "/apis/" + ApiVersion.EXTERNAL_GROUP;

    /** Review requests give up after this: the aggregator waits for the answer, and a slow API server is down. */
    static final int REVIEW_TIMEOUT_MILLIS = 5_000;

    private final Javalin app;
    private final SslContextFactory.Server tls;
    private final ServingCertificate certificate;
    private final AutoCloseable owned;

    private MetricsAdapterServer(Javalin app, SslContextFactory.Server tls, ServingCertificate certificate,
            AutoCloseable owned) {
        this.app = app;
        this.tls = tls;
        this.certificate = certificate;
        this.owned = owned;
    }

    /**
     * Starts serving {@code view} with Kubernetes' delegated authentication and authorization: bearer tokens are
     * checked with TokenReview (when {@code authentication.tokenReview}) and requests with SubjectAccessReview (when
     * {@code authorization} is {@code subjectAccessReview}), both through {@code clientOrNull}. The reviews use a
     * copy of its configuration without retries and with 5 s timeouts, owned and closed by the server: a review
     * either answers while the aggregator waits or the request is refused.
     *
     * @param clientOrNull the API server to ask; null builds one from the default configuration (the service
     *                     account in a pod, else kubeconfig), and only when a review is configured
     * @param metricsOrNull request metrics for omescale's {@code /metrics}, or null for none
     */
    public static MetricsAdapterServer startDelegating(AdapterConfig config, ScalingView view,
            KubernetesClient clientOrNull, Clock clock, HttpMetrics metricsOrNull) throws IOException {
        AuthenticationConfig auth = config.authentication();
        boolean tokens = auth.enabled() && auth.tokenReview();
        boolean access = auth.enabled() && config.authorization() == AuthorizationMode.SUBJECT_ACCESS_REVIEW;
        if (!tokens && !access) {
            return start(config, view, null, null, clock, metricsOrNull, null);
        }
        KubernetesClient reviews;
        try {
            Config base = clientOrNull == null ? Config.autoConfigure(null) : clientOrNull.getConfiguration();
            reviews = new KubernetesClientBuilder().withConfig(new ConfigBuilder(base).withRequestRetryBackoffLimit(0)
                    .withRequestTimeout(REVIEW_TIMEOUT_MILLIS).withConnectionTimeout(REVIEW_TIMEOUT_MILLIS).build())
                    .build();
        } catch (RuntimeException e) {
            throw new IOException("metrics adapter: cannot make a Kubernetes client for "
                    + (tokens ? "TokenReview" : "") + (tokens && access ? " and " : "")
                    + (access ? "SubjectAccessReview" : "") + " (" + e.getMessage() + "); run omescale in the"
                    + " cluster with a service account, or give a kubeconfig", e);
        }
        LOG.info("metrics adapter: {} through the API server at {}", tokens && access
                ? "TokenReview and SubjectAccessReview" : tokens ? "TokenReview" : "SubjectAccessReview",
                reviews.getMasterUrl());
        try {
            return start(config, view, tokens ? new KubernetesTokenReviewer(reviews) : null,
                    access ? new KubernetesSubjectAccessReviewer(reviews) : null, clock, metricsOrNull, reviews);
        } catch (IOException | RuntimeException e) {
            reviews.close();
            throw e;
        }
    }

    /** Starts serving {@code view}; bearer tokens are refused (no TokenReview available). */
    public static MetricsAdapterServer start(AdapterConfig config, ScalingView view) throws IOException {
        return start(config, view, null, Clock.systemUTC());
    }

    /**
     * Starts serving {@code view}.
     *
     * @param tokenReviewer checks bearer tokens; required when {@code authentication.tokenReview} is on
     * @param clock         the clock data ages are measured against
     * @throws IOException when the certificate or a CA cannot be read, or the port cannot be bound
     */
    public static MetricsAdapterServer start(AdapterConfig config, ScalingView view, TokenReviewer tokenReviewer,
            Clock clock) throws IOException {
        return start(config, view, tokenReviewer, clock, null);
    }

    /**
     * As {@link #start(AdapterConfig, ScalingView, TokenReviewer, Clock)}, counting and timing every request.
     *
     * @param metricsOrNull request metrics for omescale's {@code /metrics}, or null for none
     */
    public static MetricsAdapterServer start(AdapterConfig config, ScalingView view, TokenReviewer tokenReviewer,
            Clock clock, HttpMetrics metricsOrNull) throws IOException {
        return start(config, view, tokenReviewer, null, clock, metricsOrNull, null);
    }

    /**
     * As {@link #start(AdapterConfig, ScalingView, TokenReviewer, Clock, HttpMetrics)}, with an authorizer.
     *
     * @param authorizer decides what each user may read; required when {@code authorization} is
     *                   {@code subjectAccessReview}, unused with {@code alwaysAllow}
     */
    public static MetricsAdapterServer start(AdapterConfig config, ScalingView view, TokenReviewer tokenReviewer,
            Authorizer authorizer, Clock clock, HttpMetrics metricsOrNull) throws IOException {
        return start(config, view, tokenReviewer, authorizer, clock, metricsOrNull, null);
    }

    private static MetricsAdapterServer start(AdapterConfig config, ScalingView view, TokenReviewer tokenReviewer,
            Authorizer authorizerOrNull, Clock clock, HttpMetrics metricsOrNull, AutoCloseable owned)
            throws IOException {
        Authorizer authorizer = authorizer(config, authorizerOrNull);
        ServingCertificate certificate = config.tls().selfSigned()
                ? ServingCertificate.selfSigned(config.host() == null ? config.tls().hosts()
                        : concat(config.tls().hosts(), config.host()))
                : ServingCertificate.fromPem(config.tls().cert(), config.tls().key());
        RequestAuthenticator authenticator = authenticator(config.authentication(), tokenReviewer);
        if (authenticator == null) {
            LOG.warn("metrics adapter: authentication is OFF (authentication: none); anyone who can reach {}:{} can"
                    + " read every metric. Use this for development only.", config.host() == null ? "*"
                    : config.host(), config.port());
        }
        SslContextFactory.Server tls = tlsContext(certificate, authenticator);
        MetricsResolver resolver = new MetricsResolver(view, SignalCatalog.standard(), clock, config.maxDataAge());
        Discovery discovery = new Discovery(resolver.customMetrics(), resolver.externalMetrics());
        JavalinJackson3 json = new JavalinJackson3(JsonMapper.builder().build(), false);
        Routes routes = new Routes(resolver, discovery, authenticator, authorizer, view, json,
                new AnswerCache(clock));

        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(json);
            // Kubernetes answers a wrong verb with 405, not 404.
            cfg.http.prefer405over404 = true;
            cfg.http.compressionStrategy = compression();
            cfg.jetty.addConnector((server, httpConfig) -> {
                HttpConfiguration https = new HttpConfiguration(httpConfig);
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                // The aggregator dials the Service's DNS name; the certificate's names are the operator's business.
                secure.setSniHostCheck(false);
                https.addCustomizer(secure);
                ServerConnector connector = new ServerConnector(server, tls, new HttpConnectionFactory(https));
                connector.setHost(config.host());
                connector.setPort(config.port());
                return connector;
            });
            routes.register(cfg);
            if (metricsOrNull != null) {
                metricsOrNull.register(cfg);
            }
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new IOException("metrics adapter cannot listen on " + (config.host() == null ? "*" : config.host())
                    + ":" + config.port() + " (" + e.getMessage() + "); pick a free port in adapter.listen", e);
        }
        MetricsAdapterServer server = new MetricsAdapterServer(app, tls, certificate, owned);
        LOG.info("metrics adapter listening on https://{}:{} (TLS {}, authentication {}, authorization {})",
                config.host() == null ? "*" : config.host(), server.port(), server.tlsProtocols(),
                authenticator == null ? "none" : "on", config.authorization().configName());
        return server;
    }

    /**
     * Gzip only for large answers, as kube-apiserver does (128 KiB): the aggregator and the HPA sit next to the
     * adapter, and compressing every 20 KB pods list costs more CPU than the bytes it saves.
     */
    private static CompressionStrategy compression() {
        CompressionStrategy gzipLarge = new CompressionStrategy(null, new Gzip());
        gzipLarge.setDefaultMinSizeForCompression(128 * 1024);
        return gzipLarge;
    }

    private static List<String> concat(List<String> hosts, String host) {
        List<String> all = new java.util.ArrayList<>(hosts);
        all.add(host);
        return all;
    }

    private static Authorizer authorizer(AdapterConfig config, Authorizer given) throws IOException {
        if (!config.authentication().enabled() || config.authorization() == AuthorizationMode.ALWAYS_ALLOW) {
            return null;
        }
        if (given == null) {
            throw new IOException("adapter.authorization is subjectAccessReview (the default with"
                    + " requestheaderClientCa or tokenReview) but no Authorizer was given to the adapter; start it"
                    + " with MetricsAdapterServer.startDelegating(…, kubernetesClient, …), which asks the API server,"
                    + " or write authorization: alwaysAllow to let every authenticated caller read every metric");
        }
        return given;
    }

    private static RequestAuthenticator authenticator(AuthenticationConfig auth, TokenReviewer tokenReviewer)
            throws IOException {
        if (!auth.enabled()) {
            return null;
        }
        if (auth.tokenReview() && tokenReviewer == null) {
            throw new IOException("authentication.tokenReview is on but no TokenReviewer was given to the adapter;"
                    + " start it with MetricsAdapterServer.startDelegating(…, kubernetesClient, …) (as `omescale"
                    + " controller` does), or turn tokenReview off");
        }
        ClientCertificateVerifier frontProxy = auth.requestheaderClientCa() == null ? null
                : ClientCertificateVerifier.fromPem("front-proxy CA " + auth.requestheaderClientCa(),
                        auth.requestheaderClientCa());
        ClientCertificateVerifier clients = auth.clientCa() == null ? null
                : ClientCertificateVerifier.fromPem("client CA " + auth.clientCa(), auth.clientCa());
        return new RequestAuthenticator(frontProxy, auth.requestHeaders(), clients,
                auth.tokenReview() ? tokenReviewer : null);
    }

    private static SslContextFactory.Server tlsContext(ServingCertificate certificate,
            RequestAuthenticator authenticator) throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(certificate.keyStore(), certificate.password());
            boolean clientCertificates = authenticator != null && authenticator.wantsClientCertificates();
            TrustManager[] trust = clientCertificates
                    ? new TrustManager[] {new DeferredClientTrust(authenticator.acceptedIssuers())}
                    : null;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust, null);
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setSslContext(context);
            factory.setIncludeProtocols(TLS_PROTOCOLS.toArray(new String[0]));
            // Ask for a certificate but connect without one: health checks and bearer tokens need no certificate.
            factory.setWantClientAuth(clientCertificates);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with the serving certificate "
                    + certificate.leaf().getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return app.port();
    }

    /** {@code https://127.0.0.1:<port>}, for local clients. */
    public URI url() {
        return URI.create("https://127.0.0.1:" + port());
    }

    /** The certificate the server presents (the self-signed one when generated), for clients to trust. */
    public X509Certificate servingCertificate() {
        return certificate.leaf();
    }

    /** The TLS protocols the server's engine has enabled. */
    public List<String> tlsProtocols() {
        return List.of(tls.getSelectedProtocols());
    }

    @Override
    public void close() {
        app.stop();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("metrics adapter: closing the review client failed: {}", e.toString());
            }
        }
    }

    /** The routes, each a small handler over the resolver. */
    private static final class Routes {
        private final MetricsResolver resolver;
        private final Discovery discovery;
        private final RequestAuthenticator authenticator;
        private final Authorizer authorizer;
        private final ScalingView view;
        private final JavalinJackson3 json;
        private final AnswerCache answers;

        Routes(MetricsResolver resolver, Discovery discovery, RequestAuthenticator authenticator,
                Authorizer authorizer, ScalingView view, JavalinJackson3 json, AnswerCache answers) {
            this.authorizer = authorizer;
            this.answers = answers;
            this.resolver = resolver;
            this.discovery = discovery;
            this.authenticator = authenticator;
            this.view = view;
            this.json = json;
        }

        /**
         * Writes {@code body} as the JSON response. Serialized to text first: Javalin streams any other object
         * through a pipe between two threads, which made a 100-pod answer cost milliseconds.
         */
        private void send(Context ctx, JsonNode body) {
            ctx.json(json.toJsonString(body, JsonNode.class));
        }

        /**
         * Answers a metric request from the cache while the view holds the same snapshot (an HPA fleet asks many
         * times per evaluation); authentication has already run, and answers do not depend on the caller.
         */
        private void sendCached(Context ctx, ApiVersion version, Supplier<List<MetricSample>> items) {
            String query = ctx.queryString();
            String request = ctx.path() + (query == null ? "" : "?" + query);
            byte[] body = answers.get(request, view.telemetry(),
                    () -> WireFormat.list(json.getMapper(), version, items.get()));
            ctx.contentType(ContentType.APPLICATION_JSON).result(body);
        }

        void register(io.javalin.config.JavalinConfig cfg) {
            var r = cfg.routes;
            r.before(this::authenticate);
            r.get("/healthz", ctx -> ctx.result("ok"));
            r.get("/livez", ctx -> ctx.result("ok"));
            r.get("/readyz", this::ready);
            r.get("/apis", ctx -> send(ctx, discovery.groupList()));
            r.get(CUSTOM, ctx -> send(ctx, discovery.group(ApiVersion.CUSTOM_GROUP)));
            r.get(EXTERNAL, ctx -> send(ctx, discovery.group(ApiVersion.EXTERNAL_GROUP)));
            r.get(CUSTOM + "/{version}", ctx -> send(ctx, discovery.resources(custom(ctx))));
            r.get(EXTERNAL + "/v1beta1", ctx -> send(ctx, discovery.resources(ApiVersion.EXTERNAL_V1BETA1)));
            r.get(CUSTOM + "/{version}/namespaces/{namespace}/metrics/{metric}", this::namespaceMetric);
            r.get(CUSTOM + "/{version}/namespaces/{namespace}/{resource}/{name}/{metric}", this::objectMetric);
            r.get(CUSTOM + "/{version}/{resource}/{name}/{metric}", ctx -> {
                custom(ctx);
                throw ApiError.notFound("resource " + ctx.pathParam("resource") + " is cluster-scoped; omescale"
                        + " serves only namespaced objects (pods, inferenceservices.ome.io, deployments.apps) and"
                        + " namespaces through …/namespaces/{namespace}/metrics/{metric}");
            });
            r.get(EXTERNAL + "/v1beta1/namespaces/{namespace}/{metric}", this::externalMetric);
            r.exception(ApiError.class, (e, ctx) -> status(ctx, e.code(), e.reason(), e.getMessage()));
            r.exception(Exception.class, (e, ctx) -> {
                LOG.error("metrics adapter: {} {} failed", ctx.method(), ctx.path(), e);
                status(ctx, 500, "InternalError", "internal error: " + e.getMessage());
            });
            // Unmatched paths answer with a Status too, never Javalin's own page; Status bodies already written stay.
            r.error(404, ctx -> {
                if (ctx.attribute("omescale.status") == null) {
                    status(ctx, 404, "NotFound", "the server could not find the requested resource " + ctx.path());
                }
            });
            r.error(405, ctx -> status(ctx, 405, "MethodNotAllowed", "only GET is served; " + ctx.method()
                    + " " + ctx.path() + " is not"));
        }

        private void authenticate(Context ctx) {
            if (authenticator == null || OPEN_PATHS.contains(ctx.path())) {
                return;
            }
            X509Certificate[] chain = ctx.req().getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] c
                    ? c : null;
            UserInfo user = authenticator.authenticate(chain, new RequestAuthenticator.Request() {
                @Override
                public List<String> headers(String name) {
                    return Collections.list(ctx.req().getHeaders(name));
                }

                @Override
                public List<String> headerNames() {
                    return Collections.list(ctx.req().getHeaderNames());
                }
            });
            if (authorizer != null) {
                authorize(user, RequestAttributes.of(ctx.method().name(), ctx.path()));
            }
        }

        /**
         * Refuses what the authorizer does not allow (403, naming the user, the request and the RBAC rule that would
         * allow it) and what it cannot decide (503: fail closed, the API server is asked again next time).
         */
        private void authorize(UserInfo user, RequestAttributes request) {
            Authorizer.Decision decision;
            try {
                decision = authorizer.authorize(user, request);
            } catch (IOException e) {
                LOG.warn("metrics adapter: cannot authorize user {} to {}: {}", user.name(), request.describe(),
                        e.getMessage());
                throw ApiError.unavailable("cannot tell whether user \"" + user.name() + "\" may "
                        + request.describe() + ", so the request is refused: " + e.getMessage());
            }
            if (!decision.allowed()) {
                throw ApiError.forbidden("user \"" + user.name() + "\" cannot " + request.describe()
                        + (decision.reason().isEmpty() ? "" : " (" + decision.reason() + ")") + "; grant it with the"
                        + " RBAC rule " + request.rbacRule() + " in a ClusterRole bound to user \"" + user.name()
                        + "\" (or one of its groups " + user.groups() + ")");
            }
        }

        private void ready(Context ctx) {
            if (view.telemetry().evaluatedAtMillis() <= 0) {
                ctx.status(503).result("not ready: no signals evaluated yet");
            } else {
                ctx.result("ok");
            }
        }

        private void namespaceMetric(Context ctx) {
            ApiVersion version = custom(ctx);
            LabelSelector metricSelector = selector(ctx, "metricLabelSelector");
            sendCached(ctx, version, () -> List.of(resolver.namespace(ctx.pathParam("namespace"),
                    ctx.pathParam("metric"), metricSelector)));
        }

        private void objectMetric(Context ctx) {
            ApiVersion version = custom(ctx);
            String namespace = ctx.pathParam("namespace");
            String resource = ctx.pathParam("resource");
            String name = ctx.pathParam("name");
            String metric = ctx.pathParam("metric");
            LabelSelector metricSelector = selector(ctx, "metricLabelSelector");
            if (name.equals("*")) {
                if (!resource.equals(MetricsResolver.PODS)) {
                    throw ApiError.notFound("listing " + resource + " by selector is not served; use pods/*/" + metric
                            + "?labelSelector=… or name one object, e.g. " + resource + "/<name>/" + metric);
                }
                LabelSelector podSelector = selector(ctx, "labelSelector");
                sendCached(ctx, version, () -> resolver.pods(namespace, metric, podSelector, metricSelector));
            } else {
                sendCached(ctx, version, () -> List.of(resolver.object(namespace, resource, name, metric,
                        metricSelector)));
            }
        }

        private void externalMetric(Context ctx) {
            LabelSelector selector = selector(ctx, "labelSelector");
            sendCached(ctx, ApiVersion.EXTERNAL_V1BETA1, () -> resolver.external(ctx.pathParam("namespace"),
                    ctx.pathParam("metric"), selector));
        }

        private static ApiVersion custom(Context ctx) {
            String version = ctx.pathParam("version");
            return ApiVersion.custom(version).orElseThrow(() -> ApiError.notFound("version " + version + " of "
                    + ApiVersion.CUSTOM_GROUP + " is not served; use v1beta2 or v1beta1"));
        }

        private static LabelSelector selector(Context ctx, String parameter) {
            String text = ctx.queryParam(parameter);
            try {
                return LabelSelectorParser.parse(text);
            } catch (SelectorSyntaxException e) {
                throw ApiError.badRequest("invalid " + parameter + " " + e.getMessage());
            }
        }

        private void status(Context ctx, int code, String reason, String message) {
            ctx.attribute("omescale.status", Boolean.TRUE);
            ctx.status(code);
            send(ctx, WireFormat.status(code, reason, message));
        }
    }
}
