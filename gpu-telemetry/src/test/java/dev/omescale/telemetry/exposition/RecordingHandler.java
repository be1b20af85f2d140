package dev.omescale.telemetry.exposition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a parse delivers, in order, for assertions. */
final class RecordingHandler implements ExpositionHandler {

    record Family(String name, MetricType type, String help, String unit) {
    }

    record Sample(String family, MetricType type, String name, Labels labels, double value, long timestampMillis) {
    }

    final List<Family> families = new ArrayList<>();
    final List<Sample> samples = new ArrayList<>();
    /** Families and samples interleaved as the parser called them. */
    final List<Object> events = new ArrayList<>();
    ParseSummary summary;

    static RecordingHandler parse(String page, ExpositionFormat format) throws ExpositionException {
        return parse(page.getBytes(StandardCharsets.UTF_8), format, ParseLimits.DEFAULT);
    }

    static RecordingHandler parseText(String page) throws ExpositionException {
        return parse(page, ExpositionFormat.PROMETHEUS_TEXT);
    }

    static RecordingHandler parseOpenMetrics(String page) throws ExpositionException {
        return parse(page, ExpositionFormat.OPENMETRICS);
    }

    static RecordingHandler parse(byte[] page, ExpositionFormat format, ParseLimits limits)
            throws ExpositionException {
        RecordingHandler handler = new RecordingHandler();
        handler.summary = new ExpositionParser(limits).parse(page, page.length, format, handler);
        return handler;
    }

    @Override
    public void family(String name, MetricType type, String help, String unit) {
        Family f = new Family(name, type, help, unit);
        families.add(f);
        events.add(f);
    }

    @Override
    public void sample(String family, MetricType type, String name, Labels labels, double value,
            long timestampMillis) {
        Sample s = new Sample(family, type, name, labels, value, timestampMillis);
        samples.add(s);
        events.add(s);
    }

    Family family(String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name + " in " + families));
    }

    List<Sample> samplesOf(String family) {
        return samples.stream().filter(s -> s.family().equals(family)).toList();
    }

    Sample sample(String name, Labels labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels));
    }

    Sample only() {
        if (samples.size() != 1) {
            throw new AssertionError("expected one sample, got " + samples);
        }
        return samples.get(0);
    }
}
