package dev.omescale.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.Simulation;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.loop.StepLoad;
import dev.omescale.sim.measure.RunResult;
import dev.omescale.sim.workload.Workload;
import dev.omescale.sim.workload.WorkloadCatalog;
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

    @Test
    void afterAStepThePrefillEngineComesBackDown() {
        // the shipped step, 4 → 40 → 4 requests per second from 20 to 40 minutes; the engine only prefills. Its request rate counts the
        // requests it prefilled (as vLLM's prefill instance counts its max_tokens=1 requests), and the backlog it
        // converts to tokens is bounded: before both, a tiny request rate made a 10 M tokens/s "peak" that held
        // every engine to the end
        Workload w = WorkloadCatalog.synthetic("step", 1);
        SimulationSettings s = SimulationSettings.defaults(ModelProfiles.shipped(ModelProfiles.DEFAULT))
                .withDecoders(1, 20);
        RunResult r = new Simulation(w, PolicyCatalog.factory("omescale-slo-itl", s, w).get(), s, 1).run();
        int[] engines = r.series().engineReplicasTotal();
        int peak = 0;
        for (int e : engines) {
            peak = Math.max(peak, e);
        }
        assertThat(peak).isGreaterThan(2);
        assertThat(engines[engines.length - 1]).isLessThan(peak);
        assertThat(r.events()).anyMatch(e -> e.component().equals("engine") && e.to() < e.from()
                && e.timeSeconds() > 2400);
    }
}
