package dev.omescale.app.observe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Lint rules for what Grafana users trip on. Each rule returns its problems as messages naming the dashboard, the
 * panel and the fix; an empty list means the rule holds.
 */
final class DashboardLint {
    static final Set<String> BUILTINS = Set.of("__rate_interval", "__interval", "__interval_ms", "__range",
            "__range_s", "__range_ms", "__from", "__to", "__dashboard", "__name");
    static final List<String> REQUIRED_VARIABLES = List.of("datasource", "namespace", "inferenceservice", "component");
    private static final Pattern VARIABLE_REF = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern METRIC = Pattern.compile("(?<![A-Za-z0-9_:])([A-Za-z_:][A-Za-z0-9_:]*)\\s*[\\{\\[]");
    private static final Pattern BY_LE = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

    private DashboardLint() {
    }

    /** Every panel shows numbers in a unit: {@code fieldConfig.defaults.unit} is set. */
    static List<String> units(Dashboard d) {
        List<String> problems = new ArrayList<>();
        for (JsonNode p : d.panels()) {
            if (p.path("fieldConfig").path("defaults").path("unit").asString("").isBlank()) {
                problems.add(d.file() + ": panel '" + p.path("title").asString() + "' has no unit; set "
                        + "fieldConfig.defaults.unit (s, bytes, percentunit, reqps, short, none, ...)");
            }
        }
        return problems;
    }

    /** No data source is named by UID: everything points at the {@code ${datasource}} variable. */
    static List<String> datasources(Dashboard d) {
        List<String> problems = new ArrayList<>();
        walkDatasources(d.file(), "", d.json(), problems);
        return problems;
    }

    private static void walkDatasources(String file, String path, JsonNode node, List<String> problems) {
        if (node.isObject()) {
            for (var it = node.propertyNames().iterator(); it.hasNext(); ) {
                String key = it.next();
                JsonNode child = node.get(key);
                if (key.equals("datasource") && !path.endsWith("/templating/list")) {
                    String uid = child.isObject() ? child.path("uid").asString("") : child.asString("");
                    boolean builtIn = child.isObject() && "grafana".equals(child.path("type").asString());
                    if (!builtIn && !uid.equals("${datasource}") && !uid.equals("$datasource")) {
                        problems.add(file + ": " + path + "/datasource is '" + (child.isObject() ? uid : child)
                                + "'; use {\"type\": \"prometheus\", \"uid\": \"${datasource}\"} so the dashboard works"
                                + " in every Grafana");
                    }
                } else {
                    walkDatasources(file, path + "/" + key, child, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkDatasources(file, path + "[" + i + "]", node.get(i), problems);
            }
        }
    }

    /**
     * The datasource, namespace, InferenceService and component variables exist; every variable is used; every
     * {@code $variable} referenced is defined (or one of Grafana's built-ins).
     */
    static List<String> variables(Dashboard d) {
        List<String> problems = new ArrayList<>();
        Set<String> defined = new LinkedHashSet<>();
        for (JsonNode v : d.variables()) {
            defined.add(v.path("name").asString());
        }
        for (String required : REQUIRED_VARIABLES) {
            if (!defined.contains(required)) {
                problems.add(d.file() + ": no '" + required + "' variable; every dashboard offers "
                        + REQUIRED_VARIABLES);
            }
        }
        JsonNode dsVar = d.variables().stream().filter(v -> v.path("name").asString().equals("datasource"))
                .findFirst().orElse(null);
        if (dsVar != null && (!"datasource".equals(dsVar.path("type").asString())
                || !"prometheus".equals(dsVar.path("query").asString()))) {
            problems.add(d.file() + ": variable 'datasource' must be {type: datasource, query: prometheus}");
        }
        Set<String> used = new HashSet<>();
        List<String> texts = new ArrayList<>();
        for (JsonNode p : d.panels()) {
            texts.add(p.path("title").asString());
            for (Dashboard.Target t : d.targets(p)) {
                texts.add(t.expr());
                texts.add(t.legend());
            }
            texts.add(p.path("datasource").toString());
        }
        for (JsonNode v : d.variables()) {
            if ("query".equals(v.path("type").asString())) {
                texts.add(Dashboard.definition(v));
            }
        }
        for (JsonNode a : d.annotationQueries()) {
            texts.add(a.path("expr").asString());
        }
        for (String text : texts) {
            Matcher m = VARIABLE_REF.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                used.add(name);
                if (!defined.contains(name) && !BUILTINS.contains(name)) {
                    problems.add(d.file() + ": '$" + name + "' is used but no variable defines it (in: " + text + ")");
                }
            }
        }
        for (String name : defined) {
            if (!used.contains(name)) {
                problems.add(d.file() + ": variable '" + name + "' is never used; use it in a query or remove it");
            }
        }
        return problems;
    }

    /** The current schema: version 36..41, a uid, unique panel ids, every panel placed. */
    static List<String> schema(Dashboard d) {
        List<String> problems = new ArrayList<>();
        int version = d.json().path("schemaVersion").asInt(0);
        if (version < 36 || version > 41) {
            problems.add(d.file() + ": schemaVersion " + version + "; export from a current Grafana (36..41)");
        }
        if (d.json().path("uid").asString("").isBlank()) {
            problems.add(d.file() + ": no uid; set a stable uid so links and provisioning keep working");
        }
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : d.json().path("panels")) {
            if (!ids.add(p.path("id").asInt(-1))) {
                problems.add(d.file() + ": panel id " + p.path("id") + " is used twice");
            }
            if (!p.has("gridPos")) {
                problems.add(d.file() + ": panel '" + p.path("title").asString() + "' has no gridPos");
            }
        }
        return problems;
    }

