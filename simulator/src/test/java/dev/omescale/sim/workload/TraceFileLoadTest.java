package dev.omescale.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileLoadTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void csvWithSimpleNamesKeepsOffsetsAsGiven() throws IOException {
        Workload w = WorkloadCatalog.load(file("mine.csv", "arrival_s,prompt_tokens,output_tokens,user\n"
                + "1.5,100,20,a\n\n# a comment\n2.25,\"300\",7,b\n"));
        assertThat(w.name()).isEqualTo("mine");
        assertThat(w.requests()).containsExactly(new TraceRequest(1.5, 100, 20), new TraceRequest(2.25, 300, 7));
        assertThat(w.durationSeconds()).isEqualTo(2.25);
        assertThat(w.description()).contains("mine.csv", "CSV", "2 requests").doesNotContain("sorted");
    }

    @Test
    void csvWithAzureNamesInAnyColumnOrder() throws IOException {
        Workload w = WorkloadCatalog.load(file("t.csv", "GeneratedTokens,TIMESTAMP,ContextTokens\n"
                + "5,2023-11-16 18:17:03.9799600,10\n6,2023-11-16 18:17:05.0000001,11\n"));
        assertThat(w.requests()).containsExactly(new TraceRequest(0, 10, 5), new TraceRequest(1.0200401, 11, 6));
    }

    @Test
    void jsonlWithOffsetsTimestampsAndIsoOffsets() throws IOException {
        Workload offsets = WorkloadCatalog.load(file("a.jsonl",
                "{\"arrival_s\": 0.25, \"prompt_tokens\": 512, \"output_tokens\": 64}\n\n"
                        + "{\"arrival_s\": 3, \"prompt_tokens\": 8, \"output_tokens\": 1, \"extra\": [1]}\n"));
        assertThat(offsets.requests()).containsExactly(new TraceRequest(0.25, 512, 64), new TraceRequest(3, 8, 1));
        assertThat(offsets.description()).contains("JSONL");

        Workload iso = WorkloadCatalog.load(file("b.ndjson",
                "{\"timestamp\": \"2024-01-01T10:00:00Z\", \"prompt_tokens\": 1, \"output_tokens\": 2}\n"
                        + "{\"timestamp\": \"2024-01-01T11:00:01.5+01:00\", \"prompt_tokens\": 3, \"output_tokens\": 4}\n"));
        assertThat(iso.requests()).containsExactly(new TraceRequest(0, 1, 2), new TraceRequest(1.5, 3, 4));

        Workload epoch = WorkloadCatalog.load(file("c.jsonl",
                "{\"timestamp\": 1700000000.125, \"prompt_tokens\": 1, \"output_tokens\": 2}\n"
                        + "{\"timestamp\": 1700000010, \"prompt_tokens\": 3, \"output_tokens\": 4}\n"));
        assertThat(epoch.requests()).containsExactly(new TraceRequest(0, 1, 2), new TraceRequest(9.875, 3, 4));
    }

    @Test
    void formatIsSniffedWithoutAKnownExtensionAndGzipIsRead() throws IOException {
        Workload sniffed = WorkloadCatalog.load(file("trace.txt",
                "  {\"arrival_s\": 1, \"prompt_tokens\": 2, \"output_tokens\": 3}\n"));
        assertThat(sniffed.requests()).containsExactly(new TraceRequest(1, 2, 3));

        Path gz = dir.resolve("z.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("arrival_s,prompt_tokens,output_tokens\n4,5,6\n".getBytes(StandardCharsets.UTF_8));
        }
        Workload w = WorkloadCatalog.load(gz);
        assertThat(w.name()).isEqualTo("z");
        assertThat(w.requests()).containsExactly(new TraceRequest(4, 5, 6));
    }

    @Test
    void unsortedRowsAreSortedStablyAndTheDescriptionSaysSo() throws IOException {
        Workload w = WorkloadCatalog.load(file("u.csv", "arrival_s,prompt_tokens,output_tokens\n"
                + "5,1,1\n1,2,2\n5,3,3\n3,4,4\n1,5,5\n"));
        assertThat(w.requests()).containsExactly(new TraceRequest(1, 2, 2), new TraceRequest(1, 5, 5),
                new TraceRequest(3, 4, 4), new TraceRequest(5, 1, 1), new TraceRequest(5, 3, 3));
        assertThat(w.description()).contains("3 rows were out of arrival order and have been sorted");
    }

    @Test
    void csvErrorsNameFileLineColumnAndFix() throws IOException {
        String header = "arrival_s,prompt_tokens,output_tokens\n";
        Path bad = file("bad.csv", header + "0,10,10\n1,abc,5\n");
        expect(bad, 3, "prompt_tokens").hasMessage(bad + " line 3 column prompt_tokens: 'abc' is not a whole number "
                + "of tokens; fix: write the token count as an integer >= 1");
        expect(file("zero.csv", header + "0,10,0\n"), 2, "output_tokens").hasMessageContaining("'0' is out of range")
                .hasMessageContaining("drop the row");
        expect(file("frac.csv", header + "0,10.5,1\n"), 2, "prompt_tokens").hasMessageContaining("'10.5' is not a whole number");
        expect(file("neg.csv", header + "-1,10,1\n"), 2, "arrival_s").hasMessageContaining("'-1' is negative");
        expect(file("nan.csv", header + "soon,10,1\n"), 2, "arrival_s").hasMessageContaining("'soon' is not a number of seconds");
        expect(file("fields.csv", header + "0,10\n"), 2, null).hasMessageContaining("has 2 fields, the header has 3");
        expect(file("ts.csv", "timestamp,prompt_tokens,output_tokens\n2023-13-45 10:00:00,1,1\n"), 2, "timestamp")
                .hasMessageContaining("'2023-13-45 10:00:00' is not");
        expect(file("ts2.csv", "timestamp,prompt_tokens,output_tokens\nyesterday,1,1\n"), 2, "timestamp")
                .hasMessageContaining("fix: write date and time like 2023-11-16 18:17:03.9799600");
    }

    @Test
    void csvHeaderErrorsListWhatIsAccepted() throws IOException {
        expect(file("noarrival.csv", "when,prompt_tokens,output_tokens\n1,2,3\n"), 1, null)
                .hasMessageContaining("no arrival time column in header [when, prompt_tokens, output_tokens]")
                .hasMessageContaining("arrival_s (seconds from the start) or timestamp");
        expect(file("noprompt.csv", "arrival_s,p,output_tokens\n1,2,3\n"), 1, null)
                .hasMessageContaining("no prompt token column").hasMessageContaining("prompt_tokens (or ContextTokens)");
        expect(file("nooutput.csv", "arrival_s,prompt_tokens\n1,2\n"), 1, null)
                .hasMessageContaining("no output token column").hasMessageContaining("output_tokens (or GeneratedTokens)");
        expect(file("noheader.csv", "0.5,2,3\n1,2,3\n"), 1, null)
                .hasMessageContaining("the first line '0.5,2,3' is data, not a header");
        expect(file("empty.csv", "\n# nothing\n"), 0, null).hasMessageContaining("is empty");
        expect(file("onlyheader.csv", "arrival_s,prompt_tokens,output_tokens\n"), 0, null)
                .hasMessageContaining("holds no requests");
    }

    @Test
    void jsonlErrorsNameFileLineFieldAndFix() throws IOException {
        String ok = "{\"arrival_s\": 0, \"prompt_tokens\": 1, \"output_tokens\": 1}\n";
        expect(file("broken.jsonl", ok + "{\"arrival_s\": 1,\n"), 2, null).hasMessageContaining("is not valid JSON");
        expect(file("array.jsonl", ok + "[1,2,3]\n"), 2, null).hasMessageContaining("is not a JSON object");
        expect(file("noarrival.jsonl", ok + "{\"t\": 1, \"prompt_tokens\": 1, \"output_tokens\": 1}\n"), 2, null)
                .hasMessageContaining("has no arrival field among [t, prompt_tokens, output_tokens]");
        expect(file("noout.jsonl", ok + "{\"arrival_s\": 1, \"prompt_tokens\": 1}\n"), 2, null)
                .hasMessageContaining("has no output_tokens field");
        expect(file("str.jsonl", ok + "{\"arrival_s\": 1, \"prompt_tokens\": \"many\", \"output_tokens\": 1}\n"), 2, "prompt_tokens")
                .hasMessageContaining("'many' is not a whole number");
        expect(file("float.jsonl", ok + "{\"arrival_s\": 1, \"prompt_tokens\": 2.5, \"output_tokens\": 1}\n"), 2, "prompt_tokens")
                .hasMessageContaining("'2.5' is not a whole number");
        expect(file("mixed.jsonl", ok + "{\"timestamp\": 5, \"prompt_tokens\": 1, \"output_tokens\": 1}\n"), 2, "timestamp")
                .hasMessageContaining("but line 1 gives it as seconds from the start")
                .hasMessageContaining("use the same arrival field on every line");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.csv");
        expect(missing, 0, null).hasMessage(missing + ": does not exist; fix: pass the path of a CSV or JSONL trace file");
        expect(dir, 0, null).hasMessageContaining("is not a regular file");
    }

    @Test
    void plainTextNamedGzipIsNamed() throws IOException {
        expect(file("plain.csv.gz", "arrival_s,prompt_tokens,output_tokens\n1,2,3\n"), 0, null)
                .hasMessageContaining("ends in .gz but is not complete gzip data")
                .hasMessageContaining("drop the .gz from its name");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> expect(Path file, int line, String column) {
        return assertThatThrownBy(() -> WorkloadCatalog.load(file))
                .isInstanceOfSatisfying(TraceFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).startsWith(file.toString()).contains("; fix: ");
                });
    }

    @Test
    void loadedRequestsAreImmutableAndSorted() throws IOException {
        Workload w = WorkloadCatalog.load(file("s.csv", "arrival_s,prompt_tokens,output_tokens\n2,1,1\n1,1,1\n"));
        List<TraceRequest> r = w.requests();
        assertThat(r).isSortedAccordingTo(java.util.Comparator.comparingDouble(TraceRequest::arrivalSeconds));
        assertThatThrownBy(() -> r.add(new TraceRequest(0, 1, 1))).isInstanceOf(UnsupportedOperationException.class);
    }
}
