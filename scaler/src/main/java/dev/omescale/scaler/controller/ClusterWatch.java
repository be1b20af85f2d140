package dev.omescale.scaler.controller;

import dev.omescale.scaler.discovery.TargetDiscovery;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's cached view of the cluster: one fabric8 SharedIndexInformer per kind it reads. InferenceServices,
 * Deployments and Pods labelled {@code ome.io/inferenceservice}, HPAs (to see foreign ones), and, when their CRDs are
 * installed, LeaderWorkerSets, InferenceReplicas and KEDA ScaledObjects. Every change is turned into the key
 * ({@code namespace/name}) of the InferenceService it concerns and handed to {@code onChange}. The component pods
 * come from telemetry discovery's pod cache, so that pods are listed and watched once for both scraping and
 * scaling; this watch starts and closes that discovery.
 */
public final class ClusterWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
    private static final String TARGET_INDEX = "omescale-scale-target";

    private final KubernetesClient client;
    private final String namespace;
    private final long resyncMillis;
    private final Consumer<String> onChange;
    private final TargetDiscovery discovery;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    private SharedIndexInformer<GenericKubernetesResource> isvcs;
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<HorizontalPodAutoscaler> hpas;
    private SharedIndexInformer<GenericKubernetesResource> scaledObjects;
    private SharedIndexInformer<GenericKubernetesResource> leaderWorkerSets;
    private SharedIndexInformer<GenericKubernetesResource> inferenceReplicas;

    /** @param discovery not started yet; its component pod cache serves {@link #pods} */
    public ClusterWatch(KubernetesClient client, String namespace, Duration resync, Consumer<String> onChange,
            TargetDiscovery discovery) {
        this.client = client;
        this.discovery = discovery;
        this.namespace = namespace;
        this.resyncMillis = resync.toMillis();
        this.onChange = onChange;
    }

    /** Looks for the optional CRDs, starts every informer and waits for their first lists. */
    public void start(Duration syncTimeout) {
        isvcs = start(client.genericKubernetesResources(OmeResources.INFERENCE_SERVICE), Map.of(),
                ClusterWatch::key);
        deployments = start(client.apps().deployments(), OmeResources.ISVC_LABEL, Map.of(),
                ClusterWatch::labelledKey);
        discovery.addComponentPodHandler(handler(ClusterWatch::labelledKey));
        hpas = start(client.autoscaling().v2().horizontalPodAutoscalers(), Map.of(TARGET_INDEX,
                h -> h.getSpec() == null || h.getSpec().getScaleTargetRef() == null ? List.of()
                        : List.of(ns(h) + "/" + h.getSpec().getScaleTargetRef().getName())), this::targetKey);
        if (crdInstalled(OmeResources.SCALED_OBJECT)) {
            scaledObjects = start(client.genericKubernetesResources(OmeResources.SCALED_OBJECT), Map.of(TARGET_INDEX,
                    s -> scaledObjectTarget(s).map(t -> List.of(ns(s) + "/" + t)).orElse(List.of())),
                    this::targetKey);
        }
        if (crdInstalled(OmeResources.LEADER_WORKER_SET)) {
            leaderWorkerSets = start(client.genericKubernetesResources(OmeResources.LEADER_WORKER_SET), Map.of(),
                    this::workloadKey);
        }
        if (crdInstalled(OmeResources.INFERENCE_REPLICA)) {
            inferenceReplicas = start(client.genericKubernetesResources(OmeResources.INFERENCE_REPLICA), Map.of(),
                    this::workloadKey);
        }
        java.util.concurrent.CompletableFuture<Void> podsListed = discovery.start();
        for (SharedIndexInformer<?> i : informers) {
            try {
                i.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not list " + i.getApiTypeClass().getSimpleName()
                        + " within " + syncTimeout + " (" + e + "); check the API server address and that the "
                        + "service account may list and watch it (README, RBAC)", e);
            }
        }
        try {
            podsListed.get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not list Pods (InferenceService components, DCGM exporters) within "
                    + syncTimeout + " (" + e + "); check that the service account may list and watch pods, in the "
                    + "DCGM exporters' namespace too (README, RBAC)", e);
        }
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> SharedIndexInformer<T> start(
            MixedOperation<T, L, ? extends Resource<T>> op, Map<String, Function<T, List<String>>> indexers,
            Function<T, List<String>> keys) {
        FilterWatchListDeletable<T, L, ? extends Resource<T>> scoped = namespace == null ? op.inAnyNamespace()
                : op.inNamespace(namespace);
        return register(scoped, indexers, keys);
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> SharedIndexInformer<T> start(
            MixedOperation<T, L, ? extends Resource<T>> op, String label,
            Map<String, Function<T, List<String>>> indexers, Function<T, List<String>> keys) {
        FilterWatchListDeletable<T, L, ? extends Resource<T>> scoped = namespace == null ? op.inAnyNamespace()
                : op.inNamespace(namespace);
        return register(scoped.withLabel(label), indexers, keys);
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> SharedIndexInformer<T> register(
            FilterWatchListDeletable<T, L, ? extends Resource<T>> scoped,
            Map<String, Function<T, List<String>>> indexers, Function<T, List<String>> keys) {
        SharedIndexInformer<T> informer = scoped.runnableInformer(resyncMillis);
        if (!indexers.isEmpty()) {
            informer.addIndexers(indexers);
        }
        informer.addEventHandler(handler(keys));
        informers.add(informer);
        return informer;
    }

    private <T> ResourceEventHandler<T> handler(Function<? super T, List<String>> keys) {
        return new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                keys.apply(obj).forEach(onChange);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                keys.apply(newObj).forEach(onChange);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                keys.apply(obj).forEach(onChange);
            }
        };
    }

    private boolean crdInstalled(ResourceDefinitionContext context) {
        String name = OmeResources.crdName(context);
        try {
            boolean present = client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null;
            LOG.info("CRD {} {}", name, present ? "installed: watching " + context.getKind() + "s" : "not installed");
            return present;
        } catch (KubernetesClientException e) {
            LOG.warn("cannot read CRD {} ({}); assuming it is not installed. Grant get on "
                    + "customresourcedefinitions (README, RBAC)", name, e.getMessage());
            return false;
        }
    }

    public boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced)
                && discovery.synced();
    }

    public boolean hasLeaderWorkerSets() {
        return leaderWorkerSets != null;
    }

    public boolean hasInferenceReplicas() {
        return inferenceReplicas != null;
    }

    public boolean hasScaledObjects() {
        return scaledObjects != null;
    }

    /** Keys of every InferenceService in the cache. */
    public List<String> inferenceServiceKeys() {
        return isvcs.getIndexer().listKeys();
    }

    public GenericKubernetesResource inferenceService(String key) {
        return isvcs.getIndexer().getByKey(key);
    }

    public Deployment deployment(String ns, String name) {
        return deployments.getIndexer().getByKey(ns + "/" + name);
    }

    public GenericKubernetesResource leaderWorkerSet(String ns, String name) {
        return leaderWorkerSets == null ? null : leaderWorkerSets.getIndexer().getByKey(ns + "/" + name);
    }

    public GenericKubernetesResource inferenceReplica(String ns, String name) {
        return inferenceReplicas == null ? null : inferenceReplicas.getIndexer().getByKey(ns + "/" + name);
    }

    public List<Pod> pods(String ns, String isvc, String component) {
        return discovery.componentPods(ns, isvc, component);
    }

    /** HPAs whose scaleTargetRef names {@code workload} in {@code ns}. */
    public List<HorizontalPodAutoscaler> hpasTargeting(String ns, String workload) {
        return hpas.getIndexer().byIndex(TARGET_INDEX, ns + "/" + workload);
    }

    /** ScaledObjects whose scaleTargetRef names {@code workload} in {@code ns}; empty without KEDA. */
    public List<GenericKubernetesResource> scaledObjectsTargeting(String ns, String workload) {
        return scaledObjects == null ? List.of() : scaledObjects.getIndexer().byIndex(TARGET_INDEX, ns + "/"
                + workload);
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> i : informers) {
            i.close();
        }
        informers.clear();
        discovery.close();
    }

    static Optional<String> scaledObjectTarget(GenericKubernetesResource so) {
        Object spec = so.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> s && s.get("scaleTargetRef") instanceof Map<?, ?> ref
                && ref.get("name") instanceof String name) {
            return Optional.of(name);
        }
        return Optional.empty();
    }

    private static String ns(HasMetadata o) {
        return o.getMetadata().getNamespace();
    }

    private static List<String> key(HasMetadata o) {
        return List.of(Cache.metaNamespaceKeyFunc(o));
    }

    private static List<String> labelledKey(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        String isvc = labels == null ? null : labels.get(OmeResources.ISVC_LABEL);
        return isvc == null ? List.of() : List.of(ns(o) + "/" + isvc);
    }

    /** LWS and InferenceReplica: by label when OME set it, else by the name ({@code [lws-]<isvc>-<component>}). */
    private List<String> workloadKey(GenericKubernetesResource o) {
        List<String> labelled = labelledKey(o);
        return labelled.isEmpty() ? targetKey(o.getMetadata().getName(), ns(o)) : labelled;
    }

    private List<String> targetKey(HasMetadata o) {
        if (o instanceof HorizontalPodAutoscaler h) {
            return h.getSpec() == null || h.getSpec().getScaleTargetRef() == null ? List.of()
                    : targetKey(h.getSpec().getScaleTargetRef().getName(), ns(h));
        }
        if (o instanceof GenericKubernetesResource g) {
            return scaledObjectTarget(g).map(t -> targetKey(t, ns(g))).orElse(List.of());
        }
        return List.of();
    }

    /** The InferenceService a workload name belongs to, when such an InferenceService is cached. */
    private List<String> targetKey(String workload, String ns) {
        String name = workload.startsWith("lws-") ? workload.substring(4) : workload;
        for (String suffix : List.of("-engine", "-decoder", "-router")) {
            if (name.endsWith(suffix)) {
                String key = ns + "/" + name.substring(0, name.length() - suffix.length());
                return isvcs != null && isvcs.getIndexer().getByKey(key) != null ? List.of(key) : List.of();
            }
        }
        return List.of();
    }
}
