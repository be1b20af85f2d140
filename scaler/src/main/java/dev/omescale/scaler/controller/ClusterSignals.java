package dev.omescale.scaler.controller;

import dev.omescale.scaler.discovery.ComponentPodKey;
import dev.omescale.scaler.discovery.ComponentResourceUsage;
import dev.omescale.scaler.discovery.ResourceUsageReader;
import dev.omescale.scaler.discovery.TargetDiscovery;
import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.telemetry.pipeline.TelemetryPipeline;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals from inside the cluster: a telemetry pipeline whose targets telemetry discovery keeps equal to the
 * component and DCGM exporter pods, and cpu/memory usage from metrics.k8s.io for components that scale on it.
 * PromQL inputs come from another source ({@link ComponentSignalsSource#merged}).
 *
 * <p>A snapshot is built at most once per {@code refresh} and shared by every reconcile in that time: the tick's
 * own call builds it (the refresh is shorter than the tick, so timer jitter cannot skip one), and event-driven
 * reconciles between ticks reuse it. metrics.k8s.io is listed at most once per namespace per snapshot, and only for
 * namespaces with a component that scales on cpu or memory.
 */
public final class ClusterSignals implements ComponentSignalsSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSignals.class);

    private final TargetDiscovery discovery;
    private final TelemetryPipeline pipeline;
    private final ResourceUsageReader usage;
    private final long refreshMillis;
    private final Object buildLock = new Object();
    /** The last problem reading metrics.k8s.io per namespace, so that a lasting problem is logged once. */
    private final Map<String, String> usageProblems = new ConcurrentHashMap<>();
    private volatile Built latest;

    private record Built(long atMillis, Snapshot snapshot) {
    }

    /**
     * Feeds {@code pipeline} from {@code discovery} from now on. The caller starts the discovery (the controller
     * does, as its pod cache) and {@link #start}s this.
     *
     * @param usage   reads metrics.k8s.io; best made with {@link ResourceUsageReader#clientWithoutRetries}, so a
     *                failing metrics-server costs one request per tick, not 19 s of retries
     * @param refresh how long one snapshot serves; shorter than the controller's tick (e.g. 80 % of it)
     */
    public ClusterSignals(TargetDiscovery discovery, TelemetryPipeline pipeline, ResourceUsageReader usage,
            Duration refresh) {
        this.discovery = Objects.requireNonNull(discovery, "target discovery");
        this.pipeline = Objects.requireNonNull(pipeline, "telemetry pipeline");
        this.usage = Objects.requireNonNull(usage, "resource usage reader");
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("signals refresh " + refresh + " must be positive");
        }
        this.refreshMillis = refresh.toMillis();
        discovery.feed(pipeline);
    }

    /** Starts scraping; targets arrive as discovery finds them. */
    public void start() {
        pipeline.start();
    }

    @Override
    public Snapshot snapshot(Instant now) {
        long at = now.toEpochMilli();
        Built b = latest;
        if (b != null && at - b.atMillis() < refreshMillis && at >= b.atMillis()) {
            return b.snapshot();
        }
        synchronized (buildLock) {
            b = latest;
            if (b != null && at - b.atMillis() < refreshMillis && at >= b.atMillis()) {
                return b.snapshot();
            }
            Snapshot s = new TickSnapshot(pipeline.report());
            latest = new Built(at, s);
            return s;
        }
    }

    /** Stops scraping. The discovery belongs to whoever started it (the controller closes its own). */
    @Override
    public void close() {
        pipeline.close();
    }

    /** One tick's report, indexed, and the usage of the namespaces asked for so far. */
    private final class TickSnapshot implements Snapshot {
        private final TelemetryReport report;
        private final Map<String, ComponentSignals> components = new HashMap<>();
        private final Map<String, PodSignals> pods = new HashMap<>();
        private final Map<String, ResourceUsageReader.NamespaceUsage> usageByNamespace = new ConcurrentHashMap<>();

        TickSnapshot(TelemetryReport report) {
            this.report = report;
            for (ComponentSignals c : report.components()) {
                components.put(c.namespace() + "/" + c.inferenceService() + "/" + c.component(), c);
            }
            for (PodSignals p : report.pods()) {
                pods.put(p.namespace() + "/" + p.pod(), p);
            }
        }

        @Override
        public TelemetryReport report() {
            return report;
        }

        @Override
        public ComponentSignalInputs component(ComponentKey key, EffectiveComponentSpec spec, List<PodInfo> podInfos) {
            String component = key.component().word();
            ComponentSignals signals = components.get(key.namespace() + "/" + key.inferenceService() + "/"
                    + component);
            List<PodSignals> podSignals = new ArrayList<>();
            if (signals != null) {
                for (String pod : signals.pods()) {
                    PodSignals p = pods.get(key.namespace() + "/" + pod);
                    if (p != null) {
                        podSignals.add(p);
                    }
                }
            }
            Map<String, List<dev.omescale.scaler.hpa.PodSample>> resourceUsage = Map.of();
            String usageProblem = null;
            if (spec.scaleMetric() != null && spec.scaleMetric().isUtilization()) {
                ComponentPodKey podKey = new ComponentPodKey(key.namespace(), key.inferenceService(), component);
                // computeIfAbsent holds the entry while listing: concurrent reconciles of one namespace wait for
                // the one listing instead of each sending its own
                ResourceUsageReader.NamespaceUsage ns = usageByNamespace.computeIfAbsent(key.namespace(),
                        this::listNamespace);
                ComponentResourceUsage u = ns.component(podKey, discovery.componentPods(key.namespace(),
                        key.inferenceService(), component));
                resourceUsage = u.usage();
                usageProblem = ns.problem();
            }
            if (signals == null && podSignals.isEmpty() && resourceUsage.isEmpty() && usageProblem == null) {
                return ComponentSignalInputs.NONE;
            }
            return new ComponentSignalInputs(signals, podSignals, resourceUsage, null, usageProblem);
        }

        private ResourceUsageReader.NamespaceUsage listNamespace(String namespace) {
            ResourceUsageReader.NamespaceUsage read = usage.listNamespace(namespace);
            String before = read.problem() == null ? usageProblems.remove(namespace)
                    : usageProblems.put(namespace, read.problem());
            if (read.problem() != null && !read.problem().equals(before)) {
                LOG.warn("cpu/memory usage: {}; components scaling on cpu or memory hold until it can be read",
                        read.problem());
            } else if (read.problem() == null && before != null) {
                LOG.info("cpu/memory usage of namespace {} can be read again", namespace);
            }
            return read;
        }
    }
}
