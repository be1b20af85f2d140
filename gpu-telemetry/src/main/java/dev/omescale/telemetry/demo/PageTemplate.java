package dev.omescale.telemetry.demo;

import dev.omescale.telemetry.exposition.ExpositionException;
import dev.omescale.telemetry.exposition.ExpositionFormat;
import dev.omescale.telemetry.exposition.ExpositionHandler;
import dev.omescale.telemetry.exposition.ExpositionParser;
import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;
import dev.omescale.telemetry.exposition.ParseLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real exporter page, read once, whose families and label sets the demo fleet keeps while it replaces the
 * values it models. Reading it with our own parser keeps the demo honest about what real pages look like.
 */
final class PageTemplate {
    record TemplateSample(String name, Labels labels, double value) {
    }

    record TemplateFamily(String name, MetricType type, String help, List<TemplateSample> samples) {
    }

    private final List<TemplateFamily> families;

    private PageTemplate(List<TemplateFamily> families) {
        this.families = List.copyOf(families);
    }

    List<TemplateFamily> families() {
        return families;
    }

    /** Reads a capture shipped in {@code dev/omescale/telemetry/captures/}. */
    static PageTemplate capture(String fileName) {
        String path = "/dev/omescale/telemetry/captures/" + fileName;
        try (InputStream in = PageTemplate.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("capture " + path + " is missing from the jar; rebuild omescale");
            }
            byte[] bytes = in.readAllBytes();
            return parse(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read capture " + path, e);
        }
    }

    static PageTemplate parse(byte[] page) {
        Map<String, TemplateFamily> families = new LinkedHashMap<>();
        ExpositionHandler handler = new ExpositionHandler() {
            @Override
            public void family(String name, MetricType type, String help, String unit) {
                families.computeIfAbsent(name, n -> new TemplateFamily(n, type, help, new ArrayList<>()));
            }

            @Override
            public void sample(String family, MetricType type, String name, Labels labels, double value, long ts) {
                families.computeIfAbsent(family, n -> new TemplateFamily(n, type, null, new ArrayList<>()))
                        .samples().add(new TemplateSample(name, labels, value));
            }
        };
        try {
            new ExpositionParser(ParseLimits.DEFAULT).parse(page, page.length, ExpositionFormat.PROMETHEUS_TEXT, handler);
        } catch (ExpositionException e) {
            throw new IllegalStateException("bundled capture does not parse: " + e.getMessage(), e);
        }
        return new PageTemplate(new ArrayList<>(families.values()));
    }
}
