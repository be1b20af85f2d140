package dev.omescale.app.observe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Grafana dashboard file, read as JSON, with the parts the checks walk. */
record Dashboard(String file, JsonNode json) {
    static final Path DIR = Path.of("..", "dashboards");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A panel query: the panel it belongs to and its expression. */
    record Target(String panel, String refId, String expr, String legend, boolean instant) {
    }

    /** Every {@code *.json} of {@code dashboards/}. */
    static List<Dashboard> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Dashboard> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(parse(f.getFileName().toString(), Files.readString(f)));
            }
            if (out.isEmpty()) {
                throw new IllegalStateException("no dashboards in " + DIR.toAbsolutePath());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dashboard parse(String file, String json) {
        return new Dashboard(file, JSON.readTree(json));
    }

    /** Panels with queries, rows' nested panels included. */
    List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : json.path("panels")) {
            if ("row".equals(p.path("type").asString())) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    List<Target> targets(JsonNode panel) {
        List<Target> out = new ArrayList<>();
        for (JsonNode t : panel.path("targets")) {
            out.add(new Target(panel.path("title").asString(), t.path("refId").asString(), t.path("expr").asString(),
                    t.path("legendFormat").asString(), t.path("instant").asBoolean(false)));
        }
        return out;
    }

    List<JsonNode> variables() {
        List<JsonNode> out = new ArrayList<>();
        json.path("templating").path("list").forEach(out::add);
        return out;
    }

    /** Annotation queries (Grafana's built-in one has no expression). */
    List<JsonNode> annotationQueries() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : json.path("annotations").path("list")) {
            if (a.hasNonNull("expr")) {
                out.add(a);
            }
        }
        return out;
    }

    /** A query variable's definition: {@code label_values(...)}. */
    static String definition(JsonNode variable) {
        if (variable.hasNonNull("definition") && !variable.get("definition").asString().isBlank()) {
            return variable.get("definition").asString();
        }
        JsonNode q = variable.path("query");
        return q.isObject() ? q.path("query").asString() : q.asString();
    }
}
