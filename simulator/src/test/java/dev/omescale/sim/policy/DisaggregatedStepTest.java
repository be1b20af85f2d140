package dev.omescale.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.Simulation;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.loop.StepLoad;
import dev.omescale.sim.measure.RunResult;
import dev.omescale.sim.workload.Workload;
import org.junit.jupiter.api.Test;

/** Prefill/decode disaggregation through the real engine: both components are fed and decided. */
class DisaggregatedStepTest {
    @Test
    void theSloPolicyScalesThePrefillEngineAndTheDecoderOnTheirOwnTargets() {
        // long outputs so the decoders carry real load: 4 → 30 requests per second
        Workload w = StepLoad.of(9, 1000, 300, 300, 4, 900, 30, 300, 4);
        SimulationSettings s = SimulationSettings.defaults(ModelProfiles.shipped(ModelProfiles.DEFAULT))
                .withReplicas(1, 16).withDecoders(1, 16).withSlo(2, 0.05);
        RunResult r = new Simulation(w, PolicyCatalog.factory("omescale-slo-itl", s, w).get(), s, 1).run();
        assertThat(r.events()).anyMatch(e -> e.component().equals("engine") && e.to() > e.from());
        assertThat(r.events()).anyMatch(e -> e.component().equals("decoder") && e.to() > e.from());
        assertThat(r.series().decoderReplicasTotal()).contains(1);
        assertThat(r.summary().dropped()).isZero();
        assertThat(r.summary().ttftAttainment()).isGreaterThan(0.5);
    }
}
