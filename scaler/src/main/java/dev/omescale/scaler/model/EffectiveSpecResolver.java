package dev.omescale.scaler.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the effective scaling spec of an InferenceService in one place: OME's runtime merge (ISVC wins), webhook
 * defaults, per-component deployment modes, annotation precedence, the KEDA trigger, and omescale's own annotations.
 * Pure: the same inputs give the same result, and every problem is reported rather than thrown.
 *
 * <p>Policy default, when {@code omescale.dev/policy} is absent or invalid:
 * <ol>
 *   <li>{@code slo} when {@code omescale.dev/slo-ttft-p95} or {@code omescale.dev/slo-itl-p95} is set and valid;</li>
 *   <li>else {@code threshold} when someone wrote a PromQL query (annotation or a kedaConfig) and the class is
 *       {@code keda} or {@code external}, i.e. the query is meant to drive scaling;</li>
 *   <li>else {@code hpa}: HPA arithmetic on scaleMetric and its target, what OME would do.</li>
 * </ol>
 */
public final class EffectiveSpecResolver {

    private EffectiveSpecResolver() {
    }

    public static ResolvedService resolve(InferenceService isvc) {
        return resolve(isvc, null);
    }

    /**
     * @param runtimeOrNull the (Cluster)ServingRuntime the ISVC runs on, or null to resolve from the ISVC alone
     */
    public static ResolvedService resolve(InferenceService isvc, RuntimeDefaults runtimeOrNull) {
        Problems problems = new Problems();
        problems.addAll(isvc.problems());
        if (runtimeOrNull != null) {
            problems.addAll(runtimeOrNull.problems());
            checkRuntimeName(isvc, runtimeOrNull, problems);
        }
        checkEngine(isvc, runtimeOrNull, problems);
        DeploymentMode serviceMode = DeploymentModes.serviceMode(isvc, problems);
        ScaleMetric metricsAnnotation = metricsAnnotation(isvc, problems);
        checkEnableKeda(isvc.key(), "spec.kedaConfig", isvc.kedaConfig(), problems);

        List<EffectiveComponentSpec> components = new ArrayList<>();
        for (ComponentKind kind : isvc.presentComponents()) {
            components.add(new ComponentResolution(isvc, kind, runtimeOrNull, serviceMode, metricsAnnotation, problems)
                    .resolve());
        }
        checkMetricsAnnotation(isvc, metricsAnnotation, components, problems);
        DecoderRatio ratio = decoderRatio(isvc, components, problems);
        return new ResolvedService(isvc, serviceMode, components, ratio, problems.list());
    }

    private static void checkRuntimeName(InferenceService isvc, RuntimeDefaults runtime, Problems problems) {
        if (isvc.runtime() != null && isvc.runtime().name() != null && !isvc.runtime().name().equals(runtime.name())) {
            problems.warning(isvc.key(), "spec.runtime.name", isvc.runtime().name(), "names another runtime than the "
                    + "defaults given (" + runtime.objectId() + "); resolve with the runtime the ISVC names");
        }
    }

    private static void checkEngine(InferenceService isvc, RuntimeDefaults runtime, Problems problems) {
        if (isvc.engine() != null) {
            return;
        }
        String also = isvc.decoder() != null ? "; OME's webhook rejects spec.decoder without it" : "";
        if (isvc.raw().path("spec").has("predictor")) {
            also += "; spec.predictor is deprecated and OME migrates it to spec.engine, which omescale reads";
        }
        String runtimeNote = runtime != null && runtime.config(ComponentKind.ENGINE).isPresent()
                ? "; the runtime's engineConfig alone does not create one" : "";
        problems.error(isvc.key(), "spec.engine", null, "is absent; OME cannot reconcile an InferenceService "
                + "without an engine" + also + runtimeNote + "; add spec.engine: {}");
    }

    private static ScaleMetric metricsAnnotation(InferenceService isvc, Problems problems) {
        String value = isvc.annotations().get(AnnotationNames.METRICS);
        if (value == null) {
            return null;
        }
        Optional<ScaleMetric> m = ScaleMetric.fromWord(value).filter(ScaleMetric::isUtilization);
        if (m.isEmpty()) {
            problems.error(isvc.key(), "metadata.annotations[\"" + AnnotationNames.METRICS + "\"]", value,
                    "must be cpu or memory (OME's webhook rejects anything else)");
        }
        return m.orElse(null);
    }

