package dev.omescale.keda;

import dev.omescale.keda.proto.ExternalScalerGrpc;
import dev.omescale.scaler.view.ScalingView;
import dev.omescale.telemetry.signal.SignalCatalog;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * omescale's KEDA external scaler: the {@code externalscaler.ExternalScaler} gRPC service on Netty, plaintext or
 * (mutual) TLS, with the gRPC health ({@code grpc.health.v1.Health}) and reflection services beside it.
 *
 * <p>Connections are kept for reuse, as KEDA pools one per address: the server never closes idle connections,
 * pings idle ones every 30 s (keeping long-lived push streams alive through proxies and finding dead peers), and
 * lets clients ping as often as every 10 s without being sent away. Calls run on a fixed group of
 * {@code workerThreads} transport threads (handlers never block); unary calls in progress are bounded by
 * {@code maxConcurrentCalls}, open streams by {@code maxStreams}.
 */
public final class KedaScalerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KedaScalerServer.class);

    static final long KEEPALIVE_TIME_SECONDS = 30;
    static final long KEEPALIVE_TIMEOUT_SECONDS = 10;
    static final long PERMIT_KEEPALIVE_SECONDS = 10;
    /** Requests are a ScaledObjectRef: a name, a namespace and a small map. */
    static final int MAX_INBOUND_MESSAGE_BYTES = 256 * 1024;

    private final Server server;
    private final HealthStatusManager health;
    private final PushStreams streams;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final UnaryCallLimiter limiter;
    private final KedaServerConfig config;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private KedaScalerServer(Server server, HealthStatusManager health, PushStreams streams, EventLoopGroup boss,
            EventLoopGroup workers, UnaryCallLimiter limiter, KedaServerConfig config) {
        this.server = server;
        this.health = health;
        this.streams = streams;
        this.boss = boss;
        this.workers = workers;
        this.limiter = limiter;
        this.config = config;
    }

    /**
     * Starts serving.
     *
     * @param view              where every answer comes from; read, never written
     * @param passthroughOrNull PromQL passthrough for {@code query} triggers (the caller closes it after this
     *                          server), or null to answer them FAILED_PRECONDITION
     * @throws IOException when the TLS files are unusable or the address cannot be bound, naming which and the fix
     */
    public static KedaScalerServer start(KedaServerConfig config, ScalingView view, PromQlPassthrough passthroughOrNull)
            throws IOException {
        return start(config, view, passthroughOrNull, Clock.systemUTC());
    }

    /** As {@link #start(KedaServerConfig, ScalingView, PromQlPassthrough)}, with the clock data ages are taken on. */
    public static KedaScalerServer start(KedaServerConfig config, ScalingView view, PromQlPassthrough passthroughOrNull,
            Clock clock) throws IOException {
        return start(config, view, passthroughOrNull, clock, null);
    }

    /**
     * As {@link #start(KedaServerConfig, ScalingView, PromQlPassthrough, Clock)}, counting and timing every call.
     *
     * @param metricsOrNull request metrics for omescale's {@code /metrics}, or null for none
     */
    public static KedaScalerServer start(KedaServerConfig config, ScalingView view, PromQlPassthrough passthroughOrNull,
            Clock clock, GrpcMetrics metricsOrNull) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(clock, "clock");
        SocketAddress address = config.host() == null ? new InetSocketAddress(config.port())
                : new InetSocketAddress(config.host(), config.port());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address);
        if (config.tls() != null) {
            builder.sslContext(ServerTls.context(config.tls(), "keda.tls"));
        }
        EventLoopGroup boss = new NioEventLoopGroup(1, daemon("omescale-keda-accept"));
        EventLoopGroup workers = new NioEventLoopGroup(config.workerThreads(), daemon("omescale-keda-grpc"));
        PushStreams streams = new PushStreams(config.streamCheckInterval(), config.streamHeartbeat(),
                config.maxStreams(), clock);
        SignalCatalog catalog = SignalCatalog.standard();
        ExternalScalerService service = new ExternalScalerService(new TriggerMetadataParser(catalog),
                new SignalReader(view, catalog, clock, config.maxDataAge()), passthroughOrNull, streams);
        UnaryCallLimiter limiter = new UnaryCallLimiter(config.maxConcurrentCalls());
        HealthStatusManager health = new HealthStatusManager();
        Server server = builder
                // Handlers never block (signals come from memory, PromQL runs on the passthrough's own pool), so
                // they run on the bounded transport threads: no hand-off per call, which on a busy 2-core node
                // halves the median and keeps the tail down.
                .directExecutor()
                .workerEventLoopGroup(workers)
                .bossEventLoopGroup(boss)
                .channelType(NioServerSocketChannel.class)
                .addService(metricsOrNull == null ? ServerInterceptors.intercept(service, limiter)
                        // The last interceptor runs first: metrics see the limiter's refusals too.
                        : ServerInterceptors.intercept(service, limiter, metricsOrNull))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .keepAliveTime(KEEPALIVE_TIME_SECONDS, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .permitKeepAliveTime(PERMIT_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                // KEDA multiplexes every ScaledObject's calls and push streams over one pooled connection.
                .maxConcurrentCallsPerConnection(config.maxStreams() + config.maxConcurrentCalls())
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            streams.close();
            shutDown(boss, workers);
            throw new IOException("cannot listen on " + config.listen() + " for KEDA (" + e.getMessage()
                    + "); free the port or choose another keda.listen", e);
        }
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(ExternalScalerGrpc.SERVICE_NAME, ServingStatus.SERVING);
        KedaScalerServer started = new KedaScalerServer(server, health, streams, boss, workers, limiter, config);
        LOG.info("KEDA external scaler listening on {} ({})", started.address(),
                config.tls() == null ? "plaintext" : config.tls().mutual() ? "mutual TLS" : "TLS");
        return started;
    }

    /** The bound port (the chosen one when configured with port 0). */
    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenSockets().get(0);
    }

    public KedaServerConfig config() {
        return config;
    }

    /** Open StreamIsActive/StreamMetricSpec streams. */
    public int openStreams() {
        return streams.openStreams();
    }

    /** Unary calls in progress. */
    public int callsInProgress() {
        return limiter.inUse();
    }

    /**
     * Stops: health turns NOT_SERVING, open streams end cleanly (KEDA reopens them elsewhere), calls in progress
     * get up to 5 s to finish.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        health.enterTerminalState();
        streams.close();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        shutDown(boss, workers);
    }

    private static void shutDown(EventLoopGroup... groups) {
        for (EventLoopGroup g : groups) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
