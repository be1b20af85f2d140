package dev.omescale.app;

import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.GpuWithoutPod;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import dev.omescale.telemetry.signal.SignalDefinition;
import dev.omescale.telemetry.signal.TelemetryReport;
import dev.omescale.telemetry.store.TargetStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The human form of `omescale inspect`: one table per component (signals down, the component and its pods
 * across), pods outside any component, then target health and every note on missing or partial data.
 */
final class ReportTable {
    private ReportTable() {
    }

    static String render(TelemetryReport report) {
        StringBuilder sb = new StringBuilder();
        List<SignalDefinition> signals = SignalCatalog.standard().definitions();
        Set<String> notes = new LinkedHashSet<>();
        for (ComponentSignals c : report.components()) {
            List<PodSignals> pods = report.pods().stream()
                    .filter(p -> c.namespace().equals(p.namespace()) && c.pods().contains(p.pod())).toList();
            sb.append(c.namespace()).append('/').append(c.inferenceService()).append(' ').append(c.component())
                    .append(" (").append(pods.size()).append(pods.size() == 1 ? " pod" : " pods").append(")\n");
            List<String> header = new ArrayList<>(List.of("SIGNAL", "UNIT", "COMPONENT"));
            pods.forEach(p -> header.add(p.pod()));
            List<List<String>> rows = new ArrayList<>();
            for (SignalDefinition d : signals) {
                List<String> row = new ArrayList<>(List.of(d.name(), d.unit(), format(c.get(d.name()))));
                pods.forEach(p -> row.add(format(p.get(d.name()))));
                rows.add(row);
            }
            appendTable(sb, header, rows);
            sb.append('\n');
            notes.addAll(c.notes());
            pods.forEach(p -> notes.addAll(p.notes()));
        }
        List<PodSignals> loose = report.pods().stream().filter(p -> p.inferenceService() == null).toList();
        if (!loose.isEmpty()) {
            sb.append("pods outside any InferenceService component\n");
            List<String> header = new ArrayList<>(List.of("SIGNAL", "UNIT"));
            loose.forEach(p -> header.add(p.namespace() + "/" + p.pod()));
            List<List<String>> rows = new ArrayList<>();
            for (SignalDefinition d : signals) {
                List<String> row = new ArrayList<>(List.of(d.name(), d.unit()));
                loose.forEach(p -> row.add(format(p.get(d.name()))));
                rows.add(row);
            }
            appendTable(sb, header, rows);
            sb.append('\n');
            loose.forEach(p -> notes.addAll(p.notes()));
        }
        if (!report.gpusWithoutPod().isEmpty()) {
            sb.append("GPUs without a pod\n");
            List<List<String>> rows = new ArrayList<>();
            for (GpuWithoutPod g : report.gpusWithoutPod()) {
                rows.add(List.of(g.node().isEmpty() ? "-" : g.node(), g.gpu(), g.target()));
            }
            appendTable(sb, List.of("NODE", "GPU", "TARGET"), rows);
            sb.append('\n');
        }
        sb.append("targets\n");
        List<List<String>> rows = new ArrayList<>();
        for (TargetStatus t : report.targets()) {
            rows.add(List.of(t.target(), t.up() ? "up" : "down", t.stale() ? "stale" : "fresh",
                    t.lastDuration().toMillis() + "ms", t.lastError() == null ? "" : t.lastError()));
        }
        appendTable(sb, List.of("TARGET", "STATE", "DATA", "LAST SCRAPE", "ERROR"), rows);
        if (!notes.isEmpty()) {
            sb.append("\nnotes\n");
            notes.forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        return sb.toString();
    }

    static String format(Double v) {
        if (v == null) {
            return "-";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString(v.longValue());
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static void appendTable(StringBuilder sb, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        appendRow(sb, header, widths);
        for (List<String> row : rows) {
            appendRow(sb, row, widths);
        }
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < cells.size(); i++) {
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