    // OME's webhook validates ome.io/metrics, but its HPAs take the metric from each component's scaleMetric.
    private static void checkMetricsAnnotation(InferenceService isvc, ScaleMetric annotated,
                                               List<EffectiveComponentSpec> components, Problems problems) {
        if (annotated == null) {
            return;
        }
        List<String> differing = components.stream().filter(c -> c.scaleMetric() != annotated)
                .map(c -> c.kind().word() + ": " + c.scaleMetric().word()).toList();
        if (!differing.isEmpty()) {
            problems.warning(isvc.key(), "metadata.annotations[\"" + AnnotationNames.METRICS + "\"]", annotated.word(),
                    "is validated by OME but not used: its HPAs take the metric from each component's scaleMetric ("
                            + String.join(", ", differing) + "); set scaleMetric: " + annotated.word()
                            + " on those components");
        }
    }

    static void checkEnableKeda(String object, String path, KedaConfig keda, Problems problems) {
        if (keda != null && keda.enableKeda() != null) {
            problems.warning(object, path + ".enableKeda", String.valueOf(keda.enableKeda()), "is not read by OME; "
                    + "only the annotation " + AnnotationNames.AUTOSCALER_CLASS + ": keda selects KEDA, so remove "
                    + "enableKeda");
        }
    }

    // The pair's ratio: the decoder's merged annotations first (it is what the ratio constrains), then the engine's.
    private static DecoderRatio decoderRatio(InferenceService isvc, List<EffectiveComponentSpec> components,
                                             Problems problems) {
        Optional<EffectiveComponentSpec> engine = find(components, ComponentKind.ENGINE);
        Optional<EffectiveComponentSpec> decoder = find(components, ComponentKind.DECODER);
        if (decoder.isEmpty()) {
            for (EffectiveComponentSpec c : components) {
                c.annotations().get(AnnotationNames.DECODER_RATIO).ifPresent(e -> problems.warning(e.object(),
                        e.field(), e.value(), "has no effect: " + isvc.key() + " has no decoder; the ratio applies "
                                + "only with spec.engine and spec.decoder (prefill/decode)"));
            }
            return null;
        }
        DecoderRatio fromDecoder = decoder.get().omescale().decoderRatio();
        DecoderRatio fromEngine = engine.map(e -> e.omescale().decoderRatio()).orElse(null);
        if (fromDecoder != null && fromEngine != null && !fromDecoder.equals(fromEngine)) {
            ComponentAnnotations.Entry e = engine.get().annotations().get(AnnotationNames.DECODER_RATIO).orElseThrow();
            problems.warning(e.object(), e.field(), e.value(), "differs from the decoder's " + fromDecoder
                    + "; using the decoder's; write the ratio once, on the InferenceService metadata");
        }
        return engine.isEmpty() ? null : fromDecoder != null ? fromDecoder : fromEngine;
    }

    private static Optional<EffectiveComponentSpec> find(List<EffectiveComponentSpec> all, ComponentKind kind) {
        return all.stream().filter(c -> c.kind() == kind).findFirst();
    }

    /** The resolution of one component; a class so that its steps can share inputs without long parameter lists. */
    private static final class ComponentResolution {
        private final InferenceService isvc;
        private final ComponentKind kind;
        private final RuntimeDefaults runtime;
        private final DeploymentMode serviceMode;
        private final ScaleMetric metricsAnnotation;
        private final Problems problems;
        private final ComponentSpec written;
        private final ComponentSpec runtimeConfig;
        private final ComponentSpec merged;

        ComponentResolution(InferenceService isvc, ComponentKind kind, RuntimeDefaults runtime,
                            DeploymentMode serviceMode, ScaleMetric metricsAnnotation, Problems problems) {
            this.isvc = isvc;
            this.kind = kind;
            this.runtime = runtime;
            this.serviceMode = serviceMode;
            this.metricsAnnotation = metricsAnnotation;
            this.problems = problems;
            this.written = isvc.component(kind).orElseThrow();
            this.runtimeConfig = runtime == null ? null : runtime.config(kind).orElse(null);
            this.merged = merge(runtimeConfig, written);
        }

        EffectiveComponentSpec resolve() {
            ComponentAnnotations annotations =
                    ComponentAnnotations.merge(isvc, kind, runtime, runtimeConfig, written);
            int specMin = ReplicaBounds.specMin(isvc, kind, written, runtime, runtimeConfig, problems);
            int specMax = ReplicaBounds.specMax(isvc, kind, written, runtime, runtimeConfig, problems);
            DeploymentMode mode = mode(specMin);
            int min = ReplicaBounds.effectiveMin(isvc, kind, specMin, mode, problems);
            int max = ReplicaBounds.effectiveMax(isvc, kind, written, specMax, min, problems);

            ScaleMetric metric = merged.scaleMetric() != null ? merged.scaleMetric() : ScaleMetric.CPU;
            ScaleTarget target = ScaleTargets.resolve(metric, merged.scaleTarget(), origin("scaleTarget",
                    written.scaleTarget() != null), annotations, problems);
            AutoscalerClass cls = autoscalerClass(annotations);
            checkMetric(metric, cls, mode);

            KedaTrigger keda = new KedaTriggerResolver(isvc, problems)
                    .resolve(kind, annotations, componentKedaLayers(), merged.scaleMetric(), cls);
            OmescaleSettings omescale = omescale(annotations, keda, cls, specMin, mode);
            return new EffectiveComponentSpec(kind, isvc.objectName(kind), min, max, metric, target, cls, mode,
                    metricsAnnotation, keda, omescale, annotations, written);
        }

