package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.adapter.AdapterConfigReader;
import dev.omescale.app.serve.ServeConfigLoader;
import dev.omescale.keda.KedaServerConfig;
import dev.omescale.telemetry.config.ConfigException;
import dev.omescale.telemetry.config.TelemetryConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Seeded random mutations of a valid {@code omescale serve} file (every section: targets, keda, adapter, prometheus,
 * inferenceServices) fed to every YAML configuration reader: each input either loads or is refused with a
 * {@link ConfigException} naming the file; no other exception, and no input takes longer than a second. A failure
 * prints the seed and the input, so it can be replayed.
 */
class ConfigFuzzTest {
    private static final int CASES = 1500;
    private static final String VALID = """
            scrape: {interval: 5s, timeout: 3s}
            window: 60s
            targets:
              - url: http://127.0.0.1:8000/metrics
                kind: engine
                namespace: llm
                pod: chat-engine-0
                inferenceService: chat
                component: engine
              - {url: http://127.0.0.1:9400/metrics, kind: dcgm}
            keda:
              listen: 127.0.0.1:9443
              maxDataAge: 60s
              maxConcurrentCalls: 256
              workerThreads: 2
              maxStreams: 100
              streamCheckInterval: 1s
              streamHeartbeat: 30s
              promqlCacheTtl: 30s
            adapter:
              listen: 127.0.0.1:6443
              tls: {selfSigned: true, hosts: [omescale.local]}
              authentication: {requestheaderClientCa: ca.pem, allowedNames: [front-proxy-client], tokenReview: false}
              maxDataAge: 60s
            prometheus: {url: http://127.0.0.1:9090}
            inferenceServices: [chat.yaml]
            """;
    /** Pieces that YAML and these readers treat specially. */
    private static final String[] TOKENS = {":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!binary ", "!!int ",
        "? ", "|", ">", "'", "\"", "#", "\t", "\n", "  ", "---\n", "...", "~", "null", "true", "-1", "0", "1e309",
        "NaN", ".inf", "0x7fffffff", "99999999999999999999", "9223372036854775807", "1ms", "0s", "-5s", "1h",
        "http://", "ftp://x", "http://[::1", "127.0.0.1:", ":99999", ":0", "\u0000", "\uFEFF", "é", "\\u12",
        "keda", "adapter", "tls", "listen", "selfSigned", "url", "targets", "kind", "dcgm", "window", "%s", "${X}",
        "<<: *a", "!!map {}", "{a: [b, {c: d}]}", "=", "\r"};
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static ExecutorService worker;
    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "not a certificate, only has to exist for the reader\n");
        Files.writeString(dir.resolve("chat.yaml"), """
                apiVersion: ome.io/v1beta1
                kind: InferenceService
                metadata: {name: chat, namespace: llm}
                spec: {engine: {minReplicas: 1, maxReplicas: 4}}
                """);
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "config-fuzz");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @Test
    void theUnmutatedFileLoads() throws Exception {
        assertThat(ServeConfigLoader.parse(VALID, "valid.yaml", dir).services()).hasSize(1);
    }

    @Test
    void everyReaderEitherLoadsOrSaysWhatIsWrong() throws Exception {
        int loaded = 0;
        int refused = 0;
        for (int seed = 0; seed < CASES; seed++) {
            String input = mutate(new Random(seed));
            Outcome outcome = run(seed, input);
            loaded += outcome.loaded;
            refused += outcome.refused;
        }
        // The mutations reach both sides: some inputs still load, most are refused.
        assertThat(loaded).as("inputs that loaded").isPositive();
        assertThat(refused).as("inputs that were refused").isGreaterThan(CASES / 2);
    }

    private record Outcome(int loaded, int refused) {
    }

    private static Outcome run(int seed, String input) throws Exception {
        Future<Outcome> result = worker.submit(() -> {
            int loaded = 0;
            int refused = 0;
            for (Reader reader : READERS) {
                try {
                    reader.read(input);
                    loaded++;
                } catch (ConfigException e) {
                    assertThat(e.getMessage()).as("seed %d: the message names the source", seed).startsWith("fuzz.yaml");
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p).isNotBlank());
                    refused++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("seed " + seed + ", " + reader + ": " + e + " on input:\n" + input, e);
                }
            }
            return new Outcome(loaded, refused);
        });
        try {
            return result.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("seed " + seed + ": a reader took over a second on input:\n" + input);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @FunctionalInterface
    private interface Reader {
        void read(String yaml) throws ConfigException;
    }

    private static final List<Reader> READERS = List.of(
            yaml -> ServeConfigLoader.parse(yaml, "fuzz.yaml", dir),
            yaml -> TelemetryConfigLoader.parse(yaml, "fuzz.yaml", List.of("keda", "adapter", "prometheus",
                    "inferenceServices")),
            yaml -> KedaServerConfig.fromTree(section(yaml, "keda"), "fuzz.yaml keda"),
            yaml -> AdapterConfigReader.fromTree(section(yaml, "adapter"), "fuzz.yaml adapter", dir));

    /** The section for a module's reader; text that is not YAML at all is the whole file's problem. */
    private static JsonNode section(String yaml, String name) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException("fuzz.yaml", "not valid YAML: " + e.getOriginalMessage(), e);
        }
        return root == null || !root.isObject() ? YAML.nullNode() : root.path(name).isMissingNode() ? YAML.nullNode()
                : root.get(name);
    }

    private static String mutate(Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(VALID.split("\n", -1)));
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int i = random.nextInt(lines.size());
            String line = lines.get(i);
            switch (random.nextInt(7)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, lines.get(random.nextInt(lines.size())));
                case 2 -> lines.set(i, insert(random, line, TOKENS[random.nextInt(TOKENS.length)]));
                case 3 -> {
                    // Replace a value with a token.
                    int colon = line.indexOf(": ");
                    lines.set(i, colon < 0 ? line : line.substring(0, colon + 2) + TOKENS[random.nextInt(TOKENS.length)]);
                }
                case 4 -> lines.set(i, line.isEmpty() ? line : line.substring(0, random.nextInt(line.length())));
                case 5 -> lines.set(i, " ".repeat(random.nextInt(6)) + line.strip());
                default -> {
                    int j = random.nextInt(lines.size());
                    String other = lines.get(j);
                    lines.set(j, line);
                    lines.set(i, other);
                }
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        return String.join("\n", lines);
    }

    private static String insert(Random random, String line, String token) {
        int at = line.isEmpty() ? 0 : random.nextInt(line.length() + 1);
        return line.substring(0, at) + token + line.substring(at);
    }
}
