package dev.omescale.sim.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Where workloads come from: the bundled Azure trace, synthetic patterns, any CSV or JSONL trace
 * file, and rate scaling / time compression of any of them.
 */
public final class WorkloadCatalog {
    /** Classpath folder of the bundled trace, its licence and the dataset's description. */
    public static final String AZURE_RESOURCE_DIR = "/dev/omescale/sim/workload/azure-llm-2023/";
    static final String AZURE_CODE_RESOURCE = AZURE_RESOURCE_DIR + "AzureLLMInferenceTrace_code.csv.gz";
    public static final String AZURE_CODE_NAME = "azure-code-2023";
    /** The attribution the CC-BY 4.0 licence asks for, shown wherever results from the trace are. */
    public static final String AZURE_ATTRIBUTION = "Azure LLM inference trace 2023 (code), Microsoft Azure "
            + "(https://github.com/Azure/AzurePublicDataset), licensed CC-BY 4.0; described in Patel et al., "
            + "\"Splitwise: Efficient generative LLM inference using phase splitting\", ISCA 2024. "
            + "Shipped unmodified (gzip-compressed).";

    /**
     * The synthetic patterns' defaults, shared by {@code omescale simulate --trace PATTERN} and the benchmark
     * headline: an hour between 4 and 40 requests per second, around the default profile's capacity so every policy
     * has to scale.
     */
    public static final double SYNTHETIC_BASE_RATE = 4;
    public static final double SYNTHETIC_PEAK_RATE = 40;
    public static final double SYNTHETIC_SECONDS = 3600;

    private WorkloadCatalog() {
    }

    /** {@link #synthetic(String, double, double, double, long)} at the default rates and duration. */
    public static Workload synthetic(String pattern, long seed) {
        return synthetic(pattern, SYNTHETIC_BASE_RATE, SYNTHETIC_PEAK_RATE, SYNTHETIC_SECONDS, seed);
    }

    /**
     * The Azure LLM inference trace 2023, code service: 8,819 requests over 3,436 s (the hour from
     * 2023-11-16 18:17 on). Arrivals are seconds after the first request, from the exact timestamp
     * difference; the duration is the last arrival.
     */
    public static Workload bundledAzureCode() {
        return BundledAzureCode.WORKLOAD;
    }

    /** Parsed once, on first use (class initialisation is lazy and thread-safe); the workload is immutable. */
    private static final class BundledAzureCode {
        static final Workload WORKLOAD = readBundledAzureCode();
    }

    private static Workload readBundledAzureCode() {
        Path source = Path.of("classpath:" + AZURE_CODE_RESOURCE);
        try (InputStream raw = WorkloadCatalog.class.getResourceAsStream(AZURE_CODE_RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("the bundled trace " + AZURE_CODE_RESOURCE
                        + " is missing from the simulator jar; fix: rebuild the simulator module");
            }
            TraceFileReader.Parsed parsed = TraceFileReader.read(source, new GZIPInputStream(raw), "trace.csv");
            List<TraceRequest> requests = parsed.requests();
            double duration = requests.get(requests.size() - 1).arrivalSeconds();
            return new Workload(AZURE_CODE_NAME, AZURE_ATTRIBUTION, requests, duration);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled trace " + AZURE_CODE_RESOURCE, e);
        }
    }

    /**
     * Poisson arrivals whose rate follows {@code pattern} ({@code step}, {@code spike}, {@code ramp},
     * {@code diurnal}; see {@link RatePattern}) between the base and the peak rate, with token
     * lengths from {@link TokenLengths#AZURE_CODE_2023}. The same arguments give the same workload.
     */
    public static Workload synthetic(String pattern, double baseRatePerSecond, double peakRatePerSecond,
                                     double durationSeconds, long seed) {
        return SyntheticWorkload.generate(RatePattern.of(pattern), baseRatePerSecond, peakRatePerSecond,
                durationSeconds, seed, TokenLengths.AZURE_CODE_2023);
    }

    /**
     * A trace file: CSV with a header, or JSONL, optionally gzip-compressed ({@code .gz}); the format
     * follows the extension ({@code .csv}; {@code .jsonl}, {@code .ndjson}, {@code .json}) or else
     * the first character. Accepted columns and arrival forms are listed on {@link TraceFileReader}:
     * {@code arrival_s} (seconds from the start) or {@code timestamp} (absolute; shifted so the first
     * request is at 0), {@code prompt_tokens} or {@code ContextTokens}, {@code output_tokens} or
     * {@code GeneratedTokens}. Rows out of order are sorted and the description says how many were.
     * The duration is the last arrival.
     *
     * @throws TraceFileException naming the file, line, column and the fix when the file is unusable
     * @throws UncheckedIOException when reading fails
     */
    public static Workload load(Path file) {
        TraceFileReader.Parsed parsed = TraceFileReader.read(file);
        List<TraceRequest> requests = parsed.requests();
        String fileName = file.getFileName().toString();
        String name = fileName.replaceFirst("(?i)\\.gz$", "").replaceFirst("\\.[^.]*$", "");
        String description = "trace file " + file + " (" + parsed.format() + ", " + requests.size() + " requests"
                + (parsed.absoluteTimes() ? ", absolute timestamps shifted to start at 0" : "")
                + (parsed.outOfOrder() > 0 ? "; " + parsed.outOfOrder() + " rows were out of arrival order and "
                + "have been sorted" : "") + ")";
        return new Workload(name.isEmpty() ? fileName : name, description, requests,
                requests.get(requests.size() - 1).arrivalSeconds());
    }

    /**
     * {@code rateFactor} times the requests (2: each request plus a jittered copy; 0.5: about half,
     * chosen by the seed) with arrivals divided by {@code timeCompression}. See {@link WorkloadScaling}.
     */
    public static Workload scaled(Workload w, double rateFactor, double timeCompression, long seed) {
        return WorkloadScaling.scaled(w, rateFactor, timeCompression, seed);
    }
}
