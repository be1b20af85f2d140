package dev.omescale.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.loop.StepLoad;
import dev.omescale.sim.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    @Test
    void theSameSeedGivesTheSameReportJson() {
        Workload w = StepLoad.of(3, 800, 40, 300, 3, 300, 25, 300, 3);
        SimulationSettings s = SimulationSettings.defaults(ModelProfiles.shipped(ModelProfiles.DEFAULT))
                .withReplicas(1, 10);
        List<String> policies = List.of("omescale-slo", "keda-queue", "dynamo-load");
        String a = ReportJson.write(Comparison.run(w, s, policies, List.of(5L, 6L), "", x -> { }).report());
        String b = ReportJson.write(Comparison.run(w, s, policies, List.of(5L, 6L), "", x -> { }).report());
        assertThat(a).isEqualTo(b);
        assertThat(a).contains("\"policy\" : \"omescale-slo\"").contains("gpuHours");
    }
}
