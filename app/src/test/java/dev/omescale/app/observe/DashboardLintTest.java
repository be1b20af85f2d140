package dev.omescale.app.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lint rules hold for every dashboard in {@code dashboards/}, and each rule catches the mistake it is for
 * (so a rule that silently stopped checking would fail here). Rules that need metric types run against the real
 * Prometheus in {@link ObservabilityEndToEndTest}.
 */
class DashboardLintTest {
    private static final String GOOD_PANEL = """
            {"id": 1, "type": "timeseries", "title": "ok", "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
             "datasource": {"type": "prometheus", "uid": "${datasource}"},
             "fieldConfig": {"defaults": {"unit": "s"}},
             "targets": [{"refId": "A", "datasource": {"type": "prometheus", "uid": "${datasource}"},
                          "expr": "up{namespace=~\\"$namespace\\", inferenceservice=~\\"$inferenceservice\\", component=~\\"$component\\"}"}]}
            """;

    private static String dashboard(String panels, String extraVariables) {
        return """
                {"uid": "x", "title": "x", "schemaVersion": 39, "panels": [%s],
                 "templating": {"list": [
                   {"name": "datasource", "type": "datasource", "query": "prometheus"},
                   {"name": "namespace", "type": "query", "definition": "label_values(up, namespace)"},
                   {"name": "inferenceservice", "type": "query", "definition": "label_values(up, inferenceservice)"},
                   {"name": "component", "type": "query", "definition": "label_values(up, component)"}%s]}}
                """.formatted(panels, extraVariables);
    }

    @Test
    void everyDashboardPassesTheStaticRules() {
        List<Dashboard> all = Dashboard.all();
        assertThat(all).extracting(Dashboard::file).containsExactlyInAnyOrder("omescale-autoscaling.json",
                "omescale-gpu-fleet.json", "omescale-llm-serving-slo.json");
        List<String> problems = new ArrayList<>();
        for (Dashboard d : all) {
            problems.addAll(DashboardLint.units(d));
            problems.addAll(DashboardLint.datasources(d));
            problems.addAll(DashboardLint.variables(d));
            problems.addAll(DashboardLint.schema(d));
            for (var p : d.panels()) {
                for (Dashboard.Target t : d.targets(p)) {
                    problems.addAll(DashboardLint.histogramQuantiles(d.file() + " '" + t.panel() + "'", t.expr()));
                }
                assertThat(d.targets(p)).as(d.file() + " panel " + p.path("title")).isNotEmpty();
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCleanExampleIsClean() {
        Dashboard d = Dashboard.parse("good.json", dashboard(GOOD_PANEL, ""));
        assertThat(DashboardLint.units(d)).isEmpty();
        assertThat(DashboardLint.datasources(d)).isEmpty();
        assertThat(DashboardLint.variables(d)).isEmpty();
        assertThat(DashboardLint.schema(d)).isEmpty();
    }

    @Test
    void aPanelWithoutAUnitIsReported() {
        Dashboard d = Dashboard.parse("bad.json", dashboard(GOOD_PANEL.replace("\"unit\": \"s\"", "\"min\": 0"), ""));
        assertThat(DashboardLint.units(d)).singleElement().asString().contains("panel 'ok' has no unit");
    }

    @Test
    void aHardCodedDatasourceUidIsReported() {
        Dashboard d = Dashboard.parse("bad.json", dashboard(GOOD_PANEL.replaceFirst("\\$\\{datasource}",
                "P1809F7CD0C75ACF3"), ""));
        assertThat(DashboardLint.datasources(d)).singleElement().asString().contains("'P1809F7CD0C75ACF3'");
    }

    @Test
    void unusedAndUndefinedVariablesAreReported() {
        Dashboard d = Dashboard.parse("bad.json", dashboard(GOOD_PANEL.replace("up{", "up{pod=~\\\"$pod\\\", "),
                ", {\"name\": \"quantile\", \"type\": \"custom\", \"query\": \"0.5,0.9\"}"));
        assertThat(DashboardLint.variables(d)).hasSize(2)
                .anyMatch(p -> p.contains("'$pod' is used but no variable defines it"))
                .anyMatch(p -> p.contains("variable 'quantile' is never used"));
    }

    @Test
    void missingTemplateVariablesAreReported() {
        Dashboard d = Dashboard.parse("bad.json", """
                {"uid": "x", "schemaVersion": 39, "panels": [], "templating": {"list": []}}""");
        assertThat(DashboardLint.variables(d)).hasSize(4);
    }

    @Test
    void oldSchemasAreReported() {
        Dashboard d = Dashboard.parse("bad.json", dashboard(GOOD_PANEL, "").replace("\"schemaVersion\": 39",
                "\"schemaVersion\": 16"));
        assertThat(DashboardLint.schema(d)).singleElement().asString().contains("schemaVersion 16");
    }

    @Test
    void quantilesOverMixedOrUnaggregatedBucketsAreReported() {
        assertThat(DashboardLint.histogramQuantiles("p", "histogram_quantile(0.9, sum by (le) (rate("
                + "{__name__=~\"vllm:e2e_request_latency_seconds_bucket|sglang:e2e_request_latency_seconds_bucket\"}"
                + "[5m])))")).anyMatch(p -> p.contains("__name__"));
        assertThat(DashboardLint.histogramQuantiles("p", "histogram_quantile(0.9, sum by (le) ("
                + "rate(a_seconds_bucket[5m]) or rate(b_seconds_bucket[5m])))"))
                .anyMatch(p -> p.contains("exactly one histogram"));
        assertThat(DashboardLint.histogramQuantiles("p", "histogram_quantile(0.9, sum by (pod) ("
                + "rate(a_seconds_bucket[5m])))")).anyMatch(p -> p.contains("by (le"));
        assertThat(DashboardLint.histogramQuantiles("p", "histogram_quantile(0.9, rate(a_seconds_sum[5m]))"))
                .isNotEmpty();
        assertThat(DashboardLint.histogramQuantiles("p", "histogram_quantile(0.9, sum by (le, pod) ("
                + "rate(a_seconds_bucket{le!=\"x\"}[5m]))) or histogram_quantile(0.9, sum(rate("
                + "b_seconds_bucket[5m])) by (le))")).isEmpty();
    }

    @Test
    void ratesOverGaugesAndUnknownTypesAreReported() {
        Map<String, String> types = Map.of("vllm:num_requests_waiting", "gauge", "vllm:prompt_tokens_total",
                "counter", "omescale_decisions", "counter", "vllm:e2e_request_latency_seconds", "histogram");
        assertThat(DashboardLint.rateOverGauges("p", "rate(vllm:num_requests_waiting[5m])", types))
                .singleElement().asString().contains("over a gauge");
        assertThat(DashboardLint.rateOverGauges("p", "increase(nope_total[5m])", types))
                .singleElement().asString().contains("does not know");
        assertThat(DashboardLint.rateOverGauges("p", "sum(irate(vllm:prompt_tokens_total[1m])) + sum(rate("
                + "omescale_decisions_total{outcome=\"hold\"}[1m])) + sum(rate(vllm:e2e_request_latency_seconds_count"
                + "[1m])) + sum(rate(vllm:e2e_request_latency_seconds_bucket[1m]))", types)).isEmpty();
        // a gauge outside any rate is fine, and 'irate' is not mistaken for 'rate'
        assertThat(DashboardLint.rateOverGauges("p", "vllm:num_requests_waiting + irate(vllm:prompt_tokens_total[1m])",
                types)).isEmpty();
    }
}
