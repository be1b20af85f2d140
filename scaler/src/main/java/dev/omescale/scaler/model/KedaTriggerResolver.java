package dev.omescale.scaler.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a component's Prometheus trigger settings: annotation, then {@code spec.<c>.kedaConfig} (omescale's
 * extension), then {@code spec.kedaConfig}, then OME's default. A bad value falls back to the default.
 */
final class KedaTriggerResolver {
    private static final Set<String> OPERATORS =
            Set.of("GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual");
    private static final Set<String> AUTH_MODES = Set.of("basic", "tls", "bearer", "custom");
    private static final Set<String> AUTH_KINDS = Set.of("TriggerAuthentication", "ClusterTriggerAuthentication");
    private static final Pattern ISVC_MATCHER =
            Pattern.compile("ome_io_inferenceservice\\s*(=~|=)\\s*\"([^\"]*)\"");

    private final InferenceService isvc;
    private final Problems problems;

    KedaTriggerResolver(InferenceService isvc, Problems problems) {
        this.isvc = isvc;
        this.problems = problems;
    }

    /** Where one kedaConfig value was written. */
    record Written(String value, String object, String field, SettingSource source) {
    }

    /**
     * @param componentKeda the component's kedaConfig layers, runtime first then ISVC (either may be null)
     */
    KedaTrigger resolve(ComponentKind kind, ComponentAnnotations annotations, List<Layer> componentKeda,
                        ScaleMetric writtenMetric, AutoscalerClass cls) {
        String objectName = isvc.objectName(kind);
        Map<KedaTrigger.Field, SettingSource> sources = new EnumMap<>(KedaTrigger.Field.class);
        List<Layer> layers = new ArrayList<>();
        if (isvc.kedaConfig() != null) {
            layers.add(new Layer(isvc.kedaConfig(), isvc.key(), "spec.kedaConfig", SettingSource.KEDA_CONFIG));
        }
        layers.addAll(componentKeda);

        Optional<Written> address = pick(annotations, AnnotationNames.KEDA_SERVER_ADDRESS, layers,
                KedaConfig::promServerAddress, "promServerAddress");
        String serverAddress = KedaTrigger.DEFAULT_SERVER_ADDRESS;
        if (address.isPresent() && validAddress(address.get())) {
            serverAddress = address.get().value();
            sources.put(KedaTrigger.Field.SERVER_ADDRESS, address.get().source());
        }

        Optional<Written> threshold = pick(annotations, AnnotationNames.KEDA_THRESHOLD, layers,
                KedaConfig::scalingThreshold, "scalingThreshold");
        String thresholdText = KedaTrigger.DEFAULT_THRESHOLD;
        double thresholdValue = Double.parseDouble(KedaTrigger.DEFAULT_THRESHOLD);
        if (threshold.isPresent()) {
            Double parsed = positiveNumber(threshold.get());
            if (parsed != null) {
                thresholdText = threshold.get().value();
                thresholdValue = parsed;
                sources.put(KedaTrigger.Field.THRESHOLD, threshold.get().source());
            }
        }

        Optional<Written> operator = pick(annotations, AnnotationNames.KEDA_OPERATOR, layers,
                KedaConfig::scalingOperator, "scalingOperator");
        String operatorText = KedaTrigger.DEFAULT_OPERATOR;
        if (operator.isPresent()) {
            if (OPERATORS.contains(operator.get().value())) {
                operatorText = operator.get().value();
                sources.put(KedaTrigger.Field.OPERATOR, operator.get().source());
            } else {
                error(operator.get(), "not an operator; use GreaterThan, GreaterThanOrEqual, LessThan or "
                        + "LessThanOrEqual (KEDA's Prometheus scaler ignores it either way)");
            }
        }

        Written query = query(annotations, layers, objectName, cls);
        String effectiveQuery = query.source() == SettingSource.ANNOTATION
                ? query.value() : query.value().replace("%%", "\u0000").replace("%s", objectName).replace("\u0000", "%");
        if (query.source() != SettingSource.DEFAULT) {
            sources.put(KedaTrigger.Field.QUERY, query.source());
        }
        checkMatcher(kind, query, effectiveQuery, cls);

        KedaConfig.AuthenticationRef auth = null;
        String authModes = null;
        Layer authLayer = null;
        for (Layer l : layers) {
            if (l.config().authenticationRef() != null) {
                authLayer = l;
            }
        }
        if (authLayer != null) {
            auth = authenticationRef(authLayer);
            if (auth != null) {
                sources.put(KedaTrigger.Field.AUTHENTICATION, authLayer.source());
                authModes = authModes(authLayer);
            }
        } else {
            for (Layer l : layers) {
                if (l.config().authModes() != null && !l.config().authModes().isEmpty()) {
                    problems.warning(l.object(), l.path() + ".authModes", l.config().authModes(),
                            "has no effect without authenticationRef (OME emits authModes only with it); add "
                                    + "authenticationRef: {name: <TriggerAuthentication>}");
                }
            }
        }
        String metricName = writtenMetric != null ? writtenMetric.word() : KedaTrigger.DEFAULT_METRIC_NAME;
        return new KedaTrigger(serverAddress, effectiveQuery, query.value(), thresholdText, thresholdValue,
                operatorText, metricName, auth, authModes, sources);
    }

