package dev.omescale.app;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** {@code omescale explain <namespace>/<isvc>}: what the controller decided for each component, and why. */
final class ExplainCommand {
    static final String USAGE = """
            usage: omescale explain NAMESPACE/INFERENCESERVICE [--server URL] [--output text|json]

              --server URL     the controller's endpoint (default http://127.0.0.1:8080; in a cluster,
                                 kubectl port-forward deploy/omescale-controller 8080 first)
              --output FORMAT  text (default) or json, as the controller serves it
            """;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final PrintStream out;
    private final PrintStream err;

    ExplainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        String target = null;
        String server = "http://127.0.0.1:8080";
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--server" -> {
                    if (++i >= args.length) {
                        return usage("--server needs a URL");
                    }
                    server = args[i];
                }
                case "--output" -> {
                    if (++i >= args.length || !(args[i].equals("text") || args[i].equals("json"))) {
                        return usage("--output takes text or json");
                    }
                    json = args[i].equals("json");
                }
                default -> {
                    if (args[i].startsWith("--") || target != null) {
                        return usage("unknown argument '" + args[i] + "'");
                    }
                    target = args[i];
                }
            }
        }
        if (target == null || !target.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
            return usage(target == null ? "which InferenceService? write NAMESPACE/NAME"
                    : "'" + target + "' is not NAMESPACE/NAME (lower-case DNS names), e.g. default/llama-chat");
        }
        String url = server.replaceAll("/+$", "") + "/explain/" + target;
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            err.println("omescale explain: cannot reach the controller at " + url + " (" + e.getMessage()
                    + "); check --server, or port-forward to the controller");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (response.statusCode() != 200) {
            String message = response.body();
            try {
                message = JSON.readTree(response.body()).path("error").asString(response.body());
            } catch (RuntimeException e) {
                // not JSON: print as is
            }
            err.println("omescale explain: " + message);
            return 1;
        }
        if (json) {
            out.println(response.body());
        } else {
            out.print(text(JSON.readTree(response.body())));
        }
        return 0;
    }

    /** The controller's answer for people: one block per component. */
    static String text(JsonNode root) {
        StringBuilder b = new StringBuilder();
        b.append(root.path("namespace").asString()).append('/').append(root.path("inferenceService").asString())
                .append('\n');
        for (JsonNode c : root.path("components")) {
            JsonNode spec = c.path("spec");
            JsonNode w = c.path("workload");
            b.append("  ").append(c.path("component").asString()).append(": ")
                    .append(w.path("kind").asString()).append(' ').append(w.path("name").asString())
                    .append(", replicas ").append(w.path("replicas").isNull() ? "-" : w.path("replicas").asString())
                    .append(" (").append(c.path("readyReplicas").asInt()).append(" ready, ")
                    .append(c.path("startingReplicas").asInt()).append(" starting)\n");
            b.append("    spec: ").append(spec.path("deploymentMode").asString()).append(", class ")
                    .append(spec.path("autoscalerClass").asString()).append(", replicas [")
                    .append(spec.path("minReplicas").asInt()).append(", ").append(spec.path("maxReplicas").asInt())
                    .append("], scaleMetric ").append(spec.path("scaleMetric").asString("-")).append(", policies ")
                    .append(join(spec.path("policies"))).append('\n');
            b.append("    omescale writes: ").append(w.path("omescaleWrites").asBoolean() ? "yes" : "no")
                    .append(" (").append(w.path("note").asString()).append(")\n");
            JsonNode signals = c.path("signals");
            if (signals.size() > 0) {
                b.append("    signals:");
                for (var e : signals.properties()) {
                    b.append(' ').append(e.getKey()).append('=').append(e.getValue().isNull() ? "-"
                            : e.getValue().asString());
                }
                b.append('\n');
            }
            if (c.hasNonNull("usageProblem")) {
                b.append("    cpu/memory usage: ").append(c.path("usageProblem").asString()).append('\n');
            }
            JsonNode d = c.path("decision");
            if (d.isNull() || d.isMissingNode()) {
                b.append("    decision: none yet\n");
            } else {
                b.append("    decision: ").append(d.path("line").asString()).append('\n');
            }
            JsonNode r = c.path("realized");
            if (!r.isNull() && !r.isMissingNode()) {
                b.append("    applied: ").append(r.path("result").asString()).append(" (")
                        .append(r.path("note").asString()).append(")\n");
            }
            b.append("    evaluated at ").append(c.path("evaluatedAt").asString()).append('\n');
        }
        return b.toString();
    }

    private static String join(JsonNode array) {
        StringBuilder b = new StringBuilder();
        for (JsonNode n : array) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(n.asString());
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    private int usage(String problem) {
        err.println("omescale explain: " + problem);
        err.print(USAGE);
        return 2;
    }
}
