package dev.omescale.scaler.controller;

import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.promql.PromQlEvaluator;
import dev.omescale.scaler.view.ComponentKey;
import dev.omescale.telemetry.signal.TelemetryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Signals from Prometheus only: each component with a PromQL query (annotation or kedaConfig) gets its value, the
 * input of the threshold policy. Until in-cluster scraping is wired, this is what drives decisions in a cluster;
 * other policies hold for lack of data and say so.
 */
public final class PromQlSignals implements ComponentSignalsSource {
    private final PromQlEvaluator evaluator;
    private final TelemetryReport empty;

    public PromQlSignals(PromQlEvaluator evaluator, Duration window) {
        this.evaluator = evaluator;
        this.empty = new TelemetryReport(0, window, List.of(), List.of(), List.of(), List.of());
    }

    @Override
    public Snapshot snapshot(Instant now) {
        return new Snapshot() {
            @Override
            public TelemetryReport report() {
                return empty;
            }

            @Override
            public ComponentSignalInputs component(ComponentKey key, EffectiveComponentSpec spec, List<PodInfo> pods) {
                if (spec.keda() == null || !spec.keda().queryConfigured()) {
                    return ComponentSignalInputs.NONE;
                }
                return new ComponentSignalInputs(null, List.of(), Map.of(),
                        evaluator.evaluate(key.namespace(), key.inferenceService(), spec, now), null);
            }
        };
    }
}
