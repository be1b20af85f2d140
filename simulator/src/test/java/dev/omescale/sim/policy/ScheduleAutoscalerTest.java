package dev.omescale.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.Simulation;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.loop.StepLoad;
import dev.omescale.sim.measure.RunResult;
import dev.omescale.sim.workload.Workload;
import org.junit.jupiter.api.Test;

class ScheduleAutoscalerTest {
    final SimulationSettings settings = SimulationSettings.defaults(ModelProfiles.shipped(ModelProfiles.DEFAULT))
            .withReplicas(1, 20);

    @Test
    void theFleetFollowsTheScheduleWithStartUpOnTheWayUp() {
        Workload w = StepLoad.of(3, 1000, 20, 900, 2);
        ScheduleAutoscaler s = new ScheduleAutoscaler("s", new double[] {0, 300, 600}, new int[] {2, 5, 1});
        RunResult r = new Simulation(w, s, settings, 1).run();
        double[] t = r.series().timesSeconds();
        int[] total = r.series().engineReplicasTotal();
        int[] ready = r.series().engineReplicasReady();
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 299) {
                // the first count is there from the start, ready
                assertThat(total[i]).isEqualTo(2);
                assertThat(ready[i]).isEqualTo(2);
            } else if (t[i] > 302 && t[i] < 380) {
                // asked for at 300 s, the three new pods start for 120 s ± 10 %
                assertThat(total[i]).isEqualTo(5);
                assertThat(ready[i]).isEqualTo(2);
            } else if (t[i] > 440 && t[i] < 599) {
                assertThat(ready[i]).isEqualTo(5);
            } else if (t[i] > 602) {
                assertThat(total[i]).isEqualTo(1);
            }
        }
    }

    @Test
    void countAtReadsThePieceInForce() {
        ScheduleAutoscaler s = new ScheduleAutoscaler("s", new double[] {0, 10, 20}, new int[] {3, 1, 4});
        assertThat(s.countAt(0)).isEqualTo(3);
        assertThat(s.countAt(9.99)).isEqualTo(3);
        assertThat(s.countAt(10)).isEqualTo(1);
        assertThat(s.countAt(1e6)).isEqualTo(4);
        assertThat(s.initialEngines(1)).isEqualTo(3);
    }

    @Test
    void aScheduleThatDoesNotStartAtZeroOrAscendIsRefusedWithWhatWasGiven() {
        assertThatThrownBy(() -> new ScheduleAutoscaler("s", new double[] {5}, new int[] {1}))
                .hasMessageContaining("schedule s").hasMessageContaining("first time of 0").hasMessageContaining("[5.0]");
        assertThatThrownBy(() -> new ScheduleAutoscaler("s", new double[] {0, 10, 10}, new int[] {1, 2, 3}))
                .hasMessageContaining("times must ascend");
        assertThatThrownBy(() -> new ScheduleAutoscaler("s", new double[] {0}, new int[] {0}))
                .hasMessageContaining("counts be at least 1");
    }
}
