package dev.omescale.keda;

import static dev.omescale.keda.ScalerClient.failure;
import static dev.omescale.keda.ScalerClient.metrics;
import static dev.omescale.keda.Views.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.keda.proto.ScaledObjectRef;
import dev.omescale.scaler.view.LatestScalingView;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every trigger metadata error, through the server: INVALID_ARGUMENT naming the key and the fix. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetadataErrorsTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private KedaScalerServer server;
    private ScalerClient client;

    @BeforeAll
    void start() throws Exception {
        LatestScalingView view = new LatestScalingView(Views.at(NOW).component(ENGINE, 2, "queue_length", 3.0)
                .decision(ENGINE, 2, NOW).build());
        server = KedaScalerServer.start(KedaServerConfig.plaintext("127.0.0.1", 0), view, null,
                Clock.fixed(NOW, ZoneOffset.UTC));
        client = ScalerClient.plaintext(server.port());
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    private static Arguments error(String description, Map<String, String> metadata, String... expected) {
        return Arguments.of(description, metadata, expected);
    }

    private static Map<String, String> md(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> errors() {
        String isvc = "llama-chat";
        return Stream.of(
                error("unknown key, with a suggestion", md("inferenceService", isvc, "targt", "5"),
                        "unknown key 'targt'", "did you mean 'target'", "remove or rename it"),
                error("key in the wrong case", md("inferenceservice", isvc),
                        "unknown key 'inferenceservice'", "did you mean 'inferenceService'"),
                error("unknown key without a near match", md("inferenceService", isvc, "metricName", "x"),
                        "unknown key 'metricName'", "omescale reads inferenceService"),
                error("TLS material in metadata", md("inferenceService", isvc, "caCert", "-----BEGIN"),
                        "'caCert' is TLS material", "TriggerAuthentication", "authenticationRef"),
                error("tlsClientKey in metadata", md("inferenceService", isvc, "tlsClientKey", "x"),
                        "'tlsClientKey' is TLS material"),
                error("ignoreNullValues", md("query", "sum(up)", "threshold", "1", "ignoreNullValues", "true"),
                        "'ignoreNullValues' is not supported", "or vector(0)"),
                error("missing inferenceService", md("signal", "queue_length", "target", "5"),
                        "'inferenceService' is missing", "inferenceService: llama-chat"),
                error("bad inferenceService", md("inferenceService", "Llama_Chat"),
                        "inferenceService 'Llama_Chat' is not an InferenceService name", "lower-case"),
                error("bad component", md("inferenceService", isvc, "component", "prefill"),
                        "component 'prefill' is not engine, decoder or router"),
                error("bad namespace", md("inferenceService", isvc, "namespace", "Team A"),
                        "namespace 'Team A' is not a namespace name"),
                error("unknown signal", md("inferenceService", isvc, "signal", "kv_cache"),
                        "signal 'kv_cache' is not an omescale signal", "kv_cache_utilization", "desired_replicas"),
                error("target not a number", md("inferenceService", isvc, "signal", "queue_length", "target", "abc"),
                        "target 'abc' is not a number", "e.g. target: \"10\""),
                error("target NaN", md("inferenceService", isvc, "signal", "queue_length", "target", "NaN"),
                        "target 'NaN' is not a number"),
                error("target with a unit", md("inferenceService", isvc, "signal", "queue_length", "target", "5d"),
                        "target '5d' is not a number"),
                error("target zero", md("inferenceService", isvc, "signal", "queue_length", "target", "0"),
                        "target 0 must be above 0", "the HPA divides by it"),
                error("target negative", md("inferenceService", isvc, "signal", "queue_length", "target", "-2"),
                        "target -2 must be above 0"),
                error("target empty", md("inferenceService", isvc, "signal", "queue_length", "target", " "),
                        "target is empty"),
                error("target overflows", md("inferenceService", isvc, "signal", "queue_length", "target", "1e999"),
                        "target '1e999' is too large"),
                error("target other than 1 for desired_replicas", md("inferenceService", isvc, "target", "3"),
                        "target 3 does not go with signal desired_replicas", "remove target"),
                error("bad activationTarget", md("inferenceService", isvc, "activationTarget", "high"),
                        "activationTarget 'high' is not a number", "e.g. activationTarget: \"0\""),
                error("window without a unit", md("inferenceService", isvc, "window", "5"),
                        "window '5' has no unit", "remove window"),
                error("window zero", md("inferenceService", isvc, "window", "0"),
                        "window 0 is empty"),
                error("window unknown unit", md("inferenceService", isvc, "window", "5y"),
                        "window '5y' has unknown unit 'y'"),
                error("threshold without query", md("inferenceService", isvc, "threshold", "5"),
                        "'threshold' belongs to PromQL passthrough", "use 'target' instead"),
                error("serverAddress without query", md("inferenceService", isvc, "serverAddress", "http://p:9090"),
                        "'serverAddress' belongs to PromQL passthrough"),
                error("signal keys with query", md("query", "sum(up)", "threshold", "1", "inferenceService", isvc),
                        "'inferenceService' does not go with 'query'", "remove 'inferenceService' or remove 'query'"),
                error("query without threshold", md("query", "sum(up)"),
                        "'threshold' is missing", "threshold: \"10\""),
                error("empty query", md("query", " ", "threshold", "1"), "query is empty"),
                error("threshold zero", md("query", "sum(up)", "threshold", "0"), "threshold 0 must be above 0"),
                error("bad activationThreshold", md("query", "sum(up)", "threshold", "1", "activationThreshold", "x"),
                        "activationThreshold 'x' is not a number"),
                error("serverAddress without scheme", md("query", "sum(up)", "threshold", "1", "serverAddress",
                        "prometheus:9090"), "needs an http:// or https:// scheme"),
                error("serverAddress not a URL", md("query", "sum(up)", "threshold", "1", "serverAddress",
                        "http://a b"), "serverAddress is not a URL"),
                error("several problems at once", md("inferenceService", isvc, "signal", "nope", "target", "x"),
                        "signal 'nope'", "target 'x'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void isInvalidArgumentNamingTheKeyAndTheFix(String description, Map<String, String> metadata,
            String[] expected) {
        ScaledObjectRef ref = ScaledObjectRef.newBuilder().setName("so").setNamespace("default")
                .putAllScalerMetadata(metadata).build();
        // All four unary paths and the push stream read the metadata the same way.
        for (StatusRuntimeException e : new StatusRuntimeException[] {
                failure(() -> client.stub.getMetricSpec(ref)),
                failure(() -> client.stub.getMetrics(metrics(ref, ""))),
                failure(() -> client.stub.isActive(ref)),
                failure(() -> client.stub.streamIsActive(ref).next())}) {
            assertThat(e.getStatus().getCode()).as(description).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).as(description)
                    .startsWith("metadata of the trigger of ScaledObject default/so: ").contains(expected);
        }
    }

    @Test
    void aPasswordInServerAddressIsNeverEchoed() {
        ScaledObjectRef ref = ScaledObjectRef.newBuilder().setName("so").setNamespace("default")
                .putScalerMetadata("query", "sum(up)").putScalerMetadata("threshold", "1")
                .putScalerMetadata("serverAddress", "http://admin:s3cret@prometheus:9090").build();
        var e = failure(() -> client.stub.getMetricSpec(ref));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("carries user info").doesNotContain("s3cret");
    }

    @Test
    void withoutAnyNamespaceTheFixIsToAddOne() {
        ScaledObjectRef ref = ScaledObjectRef.newBuilder().setName("so")
                .putScalerMetadata("inferenceService", "llama-chat").build();
        var e = failure(() -> client.stub.getMetricSpec(ref));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("'namespace' is missing", "add namespace:");
    }

    @Test
    void kedasOwnKeysAreAccepted() {
        ScaledObjectRef ref = ScaledObjectRef.newBuilder().setName("so").setNamespace("default")
                .putScalerMetadata("scalerAddress", "omescale:9443").putScalerMetadata("enableTLS", "true")
                .putScalerMetadata("unsafeSsl", "false").putScalerMetadata("inferenceService", "llama-chat")
                .build();
        assertThat(client.stub.getMetricSpec(ref).getMetricSpecs(0).getMetricName())
                .isEqualTo("omescale-engine-desired_replicas");
    }

    @Test
    void aMetricNameOfAnotherTriggerIsRejected() {
        ScaledObjectRef ref = ScalerClient.ref("inferenceService", "llama-chat", "signal", "queue_length",
                "target", "1");
        var e = failure(() -> client.stub.getMetrics(metrics(ref, "s0-omescale-engine-concurrency")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("metricName 's0-omescale-engine-concurrency' is not",
                "'omescale-engine-queue_length'");
    }

    @Test
    void aStreamMetricSpecWithBadMetadataEndsWithTheError() throws Exception {
        ScaledObjectRef ref = ScalerClient.ref("inferenceService", "llama-chat", "bogus", "1");
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        client.async.streamMetricSpec(ref, new StreamObserver<>() {
            @Override
            public void onNext(dev.omescale.keda.proto.GetMetricSpecResponse value) {
                ended.completeExceptionally(new AssertionError("unexpected message " + value));
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(t);
            }

            @Override
            public void onCompleted() {
                ended.completeExceptionally(new AssertionError("completed without error"));
            }
        });
        Status status = Status.fromThrowable(ended.get(10, TimeUnit.SECONDS));
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("unknown key 'bogus'");
    }
}
