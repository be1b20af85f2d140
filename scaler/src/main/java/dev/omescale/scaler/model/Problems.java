package dev.omescale.scaler.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Collects the problems found while reading or resolving; duplicates (same object, field, text) are kept once. */
final class Problems {
    private final LinkedHashSet<SpecProblem> found = new LinkedHashSet<>();

    void error(String object, String field, String value, String message) {
        found.add(new SpecProblem(object, field, value, message, SpecProblem.Severity.ERROR));
    }

    void warning(String object, String field, String value, String message) {
        found.add(new SpecProblem(object, field, value, message, SpecProblem.Severity.WARNING));
    }

    void addAll(List<SpecProblem> problems) {
        found.addAll(problems);
    }

    List<SpecProblem> list() {
        return List.copyOf(new ArrayList<>(found));
    }
}
