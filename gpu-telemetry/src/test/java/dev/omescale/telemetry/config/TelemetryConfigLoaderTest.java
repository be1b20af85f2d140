package dev.omescale.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryConfigLoaderTest {

    private static final String DCGM_NOT_ALLOWED =
            ": not allowed for dcgm targets; GPUs map to pods through the series' own pod labels; remove ";

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> TelemetryConfigLoader.parse(yaml, "test.yaml"));
        assertThat(e).as("expected a ConfigException for:%n%s", yaml).isNotNull();
        return e.problems();
    }

    @Test
    void readsTheDocumentedExample() throws Exception {
        TelemetryConfig config = TelemetryConfigLoader.parse("""
                scrape: {interval: 5s, timeout: 3s}
                window: 60s
                targets:
                  - url: http://127.0.0.1:8000/metrics
                    kind: engine            # engine (vLLM/SGLang, the default) or dcgm
                    namespace: default
                    pod: llama-chat-engine-0
                    inferenceService: llama-chat
                    component: engine       # engine | decoder | router
                  - url: http://127.0.0.1:9400/metrics
                    kind: dcgm              # GPUs map to pods through the series' own pod labels
                """, "example.yaml");

        assertThat(config.scrapeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.scrapeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.targets()).containsExactly(
                new TargetConfig(URI.create("http://127.0.0.1:8000/metrics"), TargetKind.ENGINE, "default",
                        "llama-chat-engine-0", "llama-chat", "engine"),
                new TargetConfig(URI.create("http://127.0.0.1:9400/metrics"), TargetKind.DCGM, null, null, null, null));
    }

    @Test
    void fillsDefaultsForEverythingButTheUrl() throws Exception {
        TelemetryConfig config = TelemetryConfigLoader.parse("""
                targets:
                  - url: http://10.0.0.7:8000/metrics
                  - url: https://decoder.example/metrics
                    component: decoder
                """, "defaults.yaml");

        assertThat(config.scrapeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.scrapeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.targets()).containsExactly(
                new TargetConfig(URI.create("http://10.0.0.7:8000/metrics"), TargetKind.ENGINE, "default",
                        "10.0.0.7:8000", null, "engine"),
                new TargetConfig(URI.create("https://decoder.example/metrics"), TargetKind.ENGINE, "default",
                        "decoder.example:443", null, "decoder"));
    }

    @Test
    void acceptsPartialScrapeSectionsAndExplicitNulls() throws Exception {
        TelemetryConfig config = TelemetryConfigLoader.parse("""
                scrape:
                  interval: 1m
                window: 5m
                targets:
                  - url: http://a:1/metrics
                    namespace:
                    component: router
                """, "partial.yaml");

        assertThat(config.scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.scrapeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.targets().get(0).namespace()).isEqualTo("default");
        assertThat(config.targets().get(0).component()).isEqualTo("router");
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(file, "targets: [{url: 'http://127.0.0.1:8000/metrics', pod: p-0}]\n");

        assertThat(TelemetryConfigLoader.load(file).targets()).extracting(TargetConfig::pod).containsExactly("p-0");
    }

    @Test
    void namesAMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> TelemetryConfigLoader.load(file));

        assertThat(e.problems()).containsExactly("cannot read " + file + " (NoSuchFileException: " + file
                + "); check the path and its permissions");
        assertThat(e.source()).isEqualTo(file.toString());
    }

    @Test
    void rejectsAnUnknownTargetKind() {
        assertThat(problems("""
                targets:
                  - url: http://a:1/metrics
                  - url: http://b:1/metrics
                    kind: gpu
                """)).containsExactly("targets[1].kind: 'gpu' is not a target kind; use engine or dcgm");
    }

    @Test
    void rejectsATimeoutLongerThanTheInterval() {
        assertThat(problems("""
                scrape: {timeout: 10s}
                targets: [{url: 'http://a:1/metrics'}]
                """)).containsExactly(
                "scrape.timeout: 10s must not exceed scrape.interval (5s); lower the timeout or raise the interval");
    }

    @Test
    void rejectsAWindowShorterThanTwoIntervals() {
        assertThat(problems("""
                window: 3s
                targets: [{url: 'http://a:1/metrics'}]
                """)).containsExactly(
                "window: 3s must be at least 2 scrape intervals (10s) so rates have two samples");
    }

    @Test
    void rejectsBadAndZeroDurations() {
        assertThat(problems("""
                scrape: {interval: 5, timeout: 0s}
                window: [60s]
                targets: [{url: 'http://a:1/metrics'}]
                """)).containsExactly(
                "scrape.interval: '5' has no unit after 5; write e.g. 5s or 5ms",
                "scrape.timeout: 0s must be more than zero, e.g. 5s",
                "window: must be a duration such as 5s, not a list");
    }

    @Test
    void rejectsUnknownKeysAtEveryLevel() {
        assertThat(problems("""
                interval: 5s
                scrape: {interval: 5s, deadline: 3s}
                targets:
                  - url: http://a:1/metrics
                    podName: x
                """)).containsExactly(
                "interval: unknown key; known keys are scrape, window, targets",
                "scrape.deadline: unknown key; known keys are interval, timeout",
                "targets[0].podName: unknown key; known keys are url, kind, namespace, pod, inferenceService, component");
    }

    @Test
    void rejectsUrlsThatAreNotAbsoluteHttp() {
        assertThat(problems("""
                targets:
                  - url: /metrics
                  - url: ftp://a:1/metrics
                  - url: 'http://a b/metrics'
                  - url: 'http:opaque'
                  - {kind: engine}
                """)).containsExactly(
                "targets[0].url: '/metrics' must be an absolute http or https URL with a host,"
                        + " e.g. http://127.0.0.1:8000/metrics",
                "targets[1].url: 'ftp://a:1/metrics' must be an absolute http or https URL with a host,"
                        + " e.g. http://127.0.0.1:8000/metrics",
                "targets[2].url: 'http://a b/metrics' is not a URL (Illegal character in authority);"
                        + " write e.g. http://127.0.0.1:8000/metrics",
                "targets[3].url: 'http:opaque' must be an absolute http or https URL with a host,"
                        + " e.g. http://127.0.0.1:8000/metrics",
                "targets[4].url: missing; give the exporter's metrics URL, e.g. http://127.0.0.1:8000/metrics");
    }

    @Test
    void neverRepeatsCredentialsFromAUrl() {
        List<String> problems = problems("""
                targets:
                  - url: 'ftp://scraper:s3cret@a:1/metrics'
                  - url: 'http://scraper:s3cret@b:1/metrics'
                  - url: 'http://scraper:s3cret@b:1/metrics'
                """);

        assertThat(problems).containsExactly(
                "targets[0].url: 'ftp://***@a:1/metrics' must be an absolute http or https URL with a host,"
                        + " e.g. http://127.0.0.1:8000/metrics",
                "targets[2].url: 'http://b:1/metrics' repeats targets[1].url; list each exporter once");
        assertThat(String.join("\n", problems)).doesNotContain("s3cret");
    }

    @Test
    void rejectsDuplicateUrls() {
        assertThat(problems("""
                targets:
                  - url: http://a:1/metrics
                  - url: http://b:1/metrics
                  - url: http://a:1/metrics
                    pod: other
                """)).containsExactly(
                "targets[2].url: 'http://a:1/metrics' repeats targets[0].url; list each exporter once");
    }

    @Test
    void rejectsUnknownComponents() {
        assertThat(problems("""
                targets: [{url: 'http://a:1/metrics', component: worker}]
                """)).containsExactly(
                "targets[0].component: 'worker' is not a component; use engine, decoder or router");
    }

    @Test
    void rejectsMissingEmptyAndMistypedTargetLists() {
        assertThat(problems("window: 60s\n")).containsExactly(
                "targets: missing; list at least one exporter, e.g. targets: [{url: http://127.0.0.1:8000/metrics}]");
        assertThat(problems("targets: []\n")).containsExactly(
                "targets: empty; list at least one exporter, e.g. targets: [{url: http://127.0.0.1:8000/metrics}]");
        assertThat(problems("targets: {url: 'http://a:1/metrics'}\n")).containsExactly(
                "targets: must be a list of exporters, e.g. targets: [{url: http://127.0.0.1:8000/metrics}]");
        assertThat(problems("targets: [http://a:1/metrics]\n")).containsExactly(
                "targets[0]: must be a mapping with at least a url, e.g. {url: http://127.0.0.1:8000/metrics}");
        assertThat(problems("")).containsExactly(
                "targets: missing; list at least one exporter, e.g. targets: [{url: http://127.0.0.1:8000/metrics}]");
    }

    @Test
    void rejectsPodLabelsOnDcgmTargets() {
        assertThat(problems("""
                targets:
                  - url: http://a:1/metrics
                  - url: http://b:9400/metrics
                    kind: dcgm
                    namespace: gpu-operator
                    pod: dcgm-exporter-abc
                    inferenceService: llama
                    component: engine
                """)).containsExactly(
                "targets[1].namespace" + DCGM_NOT_ALLOWED + "targets[1].namespace",
                "targets[1].pod" + DCGM_NOT_ALLOWED + "targets[1].pod",
                "targets[1].inferenceService" + DCGM_NOT_ALLOWED + "targets[1].inferenceService",
                "targets[1].component" + DCGM_NOT_ALLOWED + "targets[1].component");
    }

    @Test
    void rejectsInvalidKubernetesNames() {
        assertThat(problems("""
                targets:
                  - url: http://a:1/metrics
                    namespace: Default
                    pod: llama_chat-0
                    inferenceService: llama.chat
                  - url: http://b:1/metrics
                    namespace: a-very-long-namespace-name-that-goes-on-and-on-past-sixty-three-chars
                    pod: ''
                    inferenceService: -llama
                """)).containsExactly(
                "targets[0].namespace: 'Default' is not a valid Kubernetes namespace; use at most 63 lower-case"
                        + " letters, digits and '-', starting and ending with a letter or digit",
                "targets[0].pod: 'llama_chat-0' is not a valid Kubernetes pod name; use at most 253 lower-case"
                        + " letters, digits, '-' and '.', starting and ending with a letter or digit",
                "targets[0].inferenceService: 'llama.chat' is not a valid InferenceService name; use at most 63"
                        + " lower-case letters, digits and '-', starting and ending with a letter or digit",
                "targets[1].namespace: 'a-very-long-namespace-name-that-goes-on-and-on-past-sixty-three-chars'"
                        + " is not a valid Kubernetes namespace; use at most 63 lower-case letters, digits and '-',"
                        + " starting and ending with a letter or digit",
                "targets[1].pod: '' is not a valid Kubernetes pod name; use at most 253 lower-case letters,"
                        + " digits, '-' and '.', starting and ending with a letter or digit",
                "targets[1].inferenceService: '-llama' is not a valid InferenceService name; use at most 63"
                        + " lower-case letters, digits and '-', starting and ending with a letter or digit");
    }

    @Test
    void acceptsDottedPodNames() throws Exception {
        TelemetryConfig config = TelemetryConfigLoader.parse(
                "targets: [{url: 'http://a:1/metrics', pod: llama.engine-0}]\n", "dots.yaml");

        assertThat(config.targets().get(0).pod()).isEqualTo("llama.engine-0");
    }

    @Test
    void rejectsListsWhereSingleValuesBelong() {
        assertThat(problems("""
                scrape: 5s
                targets: [{url: 'http://a:1/metrics', pod: [a, b], kind: {x: 1}}]
                """)).containsExactly(
                "scrape: must be a mapping with interval and timeout, e.g. scrape: {interval: 5s, timeout: 3s}",
                "targets[0].kind: must be a single value, not a mapping",
                "targets[0].pod: must be a single value, not a list");
        assertThat(problems("- a\n- b\n")).containsExactly(
                "(top level): must be a mapping with keys scrape, window, targets,"
                        + " e.g. targets: [{url: http://127.0.0.1:8000/metrics}]");
    }

    @Test
    void reportsEveryProblemTogetherInTheMessage() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> TelemetryConfigLoader.parse("""
                scrape: {interval: 5s, timeout: 10s}
                window: 3s
                targets:
                  - url: http://a:1/metrics
                    podName: x
                  - url: http://b:1/metrics
                    kind: gpu
                """, "many.yaml"));

        assertThat(e.problems()).containsExactly(
                "scrape.timeout: 10s must not exceed scrape.interval (5s); lower the timeout or raise the interval",
                "window: 3s must be at least 2 scrape intervals (10s) so rates have two samples",
                "targets[0].podName: unknown key; known keys are url, kind, namespace, pod, inferenceService, component",
                "targets[1].kind: 'gpu' is not a target kind; use engine or dcgm");
        assertThat(e.getMessage()).isEqualTo("many.yaml: 4 problems\n"
                + "  scrape.timeout: 10s must not exceed scrape.interval (5s); lower the timeout or raise the interval\n"
                + "  window: 3s must be at least 2 scrape intervals (10s) so rates have two samples\n"
                + "  targets[0].podName: unknown key; known keys are url, kind, namespace, pod, inferenceService,"
                + " component\n"
                + "  targets[1].kind: 'gpu' is not a target kind; use engine or dcgm");
    }

    @Test
    void reportsMalformedYamlWithItsLineAndColumn() {
        assertThat(problems("""
                targets:
                  - url: http://a:1/metrics
                   kind: dcgm
                """)).containsExactly("line 3, column 4: not valid YAML (while parsing a block collection;"
                + " expected <block end>, but found '<block mapping start>'); check indentation, quoting and"
                + " duplicate keys there");
        assertThat(problems("scrape: {interval: 5s\ntargets: []\n")).containsExactly(
                "line 2, column 8: not valid YAML (while parsing a flow mapping; expected ',' or '}', but got :);"
                        + " check indentation, quoting and duplicate keys there");
    }

    @Test
    void rejectsDuplicateKeysInsteadOfKeepingTheLast() {
        assertThat(problems("""
                window: 60s
                window: 30s
                targets: [{url: 'http://a:1/metrics'}]
                """)).containsExactly("line 2, column 7: not valid YAML (Duplicate Object property \"window\");"
                + " check indentation, quoting and duplicate keys there");
    }

    @Test
    void sectionsOwnedByOtherReadersAreNotUnknown() throws Exception {
        String yaml = """
                keda: {listen: 127.0.0.1:9443}
                targets:
                  - url: http://127.0.0.1:8000/metrics
                """;
        assertThat(TelemetryConfigLoader.parse(yaml, "serve.yaml", List.of("keda", "adapter")).targets()).hasSize(1);
        assertThatThrownBy(() -> TelemetryConfigLoader.parse(yaml, "inspect.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("keda: unknown key");
    }
}
