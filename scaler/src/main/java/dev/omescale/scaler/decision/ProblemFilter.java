package dev.omescale.scaler.decision;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The spec problems that concern one component: all but those whose field names another component
 * ({@code spec.decoder.*}, {@code spec.decoderConfig.*} for the engine). Service-wide ones (metadata annotations,
 * {@code spec.kedaConfig}) concern every component.
 */
final class ProblemFilter {
    private ProblemFilter() {
    }

    static List<String> forComponent(List<SpecProblem> problems, ComponentKind kind) {
        if (problems.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (SpecProblem p : problems) {
            if (!namesAnother(p.field(), kind)) {
                out.add(p.severity().name().toLowerCase(Locale.ROOT) + ": " + p);
            }
        }
        return out;
    }

    private static boolean namesAnother(String field, ComponentKind kind) {
        for (ComponentKind other : ComponentKind.values()) {
            if (other != kind && field.startsWith("spec." + other.word())) {
                return true;
            }
        }
        return false;
    }
}
