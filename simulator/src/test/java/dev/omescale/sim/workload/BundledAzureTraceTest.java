package dev.omescale.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledAzureTraceTest {
    private final Workload trace = WorkloadCatalog.bundledAzureCode();

    @Test
    void firstRequestsAreTheFileRowsWithExactOffsets() {
        // 2023-11-16 18:17:03.9799600,4808,10 / 04.0319600,3180,8 / 04.0781490,110,27 / 04.1206440,7433,14
        List<TraceRequest> r = trace.requests();
        assertThat(r.get(0)).isEqualTo(new TraceRequest(0.0, 4808, 10));
        assertThat(r.get(1)).isEqualTo(new TraceRequest(0.052, 3180, 8));
        assertThat(r.get(2)).isEqualTo(new TraceRequest(0.098189, 110, 27));
        assertThat(r.get(3)).isEqualTo(new TraceRequest(0.140684, 7433, 14));
    }

    @Test
    void countsDurationAndLastRequest() {
        assertThat(trace.name()).isEqualTo("azure-code-2023");
        assertThat(trace.requests()).hasSize(8819);
        // 19:14:19.9280160 - 18:17:03.9799600 = 57 min 15.9480560 s
        assertThat(trace.durationSeconds()).isEqualTo(3435.948056);
        assertThat(trace.requests().get(8818)).isEqualTo(new TraceRequest(3435.948056, 549, 173));
        long promptTokens = trace.requests().stream().mapToLong(TraceRequest::promptTokens).sum();
        assertThat(promptTokens / 8819.0).isBetween(2047.0, 2049.0); // the trace's mean context is 2,047.8 tokens
    }

    @Test
    void descriptionCarriesTheAttributionAndTheLicenceShipsAlongside() throws IOException {
        assertThat(trace.description()).contains("CC-BY 4.0", "Microsoft Azure", "Splitwise", "ISCA 2024");
        try (InputStream licence = getClass().getResourceAsStream(WorkloadCatalog.AZURE_RESOURCE_DIR + "LICENSE-CC-BY-4.0.txt");
             InputStream md = getClass().getResourceAsStream(WorkloadCatalog.AZURE_RESOURCE_DIR + "AzureLLMInferenceDataset2023.md")) {
            assertThat(new String(licence.readAllBytes(), StandardCharsets.UTF_8)).contains("Attribution 4.0 International");
            assertThat(new String(md.readAllBytes(), StandardCharsets.UTF_8)).contains("Splitwise", "CC-BY");
        }
    }

    @Test
    void loadingTheUncompressedFileGivesTheSameWorkload(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("AzureLLMInferenceTrace_code.csv");
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream(WorkloadCatalog.AZURE_CODE_RESOURCE))) {
            Files.write(csv, in.readAllBytes());
        }
        // The file as published, CRLF line ends included.
        assertThat(Files.readString(csv)).startsWith("TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:17:03.9799600,4808,10\r\n");
        Workload loaded = WorkloadCatalog.load(csv);
        assertThat(loaded.requests()).isEqualTo(trace.requests());
        assertThat(loaded.description()).contains("absolute timestamps").doesNotContain("out of arrival order");
    }

    @Test
    void tokenLengthModelIsTheLognormalFitOfTheTrace() {
        double[] lp = trace.requests().stream().mapToDouble(r -> Math.log(r.promptTokens())).toArray();
        double[] lo = trace.requests().stream().mapToDouble(r -> Math.log(r.outputTokens())).toArray();
        TokenLengths fit = TokenLengths.AZURE_CODE_2023;
        assertThat(fit.promptLogMean()).isCloseTo(mean(lp), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(fit.promptLogSd()).isCloseTo(sd(lp), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(fit.outputLogMean()).isCloseTo(mean(lo), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(fit.outputLogSd()).isCloseTo(sd(lo), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(fit.maxPrompt()).isEqualTo(trace.requests().stream().mapToInt(TraceRequest::promptTokens).max().orElseThrow());
        assertThat(fit.maxOutput()).isEqualTo(trace.requests().stream().mapToInt(TraceRequest::outputTokens).max().orElseThrow());
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double sd(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }
}
