package dev.omescale.scaler.discovery;

import dev.omescale.scaler.discovery.PodTargetRules.PodTarget;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.scrape.ScrapeTarget;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.PodList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-cluster telemetry discovery: watches OME component pods ({@code ome.io/inferenceservice} and {@code component}
 * labels) and DCGM exporter pods (a configurable selector, possibly in another namespace) and keeps the set of
 * scrape targets they make. Every pod event updates only that pod's entry; the immutable {@link DiscoveredTargets}
 * is built when asked for, and listeners hear of changes on one discovery thread, bursts coalesced into one call.
 *
 * <p>Lifecycle: construct, optionally {@link #addListener} or {@link #feed} a pipeline, {@link #start} (returns
 * when both caches have listed, or a future to wait on), read {@link #current()} at any time, {@link #close}.
 * The component pod cache doubles as the pod source for usage readings: {@link #componentPods}.
 */
public final class TargetDiscovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TargetDiscovery.class);
    private static final String COMPONENT_INDEX = "omescale-component";

    private final KubernetesClient client;
    private final DiscoveryConfig config;
    private final PodTargetRules rules;
    /** Per pod ({@code engine:ns/name} or {@code dcgm:ns/name}) what it contributes; NONE entries are dropped. */
    private final Map<String, PodTarget> byPod = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Other readers of the component pod cache (the controller's work queue), registered before start. */
    private final List<ResourceEventHandler<Pod>> componentPodHandlers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean notifyPending = new AtomicBoolean();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "omescale-discovery-notify");
        t.setDaemon(true);
        return t;
    });
    private final Object buildLock = new Object();
    /** Serializes changes to {@link #byPod} between the two informers' handlers and the take-over at sync. */
    private final Object podLock = new Object();
    private DiscoveredTargets built = DiscoveredTargets.EMPTY;
    private long builtAt = -1;
    private volatile boolean synced;
    private SharedIndexInformer<Pod> componentPods;
    private SharedIndexInformer<Pod> dcgmPods;
    private volatile boolean closed;

    public TargetDiscovery(KubernetesClient client, DiscoveryConfig config) {
        this.client = Objects.requireNonNull(client, "kubernetes client");
        this.config = Objects.requireNonNull(config, "discovery config");
        this.rules = new PodTargetRules(config);
    }

    public DiscoveryConfig config() {
        return config;
    }

    /**
     * Calls {@code listener} with the current targets after every change (bursts give one call with the latest
     * set), on the discovery thread. A listener that throws is logged and still called on the next change.
     */
    public void addListener(Consumer<DiscoveredTargets> listener) {
        listeners.add(new Listener(Objects.requireNonNull(listener, "listener")));
        scheduleNotify();
    }

    /** Keeps {@code pipeline}'s targets equal to the discovered ones from now on. */
    public void feed(TelemetryPipeline pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        addListener(t -> pipeline.replaceTargets(t.targets()));
    }

    /**
     * Also hands every change of the component pod cache to {@code handler}, so that a caller that needs the same
     * pods (the controller queues the InferenceService a pod belongs to) shares this cache instead of watching
     * pods a second time. Must be called before {@link #start}.
     */
    public void addComponentPodHandler(ResourceEventHandler<Pod> handler) {
        synchronized (buildLock) {
            if (componentPods != null) {
                throw new IllegalStateException("add component pod handlers before starting target discovery");
            }
            componentPodHandlers.add(Objects.requireNonNull(handler, "handler"));
        }
    }

    /**
     * Starts both pod caches. The future completes once both have listed their pods (the target set is then
     * complete). It fails when a first listing fails (RBAC refusing to list pods, an unreachable API server):
     * close this discovery and start a new one. Once listed, the caches re-list and re-watch on their own when a
     * watch drops.
     */
    public CompletableFuture<Void> start() {
        synchronized (buildLock) {
            if (componentPods != null) {
                throw new IllegalStateException("target discovery already started");
            }
            if (closed) {
                throw new IllegalStateException("target discovery is closed");
            }
            componentPods = componentPodQuery().withLabel(OmePodLabels.INFERENCE_SERVICE).runnableInformer(0);
            componentPods.addIndexers(Map.of(COMPONENT_INDEX, pod -> {
                ComponentPodKey key = PodTargetRules.componentOf(pod);
                return key == null ? List.of() : List.of(indexKey(key));
            }));
            componentPods.addEventHandler(handler("engine:", rules::engineTarget));
            componentPodHandlers.forEach(componentPods::addEventHandler);
            List<CompletableFuture<?>> started = new ArrayList<>();
            started.add(componentPods.start().toCompletableFuture());
            if (!config.dcgmSelector().isEmpty()) {
                dcgmPods = dcgmPodQuery().withLabels(config.dcgmSelector()).runnableInformer(0);
                dcgmPods.addEventHandler(handler("dcgm:", rules::dcgmTarget));
                started.add(dcgmPods.start().toCompletableFuture());
            }
            SharedIndexInformer<Pod> engines = componentPods;
            SharedIndexInformer<Pod> dcgm = dcgmPods;
            return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).thenRun(() -> {
                // The caches are full now, but their add events may still be on the way to the handlers: take the
                // listed pods in directly, so the set is complete the moment the future completes.
                synchronized (podLock) {
                    engines.getStore().list().forEach(pod -> put("engine:" + key(pod), rules.engineTarget(pod)));
                    if (dcgm != null) {
                        dcgm.getStore().list().forEach(pod -> put("dcgm:" + key(pod), rules.dcgmTarget(pod)));
                    }
                }
                synced = true;
                changes.incrementAndGet();
                scheduleNotify();
                log.info("telemetry discovery synced: {} targets", current().targets().size());
            });
        }
    }

    /** The targets now; cheap when nothing changed since the last call. */
    public DiscoveredTargets current() {
        synchronized (buildLock) {
            long seen = changes.get();
            if (seen != builtAt) {
                built = build(seen);
                builtAt = seen;
            }
            return built;
        }
    }

    /** Whether both pod caches have finished their first listing. */
    public boolean synced() {
        return synced;
    }

    /**
     * The cached pods of one component (every phase), for usage readings and pod counts; empty before
     * {@link #start} or when the component has no pods.
     */
    public List<Pod> componentPods(String namespace, String inferenceService, String component) {
        SharedIndexInformer<Pod> informer = componentPods;
        if (informer == null) {
            return List.of();
        }
        return List.copyOf(informer.getIndexer().byIndex(COMPONENT_INDEX,
                indexKey(new ComponentPodKey(namespace, inferenceService, component))));
    }

    @Override
    public void close() {
        synchronized (buildLock) {
            closed = true;
            if (componentPods != null) {
                componentPods.close();
            }
            if (dcgmPods != null) {
                dcgmPods.close();
            }
        }
        notifier.shutdownNow();
        try {
            notifier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FilterWatchListDeletable<Pod, PodList, PodResource> componentPodQuery() {
        return config.namespace() == null ? client.pods().inAnyNamespace()
                : client.pods().inNamespace(config.namespace());
    }

    private FilterWatchListDeletable<Pod, PodList, PodResource> dcgmPodQuery() {
        return config.dcgmNamespace() == null ? client.pods().inAnyNamespace()
                : client.pods().inNamespace(config.dcgmNamespace());
    }

    /**
     * Handlers take {@link #podLock} so that the one-time take-over of the listed pods at sync cannot undo a
     * later event: an informer notifies only after changing its cache, so an event either is already in the list
     * that take-over reads, or is handled after it.
     */
    private ResourceEventHandler<Pod> handler(String prefix, java.util.function.Function<Pod, PodTarget> rule) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                synchronized (podLock) {
                    put(prefix + key(pod), rule.apply(pod));
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                synchronized (podLock) {
                    put(prefix + key(newPod), rule.apply(newPod));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                synchronized (podLock) {
                    if (byPod.remove(prefix + key(pod)) != null) {
                        changed();
                    }
                }
            }
        };
    }

    private void put(String podKey, PodTarget value) {
        PodTarget before = value.target() == null && value.problem() == null ? byPod.remove(podKey)
                : byPod.put(podKey, value);
        PodTarget after = value.target() == null && value.problem() == null ? null : value;
        if (!Objects.equals(before, after)) {
            changed();
        }
    }

    private void changed() {
        changes.incrementAndGet();
        scheduleNotify();
    }

    private void scheduleNotify() {
        if (closed || listeners.isEmpty() || !notifyPending.compareAndSet(false, true)) {
            return;
        }
        try {
            notifier.execute(() -> {
                notifyPending.set(false);
                DiscoveredTargets now = current();
                for (Listener l : listeners) {
                    if (l.heard == now.generation()) {
                        continue; // a coalesced second call for a set this listener already has
                    }
                    l.heard = now.generation();
                    try {
                        l.consumer.accept(now);
                    } catch (RuntimeException e) {
                        log.error("telemetry discovery listener failed on target set {}; it will hear of the next"
                                + " change", now.generation(), e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            notifyPending.set(false); // closing
        }
    }

    /** A listener and the generation it last heard; touched only on the notifier thread after construction. */
    private static final class Listener {
        final Consumer<DiscoveredTargets> consumer;
        long heard = -1;

        Listener(Consumer<DiscoveredTargets> consumer) {
            this.consumer = consumer;
        }
    }

    private DiscoveredTargets build(long generation) {
        Map<String, String> ownerById = new LinkedHashMap<>();
        Map<String, ScrapeTarget> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<Map.Entry<String, PodTarget>> entries = new ArrayList<>(byPod.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, PodTarget> e : entries) {
            PodTarget pt = e.getValue();
            if (pt.problem() != null) {
                problems.add(pt.problem());
                continue;
            }
            ScrapeTarget t = pt.target();
            String owner = ownerById.putIfAbsent(t.id(), e.getKey());
            if (owner != null) {
                // two pods on one address (hostNetwork on one node): scrape it once, under the first pod
                problems.add(describeKey(e.getKey()) + " serves " + t.id() + " like " + describeKey(owner)
                        + "; it is scraped once, as " + describeKey(owner)
                        + "; give each exporter its own address or port");
                continue;
            }
            byId.put(t.id(), t);
        }
        List<ScrapeTarget> targets = new ArrayList<>(byId.values());
        targets.sort(Comparator.comparing(ScrapeTarget::id));
        return new DiscoveredTargets(generation, targets, problems, synced);
    }

    private static String describeKey(String podKey) {
        return "Pod " + podKey.substring(podKey.indexOf(':') + 1);
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static String indexKey(ComponentPodKey key) {
        return key.namespace() + "/" + key.inferenceService() + "/" + key.component();
    }
}
