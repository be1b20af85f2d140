package dev.omescale.sim.scratch;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.policy.PolicyCatalog;
import dev.omescale.sim.run.Comparison;
import dev.omescale.sim.run.ComparisonTable;
import dev.omescale.sim.workload.TraceRequest;
import dev.omescale.sim.workload.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void run() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/work/shared/reference/traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv"));
        List<TraceRequest> rs = new ArrayList<>();
        LocalDateTime t0 = null;
        double scale = Double.parseDouble(System.getProperty("rate", "1"));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            LocalDateTime t = LocalDateTime.parse(f[0].substring(0, 26), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
            if (t0 == null) t0 = t;
            double s = ChronoUnit.MICROS.between(t0, t) / 1e6 / scale;
            rs.add(new TraceRequest(s, Math.max(1, Integer.parseInt(f[1])), Math.max(1, Integer.parseInt(f[2]))));
        }
        Workload w = new Workload("azure-code", "azure", rs, rs.get(rs.size() - 1).arrivalSeconds());
        SimulationSettings s = SimulationSettings.defaults(ModelProfiles.shipped(System.getProperty("profile", ModelProfiles.DEFAULT)));
        String pol = System.getProperty("policies", "all");
        var r = Comparison.run(w, s, PolicyCatalog.parse(pol), List.of(1L), "", System.err::println);
        System.out.println(ComparisonTable.render(r.report()));
        for (var run : r.report().runs()) {
            StringBuilder b = new StringBuilder(run.policy() + ":\n");
            for (int i = 0; i < run.timesSeconds().length; i += 2) {
                b.append(String.format("%5.0f %5.1f %2d/%2d %6.2f q%4.0f | ", run.timesSeconds()[i], run.arrivalRatePerSecond()[i], run.engineReplicasReady()[i], run.engineReplicasTotal()[i], run.ttftP95Seconds()[i], run.queueLength()[i]));
                if (i % 8 == 6) b.append('\n');
            }
            System.out.println(b);
        }
        for (var rr : r.runs()) System.out.println(rr.policy() + " " + rr.events());
    }
}