    /**
     * {@code histogram_quantile} reads one histogram's {@code _bucket} series, aggregated {@code by (le, ...)}:
     * one bucket set per call (no {@code __name__} regex, no two histograms), and {@code le} kept.
     */
    static List<String> histogramQuantiles(String where, String expr) {
        List<String> problems = new ArrayList<>();
        for (String arg : callArguments(expr, "histogram_quantile")) {
            Set<String> names = metricNames(arg);
            Set<String> buckets = new LinkedHashSet<>();
            for (String n : names) {
                if (n.endsWith("_bucket")) {
                    buckets.add(n);
                }
            }
            if (arg.contains("__name__")) {
                problems.add(where + ": histogram_quantile over a __name__ selector may mix bucket sets; query one"
                        + " histogram per call and join the calls with 'or'");
            }
            if (buckets.size() != 1 || names.size() != 1) {
                problems.add(where + ": histogram_quantile must read exactly one histogram's _bucket series, found "
                        + names + "; one call per histogram, joined with 'or'");
            }
            Matcher by = BY_LE.matcher(stripQuoted(arg));
            boolean le = false;
            while (by.find()) {
                for (String label : by.group(1).split(",")) {
                    le |= label.trim().equals("le");
                }
            }
            if (!le) {
                problems.add(where + ": histogram_quantile needs its buckets aggregated by (le, ...), e.g."
                        + " sum by (le) (rate(x_bucket[$__rate_interval]))");
            }
        }
        return problems;
    }

    /**
     * {@code rate}, {@code irate} and {@code increase} read counters (and histogram or summary series, which are
     * counters), never gauges; a series whose type is unknown is a problem too.
     */
    static List<String> rateOverGauges(String where, String expr, Map<String, String> types) {
        List<String> problems = new ArrayList<>();
        for (String function : List.of("rate", "irate", "increase")) {
            for (String arg : callArguments(expr, function)) {
                for (String name : metricNames(arg)) {
                    String type = typeOf(name, types);
                    if (type == null) {
                        problems.add(where + ": " + function + "(" + name + ") reads a metric whose type Prometheus"
                                + " does not know; check the name");
                    } else if (!type.equals("counter") && !type.equals("histogram") && !type.equals("summary")) {
                        problems.add(where + ": " + function + "(" + name + ") over a " + type + "; use the value"
                                + " itself, avg_over_time or deriv for gauges");
                    }
                }
            }
        }
        return problems;
    }

    /** A sample name's family type: the name itself, or without _total, _bucket, _count, _sum, _created. */
    static String typeOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return types.get(name);
        }
        for (String suffix : List.of("_total", "_bucket", "_count", "_sum", "_created")) {
            if (name.endsWith(suffix)) {
                String t = types.get(name.substring(0, name.length() - suffix.length()));
                if (t != null) {
                    return suffix.equals("_total") && !t.equals("counter") ? null : t;
                }
            }
        }
        return null;
    }

    /** Metric names selected in {@code promql} (names followed by a selector or a range). */
    static Set<String> metricNames(String promql) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(stripQuoted(promql));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The argument text of every call of {@code function} in {@code expr}. */
    static List<String> callArguments(String expr, String function) {
        List<String> out = new ArrayList<>();
        String text = stripQuoted(expr);
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_:])" + Pattern.quote(function) + "\\s*\\(").matcher(text);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            while (i < text.length() && depth > 0) {
                char c = text.charAt(i++);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            if (depth != 0) {
                throw new IllegalArgumentException("unbalanced parentheses after " + function + " in: " + expr);
            }
            // Re-read from the original so selectors keep their label values (only lengths matter here).
            out.add(expr.substring(m.end(), i - 1));
        }
        return out;
    }

    /** Blanks out quoted strings (label values, regexes) so their characters never look like syntax. */
    private static String stripQuoted(String promql) {
        Matcher m = QUOTED.matcher(promql);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement("\"" + "_".repeat(m.group().length() - 2) + "\""));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
