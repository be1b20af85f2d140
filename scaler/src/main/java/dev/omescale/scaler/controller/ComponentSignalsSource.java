package dev.omescale.scaler.controller;

import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodSample;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.policy.QueryValue;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the controller gets each component's signals for a tick: the telemetry pipeline (scraped engines and DCGM,
 * discovered in the cluster), pod usage from metrics.k8s.io, and PromQL. The controller knows nothing of scraping;
 * it asks this for one consistent view per tick and reads components from it.
 */
public interface ComponentSignalsSource {

    /** The signals as of {@code now}; called once per tick (and per event-driven reconcile). */
    Snapshot snapshot(Instant now);

    /** One tick's signals. Safe to read from several threads. */
    interface Snapshot {
        /** What the servers show as telemetry (the KEDA scaler and the metrics API read it). */
        TelemetryReport report();

        /**
         * The inputs for one component; {@link ComponentSignalInputs#NONE} when nothing is known.
         *
         * @param pods the component's pods as the controller sees them (from its pod informer)
         */
        ComponentSignalInputs component(ComponentKey key, EffectiveComponentSpec spec, List<PodInfo> pods);
    }

    /**
     * @param signals       the component's aggregated signals, or null
     * @param podSignals    per-pod signals, for HPA Pods metrics
     * @param resourceUsage per resource (cpu, memory) the pods' usage samples from metrics.k8s.io
     * @param promql        the component's PromQL value at this tick, or null
     * @param usageProblem  why metrics.k8s.io could not be read for a component scaling on cpu or memory, with the
     *                      fix; null when it was read or not needed
     */
    record ComponentSignalInputs(ComponentSignals signals, List<PodSignals> podSignals,
            Map<String, List<PodSample>> resourceUsage, QueryValue promql, String usageProblem) {
        public static final ComponentSignalInputs NONE = new ComponentSignalInputs(null, List.of(), Map.of(), null,
                null);

        public ComponentSignalInputs {
            podSignals = List.copyOf(podSignals);
            resourceUsage = Map.copyOf(resourceUsage);
        }
    }

    /** No telemetry wired: every policy holds for lack of data, and says so. */
    static ComponentSignalsSource none(Duration window) {
        TelemetryReport empty = new TelemetryReport(0, window, List.of(), List.of(), List.of(), List.of());
        Snapshot snapshot = new Snapshot() {
            @Override
            public TelemetryReport report() {
                return empty;
            }

            @Override
            public ComponentSignalInputs component(ComponentKey key, EffectiveComponentSpec spec, List<PodInfo> pods) {
                return ComponentSignalInputs.NONE;
            }
        };
        return now -> snapshot;
    }

    /**
     * Telemetry (scraped signals, pod signals, resource usage) from {@code telemetry} and PromQL values from
     * {@code queries}: what the controller runs with when both scraping and a Prometheus are configured.
     */
    static ComponentSignalsSource merged(ComponentSignalsSource telemetry, ComponentSignalsSource queries) {
        return now -> {
            Snapshot scraped = telemetry.snapshot(now);
            Snapshot queried = queries.snapshot(now);
            return new Snapshot() {
                @Override
                public TelemetryReport report() {
                    return scraped.report();
                }

                @Override
                public ComponentSignalInputs component(ComponentKey key, EffectiveComponentSpec spec,
                        List<PodInfo> pods) {
                    ComponentSignalInputs a = scraped.component(key, spec, pods);
                    ComponentSignalInputs b = queried.component(key, spec, pods);
                    if (b.promql() == null) {
                        return a;
                    }
                    return new ComponentSignalInputs(a.signals(), a.podSignals(), a.resourceUsage(), b.promql(),
                            a.usageProblem());
                }
            };
        };
    }
}
