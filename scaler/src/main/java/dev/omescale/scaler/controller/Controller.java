package dev.omescale.scaler.controller;

import dev.omescale.scaler.controller.leader.Leadership;
import dev.omescale.scaler.controller.leader.LeaseLeadership;
import dev.omescale.scaler.controller.realize.EventRecorder;
import dev.omescale.scaler.controller.realize.Realizer;
import dev.omescale.scaler.decision.DecisionEngine;
import dev.omescale.scaler.discovery.DiscoveryConfig;
import dev.omescale.scaler.discovery.TargetDiscovery;
import dev.omescale.scaler.observe.ControllerMetrics;
import dev.omescale.scaler.observe.DecisionMetrics;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.scaler.view.ScalingView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop as one object: informers feed a work queue that coalesces events per InferenceService; a tick
 * (default 5 s) queues every InferenceService; {@code workers} threads reconcile; a failed reconcile is retried after
 * a capped exponential backoff, during which the tick leaves it alone (a change to its objects still queues it).
 * With leader election only the Lease holder writes; every replica decides, so each can serve the KEDA scaler and
 * the metrics API from {@link #view()}.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final ControllerConfig config;
    private final ComponentSignalsSource signals;
    private final Clock clock;
    private final ClusterWatch watch;
    private final WorkQueue queue = new WorkQueue();
    private final DecisionBoard board = new DecisionBoard();
    private final LatestScalingView view;
    private final LeaseLeadership lease;
    private final Leadership leadership;
    private final ServiceReconciler reconciler;
    private final DecisionMetrics decisionMetrics;
    private final ControllerMetrics controllerMetrics;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    /** Keys waiting for a retry, with the time (epoch ms) of the retry: the tick leaves them alone until then. */
    private final Map<String, Long> backoffUntil = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong reconciles = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile boolean started;
    private volatile boolean stopped;

    /**
     * @param leaseOrNull leader election settings, or null to run without it (a single replica)
     * @param identity    this replica's name in Events and in the Lease (the pod name)
     */
    public Controller(KubernetesClient client, ControllerConfig config, DecisionEngine engine,
            ComponentSignalsSource signals, LeaseLeadership.Settings leaseOrNull, Clock clock, String identity) {
        this(client, config, engine, signals, new TargetDiscovery(client, DiscoveryConfig.DEFAULT
                .withNamespace(config.namespace()).withDcgm(Map.of(), null)), new PrometheusRegistry(), leaseOrNull,
                clock, identity);
    }

    /**
     * @param discovery its component pod cache is the controller's pod cache (not started: the controller starts
     *                  and closes it); the signals source may feed a telemetry pipeline from it too
     * @param registry  where the controller's decision and write metrics go (served on /metrics)
     */
    public Controller(KubernetesClient client, ControllerConfig config, DecisionEngine engine,
            ComponentSignalsSource signals, TargetDiscovery discovery, PrometheusRegistry registry,
            LeaseLeadership.Settings leaseOrNull, Clock clock, String identity) {
        this.config = Objects.requireNonNull(config, "config");
        this.signals = Objects.requireNonNull(signals, "signals source");
        this.clock = clock;
        if (!Objects.equals(discovery.config().namespace(), config.namespace())) {
            throw new IllegalArgumentException("telemetry discovery watches namespace "
                    + discovery.config().namespace() + " but the controller " + config.namespace()
                    + "; give both the same namespace (null for all)");
        }
        this.watch = new ClusterWatch(client, config.namespace(), config.resync(), queue::add, discovery);
        this.view = new LatestScalingView(ScalingSnapshot.empty(Duration.ofMinutes(1)));
        this.decisionMetrics = new DecisionMetrics(registry);
        this.controllerMetrics = new ControllerMetrics(registry);
        if (leaseOrNull != null && !config.writeReplicas()) {
            throw new IllegalArgumentException("leader election decides who writes, and metrics-only mode writes "
                    + "nothing: run metrics-only without leader election (--leader-election off)");
        }
        if (leaseOrNull == null) {
            this.lease = null;
            this.leadership = Leadership.ALWAYS;
        } else {
            this.lease = new LeaseLeadership(client, leaseOrNull, this::onStartLeading,
                    () -> controllerMetrics.setLeader(false));
            this.leadership = lease;
        }
        EventRecorder events = new EventRecorder(client, identity);
        Realizer realizer = new Realizer(client, leadership, events, config.writeAttempts(), controllerMetrics,
                config.writeReplicas());
        this.reconciler = new ServiceReconciler(watch, engine, signals, realizer, board, config, clock,
                client.getKubernetesSerialization(), decisionMetrics, controllerMetrics);
        this.timer = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "omescale-controller-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Lists and watches, then starts leader election, the workers and the tick. */
    public synchronized void start() {
        if (started) {
            return;
        }
        watch.start(Duration.ofSeconds(60));
        for (int i = 0; i < config.workers(); i++) {
            Thread t = new Thread(this::work, "omescale-reconcile-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        if (lease != null) {
            lease.start();
        } else {
            // without election this replica always writes, unless it never writes (metrics-only)
            controllerMetrics.setLeader(config.writeReplicas());
        }
        long tick = config.tick().toMillis();
        timer.scheduleAtFixedRate(this::tick, 0, tick, TimeUnit.MILLISECONDS);
        started = true;
        LOG.info("controller started: {} namespace(s), tick {}, {} workers, leader election {}",
                config.namespace() == null ? "all" : config.namespace(), config.tick(), config.workers(),
                lease == null ? "off" : "on");
    }

    /** Stops the tick and the workers, releases the Lease if held, and closes the informers. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        timer.shutdownNow();
        queue.close();
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lease != null) {
            lease.close();
        }
        watch.close();
    }

    /** Ready once every informer has listed and the loop runs. */
    public boolean ready() {
        return started && !stopped && watch.synced();
    }

    public boolean live() {
        return !stopped;
    }

    /** Whether this replica writes now: the Lease holder, or any replica without election; never metrics-only. */
    public boolean isLeader() {
        return config.writeReplicas() && leadership.isLeader();
    }

    /** What the KEDA scaler and the metrics API serve; replaced at every tick. */
    public ScalingView view() {
        return view;
    }

    /** The last report per component, as {@code omescale explain} shows it. */
    public List<ComponentReport> explain(String namespace, String isvc) {
        return board.service(namespace, isvc);
    }

    /** The JSON of {@link #explain}, or empty when the InferenceService is unknown. */
    public Optional<String> explainJson(String namespace, String isvc) {
        List<ComponentReport> reports = board.service(namespace, isvc);
        return reports.isEmpty() ? Optional.empty() : Optional.of(ExplainJson.write(namespace, isvc, reports));
    }

    /** Replica writes made since start. */
    public long writes() {
        return writes.get();
    }

    public long reconciles() {
        return reconciles.get();
    }

    /**
     * Queues every InferenceService now and waits until the queue is idle: one tick, measured. For benchmarks and
     * tests; the timer keeps ticking beside it.
     *
     * @return false when the queue did not drain within {@code timeout}
     */
    public boolean tickAndAwait(Duration timeout) throws InterruptedException {
        for (String key : watch.inferenceServiceKeys()) {
            queue.add(key);
        }
        return queue.awaitIdle(timeout.toMillis());
    }

    /** {@link #tickAndAwait} with a 10 s limit, false also when interrupted. */
    public boolean tickAndAwaitQuietly() {
        try {
            return tickAndAwait(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void onStartLeading() {
        controllerMetrics.setLeader(true);
        reconciler.resetHistories();
        for (String key : watch.inferenceServiceKeys()) {
            queue.add(key);
        }
    }

    private void tick() {
        try {
            // The decision gauges keep what the last full round decided: a round ends when the work queue has
            // drained, so a round longer than a tick (a large fleet) is not cut short and no series flickers.
            if (queue.idle()) {
                carryOverBackedOff();
                decisionMetrics.endTick();
            }
            view.publish(board.snapshot(signals.snapshot(clock.instant()).report()));
            long now = System.currentTimeMillis();
            for (String key : watch.inferenceServiceKeys()) {
                Long until = backoffUntil.get(key);
                if (until == null || until <= now) {
                    queue.add(key);
                }
            }
        } catch (RuntimeException e) {
            decisionMetrics.tickFailed();
            LOG.warn("tick failed: {}", e.toString());
        }
    }

    /** Services waiting out a retry backoff were not decided this round: they keep their last decision's gauges. */
    private void carryOverBackedOff() {
        long now = System.currentTimeMillis();
        Set<String> live = new HashSet<>(watch.inferenceServiceKeys());
        for (Map.Entry<String, Long> e : backoffUntil.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            if (e.getValue() > now && slash > 0 && live.contains(key)) {
                decisionMetrics.carryOver(key.substring(0, slash), key.substring(slash + 1));
            }
        }
    }

    private void work() {
        while (!stopped) {
            String key;
            try {
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            try {
                writes.addAndGet(reconciler.reconcile(key));
                failures.remove(key);
                backoffUntil.remove(key);
            } catch (ServiceReconciler.ReconcileException e) {
                writes.addAndGet(e.writes);
                retryLater(key, e.getMessage());
            } catch (RuntimeException e) {
                retryLater(key, e.toString());
            } finally {
                reconciles.incrementAndGet();
                queue.done(key);
            }
        }
    }

    private void retryLater(String key, String why) {
        int n = failures.merge(key, 1, Integer::sum);
        Duration delay = config.retryDelay(n);
        LOG.warn("reconcile of InferenceService {} failed (attempt {}), retrying in {}: {}", key, n, delay, why);
        if (!stopped) {
            backoffUntil.put(key, System.currentTimeMillis() + delay.toMillis());
            timer.schedule(() -> queue.add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
