package dev.omescale.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.Simulation;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.loop.StepLoad;
import dev.omescale.sim.measure.RunResult;
import dev.omescale.sim.workload.Workload;
import org.junit.jupiter.api.Test;

/** The clairvoyant reference on the step load of {@link BaselineStepTest}: 2 → 40 → 2 requests per second. */
class OracleAutoscalerTest {
    static final double UP = BaselineStepTest.UP;
    static final double DOWN = BaselineStepTest.DOWN;
    final Workload step = StepLoad.of(7, 1000, 50, UP, 2, DOWN - UP, 40, 1200, 2);
    final SimulationSettings settings = SimulationSettings.defaults(ModelProfiles.shipped(ModelProfiles.DEFAULT))
            .withReplicas(1, 20);

    @Test
    void capacityIsReadyWhenTheStepComesAndReleasedWhenItEnds() {
        RunResult r = new Simulation(step, PolicyCatalog.factory("oracle", settings, step).get(), settings, 1).run();
        double[] t = r.series().timesSeconds();
        int[] ready = r.series().engineReplicasReady();
        int[] total = r.series().engineReplicasTotal();
        // 40 requests/s of 1,000 prompt tokens is ~41k tokens/s of prefill: at least 3 replicas of ~20k
        int atStep = -1;
        int late = -1;
        for (int i = 0; i < t.length; i++) {
            if (atStep < 0 && t[i] >= UP) {
                atStep = i;
            }
            if (late < 0 && t[i] >= DOWN + 300) {
                late = i;
            }
        }
        assertThat(ready[atStep]).isGreaterThanOrEqualTo(3);
        // asked for one start-up ahead, not from the beginning
        assertThat(total[0]).isLessThan(ready[atStep]);
        assertThat(total[late]).isLessThan(ready[atStep]);
        assertThat(r.summary().ttftAttainment()).isGreaterThanOrEqualTo(0.99);
        assertThat(r.events()).allSatisfy(e -> assertThat(e.timeSeconds()).isBetween(UP - 200, DOWN + 200));
    }

    @Test
    void itCostsLessThanStaticPeakOnTheSameStep() {
        RunResult oracle = new Simulation(step, PolicyCatalog.factory("oracle", settings, step).get(), settings, 1)
                .run();
        RunResult peak = new Simulation(step, PolicyCatalog.factory("static-peak", settings, step).get(), settings,
                1).run();
        assertThat(oracle.summary().gpuHours()).isLessThan(peak.summary().gpuHours());
    }
}