        // Runtime config under the ISVC component, ISVC winning field by field. min/max are not merged: the
        // webhook has already written them into the ISVC (see ReplicaBounds).
        private static ComponentSpec merge(ComponentSpec runtime, ComponentSpec isvc) {
            if (runtime == null) {
                return isvc;
            }
            KedaConfig keda = runtime.kedaConfig() == null ? isvc.kedaConfig()
                    : runtime.kedaConfig().overlaidBy(isvc.kedaConfig());
            return new ComponentSpec(isvc.minReplicas(), isvc.maxReplicas(),
                    isvc.scaleMetric() != null ? isvc.scaleMetric() : runtime.scaleMetric(),
                    isvc.scaleTarget() != null ? isvc.scaleTarget() : runtime.scaleTarget(),
                    overlay(runtime.annotations(), isvc.annotations()), overlay(runtime.labels(), isvc.labels()),
                    keda, runtime.hasLeader() || isvc.hasLeader(), runtime.hasWorker() || isvc.hasWorker(),
                    isvc.workerSize() != null ? isvc.workerSize() : runtime.workerSize(), isvc.raw());
        }

        private static Map<String, String> overlay(Map<String, String> base, Map<String, String> over) {
            Map<String, String> out = new HashMap<>(base);
            out.putAll(over);
            return out;
        }

        /** {object, field} of a component field: the ISVC's when it wrote it, else the runtime's. */
        private String[] origin(String field, boolean writtenInIsvc) {
            if (writtenInIsvc || runtimeConfig == null) {
                return new String[] {isvc.key(), "spec." + kind.word() + "." + field};
            }
            return new String[] {runtime.objectId(), "spec." + kind.runtimeConfigField() + "." + field};
        }

        private DeploymentMode mode(int specMin) {
            if (serviceMode == DeploymentMode.VIRTUAL_DEPLOYMENT) {
                return DeploymentMode.VIRTUAL_DEPLOYMENT;
            }
            return switch (kind) {
                case ENGINE -> engineMode(specMin);
                case DECODER -> DeploymentModes.decoder(merged);
                case ROUTER -> DeploymentModes.router(specMin);
            };
        }

        private DeploymentMode engineMode(int specMin) {
            ComponentAnnotations specAnnotations =
                    ComponentAnnotations.specOnly(isvc, kind, runtime, runtimeConfig, written);
            DeploymentMode mode = DeploymentModes.engine(specAnnotations, merged, specMin, problems);
            if (mode == DeploymentMode.SERVERLESS && isvc.decoder() != null) {
                problems.warning(isvc.key(), "spec.engine", null, "resolves to Serverless, but OME forces the engine "
                        + "to RawDeployment when a decoder exists; engine and decoder both run as Deployments");
                mode = DeploymentMode.RAW_DEPLOYMENT;
            }
            String isvcMode = isvc.annotations().get(AnnotationNames.DEPLOYMENT_MODE);
            if (isvcMode != null && DeploymentMode.fromWord(isvcMode).isPresent() && serviceMode != mode) {
                problems.warning(isvc.key(), "metadata.annotations[\"" + AnnotationNames.DEPLOYMENT_MODE + "\"]",
                        isvcMode, "sets the InferenceService-level mode only; OME's per-component rules make the "
                                + "engine " + mode.word() + " (set spec.engine.annotations[\""
                                + AnnotationNames.DEPLOYMENT_MODE + "\"] to choose the engine's mode)");
            }
            return mode;
        }

        private AutoscalerClass autoscalerClass(ComponentAnnotations annotations) {
            Optional<ComponentAnnotations.Entry> e = annotations.get(AnnotationNames.AUTOSCALER_CLASS);
            if (e.isEmpty()) {
                return AutoscalerClass.HPA;
            }
            return AutoscalerClass.fromWord(e.get().value()).orElseGet(() -> {
                problems.error(e.get().object(), e.get().field(), e.get().value(), "not an autoscaler class; use "
                        + "hpa, keda or external (external lets omescale scale the component); using hpa");
                return AutoscalerClass.HPA;
            });
        }