    /** One kedaConfig and where it was written. */
    record Layer(KedaConfig config, String object, String path, SettingSource source) {
    }

    // Annotation first, then the layers from most specific (last) to least (first); "" counts as unset, as in OME.
    private static Optional<Written> pick(ComponentAnnotations annotations, String annotation, List<Layer> layers,
                                          Function<KedaConfig, String> getter, String fieldName) {
        Optional<ComponentAnnotations.Entry> a = annotations.get(annotation);
        if (a.isPresent()) {
            return Optional.of(new Written(a.get().value(), a.get().object(), a.get().field(),
                    SettingSource.ANNOTATION));
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            String v = getter.apply(l.config());
            if (v != null && !v.isEmpty()) {
                return Optional.of(new Written(v, l.object(), l.path() + "." + fieldName, l.source()));
            }
        }
        return Optional.empty();
    }

    private Written query(ComponentAnnotations annotations, List<Layer> layers, String objectName,
                          AutoscalerClass cls) {
        Optional<ComponentAnnotations.Entry> a = annotations.get(AnnotationNames.KEDA_QUERY);
        if (a.isPresent()) {
            ComponentAnnotations.Entry e = a.get();
            if (e.value().isBlank()) {
                problems.error(e.object(), e.field(), e.value(), "is empty; write a PromQL query or remove the "
                        + "annotation");
            } else {
                if (e.value().contains("%s")) {
                    problems.warning(e.object(), e.field(), e.value(), "is used verbatim, so %s stays in the query; "
                            + "write the names out, or move the query to spec.kedaConfig.customPromQuery where %s "
                            + "becomes " + objectName);
                }
                return new Written(e.value(), e.object(), e.field(), SettingSource.ANNOTATION);
            }
        }
        Optional<Written> written = pick(ComponentAnnotations.empty(), AnnotationNames.KEDA_QUERY, layers,
                KedaConfig::customPromQuery, "customPromQuery");
        if (written.isPresent()) {
            Written w = written.get();
            int verbs = count(w.value().replace("%%", ""), "%s");
            // Only the top-level query reaches OME's fmt.Sprintf, and only when OME builds a ScaledObject.
            if (cls == AutoscalerClass.KEDA && w.source() == SettingSource.KEDA_CONFIG && verbs != 1) {
                problems.warning(w.object(), w.field(), w.value(), verbs == 0
                        ? "has no %s; OME formats it with fmt.Sprintf(query, \"" + objectName + "\"), which appends "
                                + "%!(EXTRA string=" + objectName + ") and breaks it; put %s where the name belongs, "
                                + "or use the annotation " + AnnotationNames.KEDA_QUERY + " (used verbatim)"
                        : "has " + verbs + " %s; OME's fmt.Sprintf fills only the first and writes %!s(MISSING) for "
                                + "the others; use one %s");
            }
            return w;
        }
        return new Written(KedaTrigger.DEFAULT_QUERY, isvc.key(), "spec.kedaConfig.customPromQuery",
                SettingSource.DEFAULT);
    }

