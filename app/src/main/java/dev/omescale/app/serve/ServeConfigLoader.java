package dev.omescale.app.serve;

import dev.omescale.adapter.AdapterConfig;
import dev.omescale.adapter.AdapterConfigReader;
import dev.omescale.app.observe.MetricsListen;
import dev.omescale.keda.KedaServerConfig;
import dev.omescale.scaler.model.EffectiveSpecResolver;
import dev.omescale.scaler.model.InferenceService;
import dev.omescale.scaler.model.InferenceServiceReader;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.telemetry.config.ConfigException;
import dev.omescale.telemetry.config.ConfigFiles;
import dev.omescale.telemetry.config.TelemetryConfig;
import dev.omescale.telemetry.config.TelemetryConfigLoader;
import dev.omescale.telemetry.config.Urls;
import dev.omescale.telemetry.promql.PrometheusEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads {@code omescale serve}'s file: each section is read by the module that owns it, and every problem of every
 * section is reported at once, each with its key path and the fix.
 */
public final class ServeConfigLoader {
    static final List<String> SECTIONS = List.of("keda", "adapter", "prometheus", "inferenceServices", "metrics");
    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

    private ServeConfigLoader() {
    }

    public static ServeConfig load(Path file) throws ConfigException {
        String text = ConfigFiles.read(file, "omescale serve's configuration file");
        Path baseDir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), baseDir);
    }

    /** @param baseDir where relative paths in the file (TLS files, InferenceService files) are read from */
    public static ServeConfig parse(String yaml, String source, Path baseDir) throws ConfigException {
        ConfigFiles.checkSize(yaml, source, "omescale serve's configuration file");
        List<String> problems = new ArrayList<>();
        TelemetryConfig telemetry = null;
        try {
            telemetry = TelemetryConfigLoader.parse(yaml, source, SECTIONS);
        } catch (ConfigException e) {
            if (e.problems().isEmpty()) {
                throw e; // a YAML syntax error: nothing else can be read either
            }
            problems.addAll(e.problems());
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException(source, "not valid YAML: " + e.getOriginalMessage(), e);
        }
        KedaServerConfig keda = null;
        AdapterConfig adapter = null;
        if (root != null && root.has("keda")) {
            try {
                keda = KedaServerConfig.fromTree(root.get("keda"), "keda");
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (root != null && root.has("adapter")) {
            try {
                adapter = AdapterConfigReader.fromTree(root.get("adapter"), "adapter", baseDir);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (keda == null && adapter == null && (root == null || !root.has("keda") && !root.has("adapter"))) {
            problems.add("(top level): omescale serve needs a keda or an adapter section (or both), e.g. "
                    + "keda: {listen: 127.0.0.1:9443}");
        }
        PrometheusEndpoint prometheus = root == null ? null : prometheus(root.get("prometheus"), problems);
        List<ResolvedService> services = root == null ? List.of()
                : services(root.get("inferenceServices"), baseDir, problems);
        MetricsListen metrics = root == null ? MetricsListen.DEFAULT : metrics(root.get("metrics"), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new ServeConfig(telemetry, keda, adapter, prometheus, services, metrics);
    }

    private static PrometheusEndpoint prometheus(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        String example = "prometheus: {url: http://127.0.0.1:9090}";
        if (!node.isObject()) {
            problems.add("prometheus: must be a mapping, e.g. " + example);
            return null;
        }
        for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("url")) {
                problems.add("prometheus." + key + ": unknown key; known keys are url");
            }
        }
        JsonNode url = node.get("url");
        if (url == null || !url.isString() || url.asString().isBlank()) {
            problems.add("prometheus.url: missing; e.g. " + example);
            return null;
        }
        try {
            URI uri = URI.create(url.asString().trim());
            if (uri.getRawUserInfo() != null) {
                problems.add("prometheus.url: '" + Urls.redact(url.asString()) + "' carries user info; this section"
                        + " takes no credentials: give the address without them, e.g. " + example);
                return null;
            }
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return PrometheusEndpoint.of(uri);
        } catch (IllegalArgumentException e) {
            problems.add("prometheus.url: '" + Urls.redact(url.asString()) + "' is not an absolute http(s) URL; e.g. " + example);
            return null;
        }
    }

    /** The {@code metrics} section: {@code {listen: host:port}}; absent means every interface, port 9464. */
    private static MetricsListen metrics(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return MetricsListen.DEFAULT;
        }
        String example = "metrics: {listen: :9464}";
        if (!node.isObject()) {
            problems.add("metrics: must be a mapping, e.g. " + example);
            return MetricsListen.DEFAULT;
        }
        for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("listen")) {
                problems.add("metrics." + key + ": unknown key; known keys are listen");
            }
        }
        JsonNode listen = node.get("listen");
        if (listen == null || listen.isNull()) {
            return MetricsListen.DEFAULT;
        }
        if (!listen.isString()) {
            problems.add("metrics.listen: " + listen + " is not host:port; e.g. " + example);
            return MetricsListen.DEFAULT;
        }
        try {
            return MetricsListen.parse(listen.asString(), "metrics.listen");
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return MetricsListen.DEFAULT;
        }
    }

    private static List<ResolvedService> services(JsonNode node, Path baseDir, List<String> problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        String example = "inferenceServices: [llama-chat.yaml]";
        if (!node.isArray()) {
            problems.add("inferenceServices: must be a list of InferenceService YAML files, e.g. " + example);
            return List.of();
        }
        List<ResolvedService> services = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "inferenceServices[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isString() || entry.asString().isBlank()) {
                problems.add(path + ": must be a file path, e.g. " + example);
                continue;
            }
            Path file = baseDir.resolve(entry.asString());
            try {
                for (InferenceService isvc : InferenceServiceReader.readAll(ConfigFiles.read(file,
                        "an InferenceService YAML file"))) {
                    services.add(EffectiveSpecResolver.resolve(isvc));
                }
            } catch (ConfigException e) {
                problems.add(path + ": " + e.problems().get(0));
            } catch (IllegalArgumentException e) {
                problems.add(path + ": " + file + " is not an InferenceService: " + e.getMessage());
            }
        }
        return services;
    }
}
