package dev.omescale.app.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omescale.telemetry.exposition.ExpositionFormat;
import dev.omescale.telemetry.exposition.ExpositionHandler;
import dev.omescale.telemetry.exposition.ExpositionParser;
import dev.omescale.telemetry.exposition.Labels;
import dev.omescale.telemetry.exposition.MetricType;
import dev.omescale.telemetry.exposition.ParseLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * omescale's own {@code /metrics} read by our parser and by the real Prometheus, and every dashboard query run
 * through that Prometheus after it scraped omescale, the controller's metrics, vLLM, SGLang and two
 * dcgm-exporters: every query parses, every panel returns data, no rate reads a gauge.
 */
class ObservabilityEndToEndTest {
    /** Grafana's interval macros as a dashboard at "last 1 minute" with a 1 s scrape interval would get them. */
    private static final Map<String, String> MACROS = Map.of("__rate_interval", "10s", "__interval", "5s",
            "__range", "1m", "__range_s", "60");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.*),\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    @TempDir
    static Path dir;
    static ObservedFleet fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = ObservedFleet.start(dir);
        await("Prometheus scraping all " + fleet.targets + " targets").atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> fleet.api.query("count(up == 1)").stream()
                        .mapToDouble(r -> r.get("value").get(1).asDouble()).sum() == fleet.targets);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    // ---- omescale's /metrics -------------------------------------------------------------------------------

    @Test
    void metricsPageInBothFormatsHasEachFamilyOnceWithJvmAndOmescaleFamilies() throws Exception {
        await("omescale metrics after traffic").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String accept : List.of("text/plain; version=0.0.4", "application/openmetrics-text; version=1.0.0")) {
                HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + fleet.serve.metricsPort() + "/metrics")).header("Accept", accept).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                boolean om = accept.startsWith("application/openmetrics-text");
                assertThat(r.headers().firstValue("Content-Type").orElse(""))
                        .startsWith(om ? "application/openmetrics-text; version=1.0.0" : "text/plain; version=0.0.4");
                Page page = Page.parse(r.body(), om ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROMETHEUS_TEXT);
                assertThat(page.duplicateFamilies).as(accept + ": families declared twice").isEmpty();
                assertThat(page.duplicateSamples).as(accept + ": samples written twice").isEmpty();
                assertThat(page.families.keySet()).as(accept + ": Micrometer's JVM and process binders")
                        .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                                "process_cpu_usage", "system_cpu_count", "process_uptime_seconds",
                                "process_files_open_files");
                String engine = "namespace=ns,inferenceservice=chat,component=engine";
                assertThat(page.value("omescale_component_desired_replicas", engine)).isBetween(1.0, 6.0);
                assertThat(page.value("omescale_component_replicas", engine)).isEqualTo(2);
                assertThat(page.value("omescale_component_min_replicas", engine)).isEqualTo(1);
                assertThat(page.value("omescale_component_max_replicas", engine)).isEqualTo(6);
                assertThat(page.value("omescale_signal_value", engine + ",policy=hpa,signal=concurrency")).isPositive();
                assertThat(page.value("omescale_signal_target", engine + ",policy=hpa,signal=concurrency")).isEqualTo(5);
                assertThat(page.sum("omescale_decisions_total", "namespace=ns,inferenceservice=chat")).isPositive();
                assertThat(page.sum("omescale_decision_duration_seconds_count", "inferenceservice=chat")).isPositive();
                for (int i = 0; i < 2; i++) {
                    assertThat(page.value("omescale_scrape_up", "kind=engine,namespace=ns,inferenceservice=chat,"
                            + "component=engine,target=" + fleet.fleet.podName(i))).isEqualTo(1);
                }
                assertThat(page.sum("omescale_scrape_up", "kind=dcgm")).isEqualTo(1);
                assertThat(page.sum("omescale_scrape_duration_seconds_count", "kind=engine")).isPositive();
                assertThat(page.value("omescale_keda_requests_total", "method=GetMetrics,code=OK")).isPositive();
                assertThat(page.sum("omescale_keda_request_duration_seconds_count", "method=IsActive")).isPositive();
                assertThat(page.value("omescale_adapter_requests_total", "route=/apis/custom.metrics.k8s.io/"
                        + "{version}/namespaces/{namespace}/{resource}/{name}/{metric},method=GET,code=200"))
                        .isPositive();
                assertThat(page.value("omescale_decision_tick_failures_total", "")).isZero();
            }
        });
    }

    @Test
    void prometheusScrapesOmescaleAndKnowsEachFamilysType() {
        Map<String, String> types = fleet.api.metadataTypes();
        assertThat(DashboardLint.typeOf("omescale_decisions_total", types)).isEqualTo("counter");
        assertThat(DashboardLint.typeOf("omescale_component_desired_replicas", types)).isEqualTo("gauge");
        assertThat(DashboardLint.typeOf("omescale_decision_duration_seconds_bucket", types)).isEqualTo("histogram");
        assertThat(DashboardLint.typeOf("omescale_scale_writes_total", types)).isEqualTo("counter");
        assertThat(DashboardLint.typeOf("jvm_memory_used_bytes", types)).isEqualTo("gauge");
        assertThat(scalar("up{job=\"omescale\"}")).isEqualTo(1);
        assertThat(scalar("scrape_samples_scraped{job=\"omescale\"}")).isGreaterThan(100);
        // one series per name and label set: Prometheus would have rejected the scrape otherwise
        assertThat(fleet.api.query("scrape_series_added{job=\"omescale\"}")).isNotEmpty();
        assertThat(scalar("max(omescale_leader)")).isEqualTo(1);
    }

    @Test
    void theRealControllersDecisionsWritesConflictsAndLeaseReachPrometheus() {
        String job = "{job=\"omescale-controller\",namespace=\"ns\",inferenceservice=\"chat\",component=\"engine\"";
        await("the controller's writes and conflicts in Prometheus").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(scalar("sum(omescale_scale_writes_total" + job + ",result=\"applied\"})"))
                            .isGreaterThanOrEqualTo(2);
                    assertThat(scalar("sum(omescale_scale_conflicts_total" + job
                            + ",kind=\"stale_resource_version\"})")).isGreaterThanOrEqualTo(1);
                    assertThat(scalar("max(omescale_leader{job=\"omescale-controller\"})")).isEqualTo(1);
                    assertThat(scalar("max(omescale_component_max_replicas" + job + "})"))
                            .isEqualTo(ObservedFleet.CONTROLLER_REPLICAS);
                    assertThat(scalar("sum(omescale_scrape_up{job=\"omescale-controller\",kind=\"engine\"})"))
                            .isEqualTo(2);
                });
    }

    // ---- dashboards ----------------------------------------------------------------------------------------

    @Test
    void everyPanelReturnsDataForTheFirstValueOfEachVariable() {
        everyPanelReturnsData(false);
    }

    @Test
    void everyPanelReturnsDataWithAllSelected() {
        everyPanelReturnsData(true);
    }

    private void everyPanelReturnsData(boolean all) {
        List<Dashboard> dashboards = Dashboard.all();
        Map<Dashboard, Map<String, String>> variables = new HashMap<>();
        await("every dashboard variable has values").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (Dashboard d : dashboards) {
                variables.put(d, resolveVariables(d, all));
            }
        });
        await("every panel returns data").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<String> emptyPanels = new ArrayList<>();
                    List<String> emptyTargets = new ArrayList<>();
                    int panels = 0;
                    for (Dashboard d : dashboards) {
                        for (JsonNode p : d.panels()) {
                            panels++;
                            boolean data = false;
                            for (Dashboard.Target t : d.targets(p)) {
                                // A query Prometheus cannot parse throws at once: no waiting fixes that.
                                boolean targetData = hasFiniteValue(fleet.api.query(substitute(t.expr(),
                                        variables.get(d))));
                                if (!targetData) {
                                    emptyTargets.add(d.file() + " '" + t.panel() + "' " + t.refId());
                                }
                                data |= targetData;
                            }
                            if (!data) {
                                emptyPanels.add(d.file() + " '" + p.path("title").asString() + "'");
                            }
                        }
                    }
                    assertThat(panels).isGreaterThanOrEqualTo(40);
                    assertThat(emptyPanels).as("panels without data").isEmpty();
                    // Each engine's query of a panel has data too, except where no capture has the family.
                    assertThat(emptyTargets).as("queries without data").containsExactlyInAnyOrderElementsOf(
                            NO_SOURCE_IN_CAPTURES);
                });
    }

    /**
     * Queries for families that none of the captures carries: SGLang's retraction counter is newer than the
     * SGLang docs capture (shared/spec/llm-signals.md lists it).
     */
    private static final List<String> NO_SOURCE_IN_CAPTURES = List.of(
            "omescale-llm-serving-slo.json 'Preemptions' B");

    @Test
    void everyTargetAndAnnotationQueryParses() {
        for (Dashboard d : Dashboard.all()) {
            Map<String, String> variables = resolveVariablesEventually(d);
            for (JsonNode p : d.panels()) {
                for (Dashboard.Target t : d.targets(p)) {
                    fleet.api.query(substitute(t.expr(), variables));
                }
            }
            for (JsonNode a : d.annotationQueries()) {
                fleet.api.query(substitute(a.path("expr").asString(), variables));
            }
        }
    }

    @Test
    void noRateReadsAGaugeAndEveryQuantileReadsAHistogram() {
        Map<String, String> types = withOtherVersions(fleet.api.metadataTypes());
        List<String> problems = new ArrayList<>();
        for (Dashboard d : Dashboard.all()) {
            List<String> exprs = new ArrayList<>();
            for (JsonNode p : d.panels()) {
                d.targets(p).forEach(t -> exprs.add(t.expr()));
            }
            d.annotationQueries().forEach(a -> exprs.add(a.path("expr").asString()));
            for (String expr : exprs) {
                problems.addAll(DashboardLint.rateOverGauges(d.file(), expr, types));
                for (String arg : DashboardLint.callArguments(expr, "histogram_quantile")) {
                    for (String name : DashboardLint.metricNames(arg)) {
                        String type = DashboardLint.typeOf(name, types);
                        if (!"histogram".equals(type)) {
                            problems.add(d.file() + ": histogram_quantile over " + name + ", a " + type);
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Families the dashboards read for engine versions other than the captured ones (joined with 'or'), with their
     * types from shared/spec/llm-signals.md. Only names no exporter of the fixture serves are taken from here.
     */
    private static final Map<String, String> OTHER_VERSIONS = Map.of(
            "vllm:gpu_cache_usage_perc", "gauge",
            "vllm:time_per_output_token_seconds", "histogram",
            "sglang:inter_token_latency_seconds", "histogram",
            "sglang:num_retracted_requests_total", "counter");

    private static Map<String, String> withOtherVersions(Map<String, String> scraped) {
        Map<String, String> types = new HashMap<>(OTHER_VERSIONS);
        types.putAll(scraped);
        return types;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private Map<String, String> resolveVariablesEventually(Dashboard d) {
        Map<String, Map<String, String>> holder = new HashMap<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> holder.put("v", resolveVariables(d, false)));
        return holder.get("v");
    }

    /**
     * Values for a dashboard's variables, in order, as Grafana would pick them: query variables from Prometheus'
     * label values (each must have some), then the first value or the "All" value; custom and text variables
     * their current value.
     */
    static Map<String, String> resolveVariables(Dashboard d, boolean all) {
        Map<String, String> values = new LinkedHashMap<>(MACROS);
        for (JsonNode v : d.variables()) {
            String name = v.path("name").asString();
            switch (v.path("type").asString()) {
                case "datasource" -> values.put(name, "unused");
                case "query" -> {
                    String def = Dashboard.definition(v);
                    Matcher m = LABEL_VALUES.matcher(def);
                    assertThat(m.matches()).as(d.file() + " variable " + name + ": " + def).isTrue();
                    String match = m.group(1) == null ? null : substitute(m.group(1), values);
                    List<String> found = fleet.api.labelValues(m.group(2), match);
                    assertThat(found).as(d.file() + " variable " + name + " (" + def + ") has no values").isNotEmpty();
                    values.put(name, all ? v.path("allValue").asString(".*") : regexEscape(found.get(0)));
                }
                case "custom", "textbox", "constant" -> values.put(name,
                        v.path("current").path("value").asString(v.path("query").asString()));
                default -> throw new AssertionError(d.file() + " variable " + name + " has type "
                        + v.path("type").asString() + ", which these checks cannot resolve");
            }
        }
        return values;
    }

    static String substitute(String text, Map<String, String> values) {
        Matcher m = REF.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError("'$" + name + "' has no value (in: " + text + ")");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A label value as Grafana writes it into a regex matcher: regex characters escaped for PromQL strings. */
    private static String regexEscape(String value) {
        return value.replaceAll("([.+*?()\\[\\]{}|^$\\\\])", "\\\\\\\\$1");
    }

    private static boolean hasFiniteValue(List<JsonNode> result) {
        for (JsonNode r : result) {
            JsonNode value = r.has("value") ? r.get("value") : r;
            if (value.isArray() && value.size() == 2 && Double.isFinite(Double.parseDouble(value.get(1).asString()))) {
                return true;
            }
        }
        return false;
    }

    private static double scalar(String expr) {
        List<JsonNode> r = fleet.api.query(expr);
        assertThat(r).as(expr).hasSize(1);
        return Double.parseDouble(r.get(0).get("value").get(1).asString());
    }

    /** A /metrics page read with our own parser. */
    private static final class Page {
        final Map<String, MetricType> families = new LinkedHashMap<>();
        final List<String> duplicateFamilies = new ArrayList<>();
        final Map<String, Double> samples = new LinkedHashMap<>();
        final List<String> duplicateSamples = new ArrayList<>();
        final List<Map.Entry<String, Labels>> keys = new ArrayList<>();

        static Page parse(byte[] body, ExpositionFormat format) throws Exception {
            Page page = new Page();
            new ExpositionParser(ParseLimits.DEFAULT).parse(body, body.length, format, new ExpositionHandler() {
                @Override
                public void family(String name, MetricType type, String help, String unit) {
                    if (page.families.put(name, type) != null) {
                        page.duplicateFamilies.add(name);
                    }
                }

                @Override
                public void sample(String family, MetricType type, String name, Labels labels, double value,
                        long timestampMillis) {
                    String key = name + labels;
                    if (page.samples.put(key, value) != null) {
                        page.duplicateSamples.add(key);
                    }
                    page.keys.add(Map.entry(name, labels));
                    // OpenMetrics names counter families without _total; keep a family entry for every sample
                    page.families.putIfAbsent(family, type);
                }
            });
            return page;
        }

        /** The one sample of {@code name} whose labels are exactly {@code labels} ("a=b,c=d"). */
        double value(String name, String labels) {
            List<Double> found = matching(name, labels, true);
            assertThat(found).as(name + "{" + labels + "}").hasSize(1);
            return found.get(0);
        }

        /** The sum of samples of {@code name} whose labels include {@code labels}. */
        double sum(String name, String labels) {
            List<Double> found = matching(name, labels, false);
            assertThat(found).as(name + "{" + labels + "}").isNotEmpty();
            return found.stream().mapToDouble(Double::doubleValue).sum();
        }

        private List<Double> matching(String name, String labels, boolean exact) {
            Map<String, String> wanted = new HashMap<>();
            for (String pair : labels.isEmpty() ? new String[0] : labels.split(",(?=[a-z_]+=)")) {
                String[] kv = pair.split("=", 2);
                wanted.put(kv[0], kv[1]);
            }
            List<Double> out = new ArrayList<>();
            for (Map.Entry<String, Labels> k : keys) {
                if (!k.getKey().equals(name)) {
                    continue;
                }
                Map<String, String> have = k.getValue().toMap();
                if (exact ? have.equals(wanted) : have.entrySet().containsAll(wanted.entrySet())) {
                    out.add(samples.get(k.getKey() + k.getValue()));
                }
            }
            return out;
        }
    }
}