    // The pod label ome.io/inferenceservice (ome_io_inferenceservice in Prometheus) holds the ISVC name, not <c>.
    private void checkMatcher(ComponentKind kind, Written query, String effective, AutoscalerClass cls) {
        if (query.source() == SettingSource.DEFAULT && cls != AutoscalerClass.KEDA) {
            return;
        }
        String objectName = isvc.objectName(kind);
        Matcher m = ISVC_MATCHER.matcher(effective);
        while (m.find()) {
            if (!m.group(2).equals(objectName)) {
                continue;
            }
            String fix = "select ome_io_inferenceservice=\"" + isvc.name() + "\",component=\"" + kind.word()
                    + "\" instead";
            String why = "that label holds the InferenceService name (" + isvc.name() + ")";
            switch (query.source()) {
                case DEFAULT -> problems.warning(query.object(), query.field(), null, "is absent, so OME's KEDA "
                        + "trigger uses its default query, which selects ome_io_inferenceservice=\"" + objectName
                        + "\" and matches nothing: " + why + "; it also reads a vLLM V0 gauge; set customPromQuery "
                        + "and " + fix);
                case ANNOTATION -> problems.warning(query.object(), query.field(), query.value(), "selects "
                        + "ome_io_inferenceservice=\"" + objectName + "\", which matches nothing: " + why
                        + ", not the component object name; " + fix);
                default -> problems.warning(query.object(), query.field(), query.value(), "selects "
                        + "ome_io_inferenceservice=\"" + objectName + "\" after %s becomes the component object "
                        + "name, which matches nothing: " + why + "; " + fix);
            }
            return;
        }
    }

    private boolean validAddress(Written w) {
        try {
            URI uri = new URI(w.value());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && !uri.getHost().isEmpty()) {
                return true;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        error(w, "not an http(s) URL with a host; write it like " + KedaTrigger.DEFAULT_SERVER_ADDRESS);
        return false;
    }

    private Double positiveNumber(Written w) {
        try {
            double v = Double.parseDouble(w.value().trim());
            if (Double.isFinite(v) && v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(w, "not a positive number; write it like \"10\" or \"0.07\" (the value per replica that KEDA "
                + "divides the query result by)");
        return null;
    }

    private KedaConfig.AuthenticationRef authenticationRef(Layer l) {
        KedaConfig.AuthenticationRef ref = l.config().authenticationRef();
        String path = l.path() + ".authenticationRef";
        if (ref.name() == null || ref.name().isEmpty()) {
            problems.error(l.object(), path + ".name", ref.name(), "is required; name the TriggerAuthentication "
                    + "that holds the Prometheus credentials");
            return null;
        }
        String kind = ref.kind();
        if (kind == null || kind.isEmpty()) {
            kind = "TriggerAuthentication";
        } else if (!AUTH_KINDS.contains(kind)) {
            problems.error(l.object(), path + ".kind", kind, "use TriggerAuthentication or "
                    + "ClusterTriggerAuthentication");
            kind = "TriggerAuthentication";
        }
        return new KedaConfig.AuthenticationRef(ref.name(), kind);
    }

    private String authModes(Layer l) {
        String modes = l.config().authModes();
        if (modes == null || modes.isEmpty()) {
            return null;
        }
        for (String mode : modes.split(",")) {
            if (!AUTH_MODES.contains(mode.trim())) {
                problems.error(l.object(), l.path() + ".authModes", modes, "\"" + mode.trim() + "\" is not an auth "
                        + "mode; use a comma list of basic, tls, bearer and custom");
                return null;
            }
        }
        return modes;
    }

    private void error(Written w, String message) {
        problems.error(w.object(), w.field(), w.value(), message);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
