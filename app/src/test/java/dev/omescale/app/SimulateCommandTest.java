package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.sim.workload.TraceRequest;
import dev.omescale.sim.workload.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SimulateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** 10 minutes: 2 req/s, a 5-minute burst at 20 req/s, then 2 req/s again. */
    static Workload burst(String trace, long seed) {
        List<TraceRequest> rs = new ArrayList<>();
        for (double t = 0; t < 900; ) {
            double rate = t >= 300 && t < 600 ? 20 : 2;
            rs.add(new TraceRequest(t, 1000, 30));
            t += 1 / rate;
        }
        return new Workload("burst", "test burst", rs, 900);
    }

    private SimulateCommand command(List<Path> htmlWritten) {
        return new SimulateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), SimulateCommandTest::burst,
                (data, file) -> {
                    Files.writeString(file, "<html>" + data.title() + "</html>");
                    htmlWritten.add(file);
                });
    }

    @Test
    void jsonGoesToStdoutProgressToStderrAndBothFilesToTheOutputDirectory(@TempDir Path dir) throws Exception {
        List<Path> html = new ArrayList<>();
        int code = command(html).run(new String[] {"--policies", "omescale-slo,keda-queue,static-peak", "--seeds",
            "1,2", "--out", dir.toString(), "--output", "json", "--replicas", "1..8"});
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode root = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(root.get("summaries")).hasSize(3);
        assertThat(root.get("runs")).hasSize(3);
        assertThat(root.get("summaries").get(0).get("policy").asString()).isEqualTo("omescale-slo");
        assertThat(root.get("sloTtftSeconds").asDouble()).isEqualTo(2.0);
        assertThat(Files.readString(dir.resolve("report.json"))).isEqualTo(out.toString(StandardCharsets.UTF_8)
                .stripTrailing());
        assertThat(html).containsExactly(dir.resolve("report.html"));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("[1/6] omescale-slo").contains("[6/6] static-peak")
                .contains("done in");
    }

    @Test
    void theTableNamesEveryPolicy(@TempDir Path dir) {
        int code = command(new ArrayList<>()).run(new String[] {"--policies", "ome-cpu-hpa,knative-kpa", "--seeds",
            "1", "--out", dir.toString(), "--slo-ttft", "1500ms"});
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ome-cpu-hpa").contains("knative-kpa")
                .contains("TTFT ≤ 1.50 s");
    }

    @Test
    void badInputNamesTheOptionAndTheFix(@TempDir Path dir) {
        assertThat(command(new ArrayList<>()).run(new String[] {"--policies", "hpa-magic", "--out", dir.toString()}))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown policy 'hpa-magic'").contains("keda-queue");
        err.reset();
        assertThat(command(new ArrayList<>()).run(new String[] {"--slo-ttft", "2"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--slo-ttft wants a duration like 2s");
        err.reset();
        assertThat(command(new ArrayList<>()).run(new String[] {"--profile", "gpt-17"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("llama-3.1-8b-h100");
    }
}
