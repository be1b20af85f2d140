package dev.omescale.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/** Any set of requests written as CSV or JSONL, in any order, reads back as the same requests sorted. */
class TraceFileRoundTripTest {
    @TempDir
    Path dir;

    /** Arrival in microseconds (exact in decimal text), prompt and output tokens. */
    private static final Gen<List<Integer>> ROW = lists().of(integers().between(0, 2_000_000_000)).ofSize(1)
            .zip(integers().between(1, 100_000), integers().between(1, 5_000), (a, p, o) -> List.of(a.get(0), p, o));

    @Test
    void csvAndJsonlRoundTrip() {
        int[] run = {0};
        qt().withExamples(60).forAll(lists().of(ROW).ofSizeBetween(1, 40)).checkAssert(rows -> {
            StringBuilder csv = new StringBuilder("prompt_tokens,arrival_s,output_tokens\n");
            StringBuilder jsonl = new StringBuilder();
            List<TraceRequest> expected = new ArrayList<>();
            for (List<Integer> r : rows) {
                String seconds = micros(r.get(0));
                csv.append(r.get(1)).append(',').append(seconds).append(',').append(r.get(2)).append('\n');
                jsonl.append("{\"output_tokens\":").append(r.get(2)).append(",\"arrival_s\":").append(seconds)
                        .append(",\"prompt_tokens\":").append(r.get(1)).append("}\n");
                expected.add(new TraceRequest(Double.parseDouble(seconds), r.get(1), r.get(2)));
            }
            expected.sort(Comparator.comparingDouble(TraceRequest::arrivalSeconds));
            try {
                run[0]++;
                Path c = Files.writeString(dir.resolve("t" + run[0] + ".csv"), csv);
                Path j = Files.writeString(dir.resolve("t" + run[0] + ".jsonl"), jsonl);
                assertThat(WorkloadCatalog.load(c).requests()).isEqualTo(expected);
                assertThat(WorkloadCatalog.load(j).requests()).isEqualTo(expected);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String micros(int value) {
        return value / 1_000_000 + "." + String.format("%06d", value % 1_000_000);
    }
}
