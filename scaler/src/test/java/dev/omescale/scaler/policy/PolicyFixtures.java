package dev.omescale.scaler.policy;

import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodPhase;
import dev.omescale.scaler.hpa.PodSample;
import dev.omescale.scaler.hpa.ReadyCondition;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.EffectiveSpecResolver;
import dev.omescale.scaler.model.InferenceServiceReader;
import dev.omescale.scaler.model.KedaTrigger;
import dev.omescale.scaler.model.SettingSource;
import dev.omescale.telemetry.signal.PodSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** InferenceService specs, pods and signals for policy tests; times are relative to {@link #NOW}. */
public final class PolicyFixtures {

    public static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Instant LONG_AGO = NOW.minusSeconds(3600);
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private PolicyFixtures() {
    }

    /**
     * The engine of {@code default/llama-chat}.
     *
     * @param annotations YAML lines for metadata.annotations, each indented by 4 spaces, or ""
     * @param engine      YAML lines under spec.engine, each indented by 4 spaces
     * @param extraSpec   more YAML lines under spec (indented by 2), or ""
     */
    public static EffectiveComponentSpec engine(String annotations, String engine, String extraSpec) {
        String meta = annotations.isEmpty() ? "" : "  annotations:\n" + annotations;
        String yaml = """
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata:
                  name: llama-chat
                  namespace: default
                """ + meta + "spec:\n  model: {name: llama}\n  engine:\n" + engine + extraSpec;
        return EffectiveSpecResolver.resolve(InferenceServiceReader.read(yaml)).component(ComponentKind.ENGINE)
                .orElseThrow();
    }

    /** The spec with another trigger threshold and operator (source ANNOTATION, as if written). */
    static EffectiveComponentSpec withTrigger(EffectiveComponentSpec s, double threshold, String operator) {
        KedaTrigger k = s.keda();
        Map<KedaTrigger.Field, SettingSource> sources = new HashMap<>(k.sources());
        sources.put(KedaTrigger.Field.THRESHOLD, SettingSource.ANNOTATION);
        if (operator == null) {
            sources.remove(KedaTrigger.Field.OPERATOR);
        } else {
            sources.put(KedaTrigger.Field.OPERATOR, SettingSource.ANNOTATION);
        }
        KedaTrigger t = new KedaTrigger(k.serverAddress(), k.query(), k.queryAsWritten(), Double.toString(threshold),
                threshold, operator == null ? KedaTrigger.DEFAULT_OPERATOR : operator, k.metricName(),
                k.authenticationRef(), k.authModes(), sources);
        return new EffectiveComponentSpec(s.kind(), s.objectName(), s.minReplicas(), s.maxReplicas(),
                s.scaleMetric(), s.scaleTarget(), s.autoscalerClass(), s.deploymentMode(), s.metricsAnnotation(), t,
                s.omescale(), s.annotations(), s.spec());
    }

    /** Running and Ready for an hour: ready under every HPA rule. */
    static PodInfo ready(String name, long requestMilli) {
        return new PodInfo(name, PodPhase.RUNNING, false, ReadyCondition.TRUE, LONG_AGO, LONG_AGO, requestMilli);
    }

    static PodInfo ready(String name) {
        return ready(name, 1000);
    }

    static PodInfo pending(String name) {
        return new PodInfo(name, PodPhase.PENDING, false, ReadyCondition.FALSE, null, null, 1000);
    }

    /** Running, NotReady since it started an hour ago. */
    static PodInfo notReady(String name, long requestMilli) {
        return new PodInfo(name, PodPhase.RUNNING, false, ReadyCondition.FALSE, LONG_AGO, LONG_AGO, requestMilli);
    }

    static List<PodInfo> readyPods(int n) {
        List<PodInfo> pods = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            pods.add(ready("p" + i));
        }
        return pods;
    }

    static PodSignals signal(String pod, String signal, double value, Instant at) {
        return new PodSignals("default", pod, "llama-chat", "engine", Map.of(signal, value), at.toEpochMilli(),
                List.of());
    }

    static PodSample usage(String pod, long milli) {
        return new PodSample(pod, milli, NOW, Duration.ofSeconds(60));
    }

    /** A mutable builder of {@link ComponentInputs} with test defaults. */
    static final class Inputs {
        EffectiveComponentSpec spec;
        int current;
        List<PodSignals> podSignals = List.of();
        List<PodInfo> pods = List.of();
        Map<String, List<PodSample>> usage = Map.of();
        QueryValue promql;
        Instant now = NOW;
        Duration maxAge = MAX_AGE;

        Inputs(EffectiveComponentSpec spec, int current) {
            this.spec = spec;
            this.current = current;
        }

        Inputs podSignals(List<PodSignals> v) {
            podSignals = v;
            return this;
        }

        Inputs pods(List<PodInfo> v) {
            pods = v;
            return this;
        }

        Inputs usage(String resource, List<PodSample> v) {
            usage = Map.of(resource, v);
            return this;
        }

        Inputs promql(QueryValue v) {
            promql = v;
            return this;
        }

        ComponentInputs build() {
            return new ComponentInputs("default", "llama-chat", spec, current, current, 0, null, podSignals, pods,
                    usage, promql, now, maxAge);
        }
    }
}
