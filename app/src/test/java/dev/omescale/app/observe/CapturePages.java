package dev.omescale.app.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Exporter pages for the dashboard checks, made from the real captures that ship with gpu-telemetry. Captures are
 * one moment of a server; to give rates and quantiles something to compute, every cumulative value (counters,
 * histogram buckets, sums and counts) is multiplied by a factor that grows with time, which keeps bucket counts
 * monotonic and every family, label and bucket layout as captured. Gauges stay as captured.
 */
final class CapturePages {
    private final String capture;
    private final long startMillis = System.currentTimeMillis();

    private CapturePages(String capture) {
        this.capture = capture;
    }

    static CapturePages of(String fileName) {
        String path = "/dev/omescale/telemetry/captures/" + fileName;
        try (InputStream in = CapturePages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("capture " + path + " not on the test classpath");
            }
            return new CapturePages(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The capture as of now: cumulative values grown by {@code 1 + seconds / 2}. */
    String page() {
        return page(1 + (System.currentTimeMillis() - startMillis) / 2000.0, Map.of());
    }

    /**
     * @param growth    factor for cumulative values
     * @param addLabels label text to insert after {@code key="value"} occurrences, e.g. Kubernetes attribution
     */
    String page(double growth, Map<String, String> addLabels) {
        Map<String, String> types = new HashMap<>();
        StringBuilder out = new StringBuilder(capture.length() + 1024);
        for (String line : capture.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
                out.append(line).append('\n');
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                out.append(line).append('\n');
                continue;
            }
            for (Map.Entry<String, String> e : addLabels.entrySet()) {
                line = line.replace(e.getKey(), e.getKey() + e.getValue());
            }
            int nameEnd = indexOfAny(line, '{', ' ');
            String name = line.substring(0, nameEnd);
            int valueStart = line.lastIndexOf(' ') + 1;
            if (isCumulative(name, types)) {
                double v = Double.parseDouble(line.substring(valueStart));
                line = line.substring(0, valueStart) + String.format(Locale.ROOT, "%.6f", v * growth);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static boolean isCumulative(String name, Map<String, String> types) {
        if (name.endsWith("_created")) {
            return false;
        }
        if ("counter".equals(types.get(name))) {
            return true;
        }
        for (String suffix : new String[] {"_total", "_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                String t = types.get(name.substring(0, name.length() - suffix.length()));
                if ("counter".equals(t) || "histogram".equals(t) || "summary".equals(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