        private void checkMetric(ScaleMetric metric, AutoscalerClass cls, DeploymentMode mode) {
            if (!metric.isUtilization() && cls == AutoscalerClass.HPA && mode == DeploymentMode.RAW_DEPLOYMENT) {
                String[] at = origin("scaleMetric", written.scaleMetric() != null);
                problems.warning(at[0], at[1], metric.word(), "OME's HPA would use \"" + metric.word() + "\" as a "
                        + "Resource metric, which Kubernetes cannot read, so the HPA never scales; set "
                        + AnnotationNames.AUTOSCALER_CLASS + ": external to let omescale scale on " + metric.word()
                        + ", or use cpu or memory");
            }
        }

        /** The component's kedaConfig layers, runtime first; each reported as honoured although OME ignores it. */
        private List<KedaTriggerResolver.Layer> componentKedaLayers() {
            List<KedaTriggerResolver.Layer> layers = new ArrayList<>();
            if (runtimeConfig != null && runtimeConfig.kedaConfig() != null) {
                layers.add(layer(runtime.objectId(), "spec." + kind.runtimeConfigField() + ".kedaConfig",
                        runtimeConfig.kedaConfig()));
            }
            if (written.kedaConfig() != null) {
                layers.add(layer(isvc.key(), "spec." + kind.word() + ".kedaConfig", written.kedaConfig()));
            }
            return layers;
        }

        private KedaTriggerResolver.Layer layer(String object, String path, KedaConfig keda) {
            checkEnableKeda(object, path, keda, problems);
            if (!keda.isEmpty()) {
                problems.warning(object, path, null, "is ignored by OME, which reads only spec.kedaConfig; omescale "
                        + "honours it as an override for " + isvc.objectName(kind) + " (annotations still win)");
            }
            return new KedaTriggerResolver.Layer(keda, object, path, SettingSource.COMPONENT_KEDA_CONFIG);
        }

        private OmescaleSettings omescale(ComponentAnnotations annotations, KedaTrigger keda, AutoscalerClass cls,
                                          int specMin, DeploymentMode mode) {
            OmescaleAnnotationsReader.Parsed p = new OmescaleAnnotationsReader(problems).read(annotations);
            boolean hasSlo = p.sloTtftP95() != null || p.sloItlP95() != null;
            List<PolicyKind> policies;
            SettingSource source;
            if (p.explicitPolicies() != null) {
                policies = p.explicitPolicies();
                source = SettingSource.ANNOTATION;
                ComponentAnnotations.Entry e = annotations.get(AnnotationNames.POLICY).orElseThrow();
                if (policies.contains(PolicyKind.THRESHOLD) && !keda.queryConfigured()) {
                    problems.warning(e.object(), e.field(), e.value(), "threshold needs a PromQL query; set "
                            + AnnotationNames.KEDA_QUERY + " or spec.kedaConfig.customPromQuery (OME's default query "
                            + "matches nothing)");
                }
                if (policies.contains(PolicyKind.SLO) && !hasSlo) {
                    problems.warning(e.object(), e.field(), e.value(), "slo needs a target; set "
                            + AnnotationNames.SLO_TTFT_P95 + " or " + AnnotationNames.SLO_ITL_P95 + ", e.g. 2s");
                }
            } else {
                source = SettingSource.DEFAULT;
                if (hasSlo) {
                    policies = List.of(PolicyKind.SLO);
                } else if (keda.queryConfigured()
                        && (cls == AutoscalerClass.KEDA || cls == AutoscalerClass.EXTERNAL)) {
                    policies = List.of(PolicyKind.THRESHOLD);
                } else {
                    policies = List.of(PolicyKind.HPA);
                }
            }
            if (p.scaleToZeroIdle() != null && specMin == 0 && mode == DeploymentMode.SERVERLESS) {
                ComponentAnnotations.Entry e = annotations.get(AnnotationNames.SCALE_TO_ZERO).orElseThrow();
                problems.warning(e.object(), e.field(), e.value(), "has no effect: minReplicas 0 already makes "
                        + isvc.objectName(kind) + " Serverless, where Knative scales to zero and omescale does not "
                        + "scale; set minReplicas: 1 to keep a Deployment and let omescale scale it to zero");
            }
            return new OmescaleSettings(p.sloTtftP95(), p.sloItlP95(), policies, source, p.scaleToZeroIdle(),
                    p.decoderRatio(), p.behavior(), p.multinodeLever(), p.raw());
        }
    }
}
