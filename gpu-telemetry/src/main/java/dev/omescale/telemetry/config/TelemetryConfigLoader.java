package dev.omescale.telemetry.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the standalone targets file. The YAML is read as a tree and checked by hand rather than bound to
 * classes, so that every problem can name its key path, and all of them are reported together.
 */
public final class TelemetryConfigLoader {
    private static final List<String> TOP_KEYS = List.of("scrape", "window", "targets");
    private static final List<String> SCRAPE_KEYS = List.of("interval", "timeout");
    private static final List<String> TARGET_KEYS =
            List.of("url", "kind", "namespace", "pod", "inferenceService", "component");
    /** Keys that describe whose page an engine target is; dcgm pages say that in their own labels. */
    private static final List<String> ENGINE_ONLY_KEYS = List.of("namespace", "pod", "inferenceService", "component");
    private static final List<String> COMPONENTS = List.of("engine", "decoder", "router");
    private static final String DEFAULT_NAMESPACE = "default";
    private static final String DEFAULT_COMPONENT = "engine";
    private static final String URL_EXAMPLE = "http://127.0.0.1:8000/metrics";

    // Jackson 3 mappers are immutable and thread-safe; duplicate keys are an error, not "last one wins".
    private static final YAMLMapper MAPPER =
            YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final Pattern YAML_MARK = Pattern.compile("in [^,\\n]*, line (\\d+), column (\\d+):");

    private TelemetryConfigLoader() {
    }

    public static TelemetryConfig load(Path file) throws ConfigException {
        return parse(ConfigFiles.read(file, "a targets file"), file.toString());
    }

    /** Parses {@code yaml}; {@code sourceName} (a path or a description) prefixes the error message. */
    public static TelemetryConfig parse(String yaml, String sourceName) throws ConfigException {
        return parse(yaml, sourceName, List.of());
    }

    /**
     * Parses the telemetry part of a file that other parts of omescale extend: top-level keys in
     * {@code otherSections} (e.g. {@code keda}, {@code adapter}) belong to their readers and are not unknown here.
     */
    public static TelemetryConfig parse(String yaml, String sourceName, List<String> otherSections)
            throws ConfigException {
        ConfigFiles.checkSize(yaml, sourceName, "a targets file");
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException(sourceName, syntaxProblem(e), e);
        }
        List<String> problems = new ArrayList<>();
        if (root != null && !root.isMissingNode() && !root.isNull() && !root.isObject()) {
            problems.add("(top level): must be a mapping with keys " + String.join(", ", TOP_KEYS)
                    + ", e.g. targets: [{url: " + URL_EXAMPLE + "}]");
            throw new ConfigException(sourceName, problems);
        }
        JsonNode top = root == null || !root.isObject() ? MAPPER.createObjectNode() : root;
        List<String> known = new ArrayList<>(TOP_KEYS);
        known.addAll(otherSections);
        unknownKeys(top, "", known, problems);

        Duration interval = TelemetryConfig.DEFAULT_SCRAPE_INTERVAL;
        Duration timeout = TelemetryConfig.DEFAULT_SCRAPE_TIMEOUT;
        JsonNode scrape = present(top.get("scrape"));
        if (scrape != null && !scrape.isObject()) {
            problems.add("scrape: must be a mapping with interval and timeout, e.g. scrape: {interval: 5s, timeout: 3s}");
        } else if (scrape != null) {
            unknownKeys(scrape, "scrape.", SCRAPE_KEYS, problems);
            interval = duration(scrape.get("interval"), "scrape.interval", interval, problems);
            timeout = duration(scrape.get("timeout"), "scrape.timeout", timeout, problems);
        }
        if (interval != null && timeout != null && timeout.compareTo(interval) > 0) {
            problems.add("scrape.timeout: " + Durations.format(timeout) + " must not exceed scrape.interval ("
                    + Durations.format(interval) + "); lower the timeout or raise the interval");
        }
        Duration window = duration(top.get("window"), "window", TelemetryConfig.DEFAULT_WINDOW, problems);
        if (window != null && interval != null && window.compareTo(interval.multipliedBy(2)) < 0) {
            problems.add("window: " + Durations.format(window) + " must be at least 2 scrape intervals ("
                    + Durations.format(interval.multipliedBy(2)) + ") so rates have two samples");
        }
        List<TargetConfig> targets = targets(present(top.get("targets")), problems);

