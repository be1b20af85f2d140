package dev.omescale.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The exposition pages the parse benchmarks read, identical bytes for omescale's parser and for the Go
 * reference: the two real captures as they are, and a busy vLLM page derived from the idle capture.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.omescale.bench.BenchPages DIR} writes them as
 * {@code DIR/<name>.prom}.
 */
public final class BenchPages {
    public static final String VLLM_REAL = "vllm-real";
    public static final String VLLM_BUSY = "vllm-busy";
    public static final String DCGM_REAL = "dcgm-real";
    public static final List<String> NAMES = List.of(VLLM_REAL, VLLM_BUSY, DCGM_REAL);

    private static final String CAPTURES = "/dev/omescale/telemetry/captures/";

    private BenchPages() {
    }

    /** The bytes of page {@code name}, one of {@link #NAMES}. */
    public static byte[] page(String name) {
        switch (name) {
            case VLLM_REAL: return capture("vllm-sample.prom");
            case DCGM_REAL: return capture("dcgm-sample.prom");
            case VLLM_BUSY:
                String idle = new String(capture("vllm-sample.prom"), StandardCharsets.UTF_8);
                return BusyVllmPage.from(idle).getBytes(StandardCharsets.UTF_8);
            default:
                throw new IllegalArgumentException("unknown bench page '" + name + "'; use one of " + NAMES);
        }
    }

    private static byte[] capture(String file) {
        try (InputStream in = BenchPages.class.getResourceAsStream(CAPTURES + file)) {
            if (in == null) {
                throw new IllegalStateException("capture " + CAPTURES + file
                        + " is not on the classpath; build gpu-telemetry first (./mvnw -pl bench -am package)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read capture " + file, e);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchPages DIR   (writes DIR/<page>.prom for " + NAMES + ")");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (String name : NAMES) {
            byte[] bytes = page(name);
            Path file = dir.resolve(name + ".prom");
            Files.write(file, bytes);
            System.out.println(file + " " + bytes.length + " bytes");
        }
    }
}
