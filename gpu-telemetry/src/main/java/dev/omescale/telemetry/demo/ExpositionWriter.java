package dev.omescale.telemetry.demo;

import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;
import java.util.Locale;

/** Writes Prometheus text 0.0.4, for the demo fleet's pages. */
final class ExpositionWriter {
    private final StringBuilder out = new StringBuilder(64 * 1024);

    void family(String name, MetricType type, String help) {
        if (help != null) {
            out.append("# HELP ").append(name).append(' ');
            for (int i = 0; i < help.length(); i++) {
                char c = help.charAt(i);
                if (c == '\\') {
                    out.append("\\\\");
                } else if (c == '\n') {
                    out.append("\\n");
                } else {
                    out.append(c);
                }
            }
            out.append('\n');
        }
        out.append("# TYPE ").append(name).append(' ').append(typeWord(type)).append('\n');
    }

    void sample(String name, Labels labels, double value) {
        out.append(name);
        if (labels.size() > 0) {
            out.append(labels); // Labels.toString is already exposition syntax with escaped values
        }
        out.append(' ').append(format(value)).append('\n');
    }

    String text() {
        return out.toString();
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(v);
    }

    private static String typeWord(MetricType type) {
        return switch (type) {
            case UNKNOWN -> "untyped";
            case GAUGE_HISTOGRAM -> "gaugehistogram";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }
}