        if (!problems.isEmpty()) {
            throw new ConfigException(sourceName, problems);
        }
        return new TelemetryConfig(interval, timeout, window, targets);
    }

    private static String syntaxProblem(JacksonException e) {
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        // SnakeYAML writes "context; in reader, line L, column C:; excerpt; caret; problem; in reader, ...".
        // The last mark is where the problem is; Jackson's own location can lag a line behind it.
        int line = -1;
        int column = -1;
        Matcher mark = YAML_MARK.matcher(original);
        while (mark.find()) {
            line = Integer.parseInt(mark.group(1));
            column = Integer.parseInt(mark.group(2));
        }
        TokenStreamLocation at = e.getLocation();
        if (line < 0 && at != null && at.getLineNr() > 0) {
            line = at.getLineNr();
            column = at.getColumnNr();
        }
        List<String> reason = new ArrayList<>();
        String[] lines = original.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i].trim();
            if (YAML_MARK.matcher(text).lookingAt() || text.startsWith("in reader")) {
                i += 2; // the excerpt and its caret
            } else if (!text.isEmpty()) {
                reason.add(text);
            }
        }
        String where = line > 0 ? "line " + line + ", column " + column + ": " : "";
        return where + "not valid YAML (" + String.join("; ", reason)
                + "); check indentation, quoting and duplicate keys there";
    }

    private static List<TargetConfig> targets(JsonNode node, List<String> problems) {
        String example = "e.g. targets: [{url: " + URL_EXAMPLE + "}]";
        if (node == null) {
            problems.add("targets: missing; list at least one exporter, " + example);
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("targets: must be a list of exporters, " + example);
            return List.of();
        }
        if (node.isEmpty()) {
            problems.add("targets: empty; list at least one exporter, " + example);
            return List.of();
        }
        List<TargetConfig> targets = new ArrayList<>();
        Map<URI, Integer> seenUrls = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            TargetConfig target = target(node.get(i), "targets[" + i + "]", seenUrls, i, problems);
            if (target != null) {
                targets.add(target);
            }
        }
        return targets;
    }

    private static TargetConfig target(JsonNode node, String path, Map<URI, Integer> seenUrls, int index,
            List<String> problems) {
        if (!node.isObject()) {
            problems.add(path + ": must be a mapping with at least a url, e.g. {url: " + URL_EXAMPLE + "}");
            return null;
        }
        int before = problems.size();
        unknownKeys(node, path + ".", TARGET_KEYS, problems);

        URI url = url(node, path, problems);
        if (url != null) {
            Integer first = seenUrls.putIfAbsent(url, index);
            if (first != null) {
                problems.add(path + ".url: '" + Urls.redact(url) + "' repeats targets[" + first
                        + "].url; list each exporter once");
            }
        }

        TargetKind kind = TargetKind.ENGINE;
        String kindWord = string(node, "kind", path, problems);
        if (kindWord != null) {
            kind = TargetKind.fromWord(kindWord);
            if (kind == null) {
                problems.add(path + ".kind: '" + kindWord + "' is not a target kind; use engine or dcgm");
            }
        }

        if (kind == TargetKind.DCGM) {
            for (String key : ENGINE_ONLY_KEYS) {
                if (present(node.get(key)) != null) {
                    problems.add(path + "." + key + ": not allowed for dcgm targets; GPUs map to pods through the"
                            + " series' own pod labels; remove " + path + "." + key);
                }
            }
            return problems.size() == before ? new TargetConfig(url, kind, null, null, null, null) : null;
        }

        String namespace = string(node, "namespace", path, problems);
        if (namespace == null) {
            namespace = DEFAULT_NAMESPACE;
        } else if (!KubernetesNames.isLabel(namespace)) {
            problems.add(path + ".namespace: '" + namespace + "' is not a valid Kubernetes namespace; "
                    + KubernetesNames.LABEL_RULE);
        }
        String pod = string(node, "pod", path, problems);
        if (pod == null) {
            pod = url == null ? null : hostPort(url);
        } else if (!KubernetesNames.isSubdomain(pod)) {
            problems.add(path + ".pod: '" + pod + "' is not a valid Kubernetes pod name; "
                    + KubernetesNames.SUBDOMAIN_RULE);
        }
        String inferenceService = string(node, "inferenceService", path, problems);
        if (inferenceService != null && !KubernetesNames.isLabel(inferenceService)) {
            problems.add(path + ".inferenceService: '" + inferenceService + "' is not a valid InferenceService name; "
                    + KubernetesNames.LABEL_RULE);
        }
        String component = string(node, "component", path, problems);
        if (component == null) {
            component = DEFAULT_COMPONENT;
        } else if (!COMPONENTS.contains(component)) {
            problems.add(path + ".component: '" + component + "' is not a component; use engine, decoder or router");
        }
        return problems.size() == before
                ? new TargetConfig(url, kind, namespace, pod, inferenceService, component)
                : null;
    }

    private static URI url(JsonNode target, String path, List<String> problems) {
        String text;
        if (present(target.get("url")) == null) {
            problems.add(path + ".url: missing; give the exporter's metrics URL, e.g. " + URL_EXAMPLE);
            return null;
        }
        text = string(target, "url", path, problems);
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            problems.add(path + ".url: '" + Urls.redact(text) + "' is not a URL (" + e.getReason() + "); write e.g. "
                    + URL_EXAMPLE);
            return null;
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            problems.add(path + ".url: '" + Urls.redact(text) + "' must be an absolute http or https URL with a host,"
                    + " e.g. " + URL_EXAMPLE);
            return null;
        }
        return uri;
    }

    /** The engine pod's default name: the URL's host:port, with the scheme's port when the URL has none. */
    private static String hostPort(URI url) {
        int port = url.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        }
        return url.getHost() + ":" + port;
    }

    /** The scalar under {@code key} as text; null when absent or explicitly null (YAML's "no value"). */
    private static String string(JsonNode parent, String key, String path, List<String> problems) {
        JsonNode node = present(parent.get(key));
        if (node == null) {
            return null;
        }
        if (!node.isValueNode()) {
            problems.add(path + "." + key + ": must be a single value, not a " + (node.isArray() ? "list" : "mapping"));
            return null;
        }
        return node.asString();
    }

    private static Duration duration(JsonNode node, String path, Duration fallback, List<String> problems) {
        node = present(node);
        if (node == null) {
            return fallback;
        }
        if (!node.isValueNode()) {
            problems.add(path + ": must be a duration such as 5s, not a " + (node.isArray() ? "list" : "mapping"));
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(node.asString());
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
            return null;
        }
        if (d.isZero()) {
            problems.add(path + ": " + node.asString() + " must be more than zero, e.g. 5s");
            return null;
        }
        return d;
    }

    private static void unknownKeys(JsonNode node, String prefix, List<String> known, List<String> problems) {
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                problems.add(prefix + key + ": unknown key; known keys are " + String.join(", ", known));
            }
        }
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }
}
