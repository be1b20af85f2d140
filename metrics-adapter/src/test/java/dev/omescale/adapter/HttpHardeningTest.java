package dev.omescale.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.adapter.testing.Https;
import dev.omescale.adapter.testing.TestFleet;
import dev.omescale.adapter.testing.TestPki;
import dev.omescale.scaler.view.LatestScalingView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The metrics API under hostile requests, sent as raw bytes over TLS (an HTTP client library would refuse to send
 * most of them): oversized URLs, headers and bodies are refused with 4xx before any work, random paths, queries,
 * selectors and methods never produce a 500 or a page that is not a Kubernetes Status, and the server answers a
 * normal request after each of them.
 */
@Timeout(120)
class HttpHardeningTest {
    private static final String PODS = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/pods/*/queue_length";
    private static MetricsAdapterServer server;
    private static SSLContext tls;
    private static Https client;

    @BeforeAll
    static void start() throws Exception {
        server = MetricsAdapterServer.start(new AdapterConfig("127.0.0.1", 0, TlsConfig.selfSigned(List.of()),
                AuthenticationConfig.none(), Duration.ofSeconds(60)), new LatestScalingView(TestFleet.snapshot()),
                null, TestFleet.CLOCK);
        tls = TestPki.anonymousContext(server.servingCertificate());
        client = new Https(server.url(), tls);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Answer(int status, String head, String body) {
    }

    /** Sends {@code request} as is and reads the answer (status line, headers, body up to close or 1 MiB). */
    private static Answer raw(byte[] request) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before reading a body it refuses; read what it said.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0 && answer.size() < 1 << 20; ) {
                    answer.write(buffer, 0, n);
                    if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no complete answer within 10 s; got: " + answer);
            } catch (IOException e) {
                // A reset after the answer was written.
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            assertThat(text).as("an HTTP answer").startsWith("HTTP/1.1 ");
            int headEnd = text.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, Math.max(0, headEnd)),
                    headEnd < 0 ? "" : text.substring(headEnd + 4));
        }
    }

    /** A full answer: headers, and a body as long as Content-Length says (all answers here carry one). */
    private static boolean complete(String text) {
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        for (String line : text.substring(0, headEnd).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).trim());
                return text.getBytes(StandardCharsets.ISO_8859_1).length - headEnd - 4 >= length;
            }
        }
        return false;
    }

    private static byte[] get(String target, String... headers) {
        StringBuilder sb = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void stillServes() throws Exception {
        Https.Response r = client.get(PODS + "?labelSelector=app%3Dqwen3-8b-engine");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("items")).isNotEmpty();
    }

    @Test
    void aUrlOverTheHeaderLimitIsRefusedWith414() throws Exception {
        Answer a = raw(get(PODS + "?labelSelector=" + "a".repeat(64 * 1024)));
        assertThat(a.status()).isEqualTo(414);
        stillServes();
    }

    @Test
    void headersOverTheLimitAreRefusedWith431() throws Exception {
        String[] headers = new String[64];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = "X-Padding-" + i + ": " + "b".repeat(1024);
        }
        assertThat(raw(get(PODS, headers)).status()).isEqualTo(431);
        assertThat(raw(get(PODS, "X-One: " + "c".repeat(256 * 1024))).status()).isEqualTo(431);
        stillServes();
    }

    @Test
    void aLargeBodyIsNotReadForARouteThatTakesNone() throws Exception {
        // Declares 1 GiB and sends 64 KiB: the answer must come without the server waiting for the rest.
        byte[] head = ("POST " + PODS + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1073741824\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + 64 * 1024];
        System.arraycopy(head, 0, request, 0, head.length);
        Answer a = raw(request);
        assertThat(a.status()).isIn(405, 413);
        stillServes();
    }

    @Test
    void randomRequestsGetAStatusAnswerAndNeverA500() throws Exception {
        Random random = new Random(20261127);
        String[] segments = {"apis", "custom.metrics.k8s.io", "external.metrics.k8s.io", "v1beta1", "v1beta2", "v2",
            "namespaces", "llm", "default", "pods", "*", "inferenceservices.ome.io", "deployments.apps", "metrics",
            "queue_length", "desired_replicas", "ttft_p95_seconds", "qwen3-8b", "qwen3-8b-engine-0", "nodes", "..",
            ".", "%2e%2e", "%2F", "%00", "%ff", "%", "é", "a;b", "healthz", "readyz", "", "~", "$", "{x}", "' or 1=1"};
        String[] selectors = {"app=qwen3-8b-engine", "component in (engine,decoder)", "!x", "a!=b", "x>3", "x<", "=",
            "((", "a in ()", "a notin (b", "é=1", "a=" + "z".repeat(70), ",,,", "a==b", "k8s.io/x=y", "%zz", "a=b&c",
            "component=engine,inferenceservice=qwen3-8b", "a b", "\\", "a=%00"};
        Set<String> methods = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "BREW");
        String[] methodList = methods.toArray(new String[0]);
        java.util.Arrays.sort(methodList);
        for (int i = 0; i < 300; i++) {
            StringBuilder path = new StringBuilder();
            int depth = random.nextInt(10);
            for (int d = 0; d < depth; d++) {
                path.append('/').append(segments[random.nextInt(segments.length)]);
            }
            if (path.length() == 0) {
                path.append('/');
            }
            if (random.nextBoolean()) {
                path.append(random.nextBoolean() ? "?labelSelector=" : "?metricLabelSelector=")
                        .append(java.net.URLEncoder.encode(selectors[random.nextInt(selectors.length)],
                                StandardCharsets.UTF_8));
                if (random.nextInt(4) == 0) {
                    path.append("&labelSelector=").append(selectors[random.nextInt(selectors.length)]
                            .replace(" ", "%20"));
                }
            }
            String method = methodList[random.nextInt(methodList.length)];
            byte[] request = (method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            Answer a = raw(request);
            String what = "request " + i + ": " + method + " " + path + " → " + a.status() + " " + a.body();
            assertThat(a.status()).as(what).isIn(200, 400, 404, 405, 503);
            // Every refusal omescale makes is a Kubernetes Status; only Jetty's own 400 for a URI it will not route
            // (illegal characters, bad percent-encoding, ambiguous segments) comes before omescale sees the request.
            boolean jettyRefusedTheUri = a.status() == 400
                    && (a.body().isEmpty() || a.body().contains("HTTP ERROR 400"));
            if (a.status() != 200 && !method.equals("HEAD") && !jettyRefusedTheUri
                    && !(a.status() == 503 && !path.toString().startsWith("/apis"))) {
                assertThat(a.body()).as(what).contains("\"kind\":\"Status\"");
            }
        }
        stillServes();
    }
}
