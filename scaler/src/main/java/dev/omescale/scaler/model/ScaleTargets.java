package dev.omescale.scaler.model;

import java.util.Optional;

/**
 * The target for the component's scaleMetric. Utilization (cpu, memory): {@code ome.io/targetUtilizationPercentage}
 * beats {@code scaleTarget} beats 80, as in OME's HPA. Concurrency and rps: {@code scaleTarget} is a per-pod average;
 * when absent, Knative's defaults (100 in flight, 200 per second), which is what OME's Serverless path gets.
 */
final class ScaleTargets {
    private ScaleTargets() {
    }

    /**
     * @param written      the merged scaleTarget, or null
     * @param writtenAt    where it was written: {@code {object, field}}
     */
    static ScaleTarget resolve(ScaleMetric metric, Integer written, String[] writtenAt,
                               ComponentAnnotations annotations, Problems problems) {
        Optional<ComponentAnnotations.Entry> percent = annotations.get(AnnotationNames.TARGET_UTILIZATION_PERCENTAGE);
        Integer fromSpec = written;
        String specField = writtenAt[1];
        if (fromSpec != null && fromSpec < 1) {
            problems.error(writtenAt[0], specField, String.valueOf(fromSpec), "must be 1 or more; using the default");
            fromSpec = null;
        }
        if (metric.isUtilization()) {
            if (percent.isPresent()) {
                Integer p = percent(percent.get(), problems);
                if (p != null) {
                    return new ScaleTarget(p, ScaleTarget.Type.UTILIZATION_PERCENT, SettingSource.ANNOTATION);
                }
            }
            return fromSpec != null
                    ? new ScaleTarget(fromSpec, ScaleTarget.Type.UTILIZATION_PERCENT, SettingSource.SPEC)
                    : new ScaleTarget(ScaleTarget.DEFAULT_UTILIZATION_PERCENT, ScaleTarget.Type.UTILIZATION_PERCENT,
                            SettingSource.DEFAULT);
        }
        percent.ifPresent(e -> problems.warning(e.object(), e.field(), e.value(), "applies to cpu and memory only; "
                + "the " + metric.word() + " target per pod is " + specField));
        if (fromSpec != null) {
            return new ScaleTarget(fromSpec, ScaleTarget.Type.AVERAGE_VALUE, SettingSource.SPEC);
        }
        int fallback = metric == ScaleMetric.CONCURRENCY ? ScaleTarget.DEFAULT_CONCURRENCY : ScaleTarget.DEFAULT_RPS;
        return new ScaleTarget(fallback, ScaleTarget.Type.AVERAGE_VALUE, SettingSource.DEFAULT);
    }

    private static Integer percent(ComponentAnnotations.Entry e, Problems problems) {
        try {
            int p = Integer.parseInt(e.value().trim());
            if (p >= 1 && p <= 100) {
                return p;
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        problems.error(e.object(), e.field(), e.value(), "must be a whole number from 1 to 100 (percent of the "
                + "resource request); using scaleTarget or the default 80");
        return null;
    }
}
