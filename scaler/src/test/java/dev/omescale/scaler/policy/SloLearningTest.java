package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.KpaSloFixtures.T0;
import static dev.omescale.scaler.policy.KpaSloFixtures.tick;
import static dev.omescale.telemetry.signal.SignalCatalog.CONCURRENCY;
import static dev.omescale.telemetry.signal.SignalCatalog.KV_CACHE_UTILIZATION;
import static dev.omescale.telemetry.signal.SignalCatalog.QUEUE_LENGTH;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A synthetic engine whose p95 TTFT is {@code 0.2 + 0.05 × load per replica} seconds (±3 % noise): with a 1 s SLO
 * and 0.8 headroom its true capacity is 12 in flight per replica.
 */
class SloLearningTest {
    private static final double SLO = 1.0;
    private static final double TARGET = 0.8;
    private static final double TRUE_CAPACITY = 12;

    private static double trueLatency(double loadPerReplica) {
        return 0.2 + 0.05 * loadPerReplica;
    }

    private static int fewestMeeting(double demand, double latency) {
        int n = 1;
        while (trueLatency(demand / n) > latency) {
            n++;
        }
        return n;
    }

    private static ComponentInputs observe(Instant now, int replicas, double demand, Random noise) {
        double latency = trueLatency(demand / replicas) * (1 + 0.03 * (2 * noise.nextDouble() - 1));
        return tick(SloPolicyTest.ENGINE, now).replicas(replicas).signal(CONCURRENCY, demand)
                .signal(QUEUE_LENGTH, 0.0).signal(KV_CACHE_UTILIZATION, 0.3).signal("ttft_p95_seconds", latency)
                .build();
    }

    @Test
    void learnsTheCapacityAndThenKeepsLatencyUnderTheSloAtTheFewestReplicas() {
        // burst memory off: this checks learning and sizing to the load of now (BurstMemoryTest covers the memory)
        SloPolicy policy = new SloPolicy(SloConfig.DEFAULTS.withBurstMemory(java.time.Duration.ZERO), false);
        SloState state = policy.initialState();
        Random noise = new Random(42);
        Instant now = T0;

        // 1. Four replicas held (say at maxReplicas) while the load wanders over 1.5..15 per replica.
        for (int k = 0; k < 80; k++) {
            double perReplica = 1.5 + 13.5 * ((k * 37) % 80) / 80.0;
            state = policy.propose(observe(now, 4, 4 * perReplica, noise), state).state();
            now = now.plusSeconds(15);
        }
        CapacityModel.Fit fit = state.ttft().fit(now, policy.config());
        assertThat(fit.usable()).as(fit.problem()).isTrue();
        double learned = (TARGET - fit.intercept()) / fit.slope();
        assertThat(learned).isBetween(TRUE_CAPACITY * 0.9, TRUE_CAPACITY * 1.1);
        assertThat(fit.points()).isGreaterThanOrEqualTo(10);

        // 2. Closed loop: the cluster applies every proposal at once while demand swings between 20 and 100.
        int replicas = 4;
        int atFewest = 0;
        for (int k = 0; k < 240; k++) {
            double demand = 60 + 40 * Math.sin(k / 12.0);
            var o = policy.propose(observe(now, replicas, demand, noise), state);
            int p = o.proposal().replicas();
            assertThat(o.proposal().reason()).as("tick %d", k).contains("fitted");
            // never under-provisioned: the true p95 at the proposal stays under the SLO
            assertThat(trueLatency(demand / p)).as("tick %d: %s", k, o.proposal().reason()).isLessThanOrEqualTo(SLO);
            // never more than one above the fewest that meet the target, except while stepping down one at a time
            int fewest = fewestMeeting(demand, TARGET);
            assertThat(p).as("tick %d: %s", k, o.proposal().reason())
                    .isLessThanOrEqualTo(Math.max(fewest + 1, replicas - 1));
            if (p == fewest) {
                atFewest++;
            }
            replicas = p;
            state = o.state();
            now = now.plusSeconds(15);
        }
        assertThat(atFewest).as("ticks at exactly the fewest replicas").isGreaterThan(150);
    }

    @Test
    void withoutEnoughSpreadItStaysReactiveAndSaysSo() {
        // burst memory off: this checks learning and sizing to the load of now (BurstMemoryTest covers the memory)
        SloPolicy policy = new SloPolicy(SloConfig.DEFAULTS.withBurstMemory(java.time.Duration.ZERO), false);
        SloState state = policy.initialState();
        Random noise = new Random(1);
        Instant now = T0;
        ScalingPolicy.PolicyOutcome<SloState> o = null;
        for (int k = 0; k < 40; k++) {
            o = policy.propose(observe(now, 4, 40, noise), state); // always 10 per replica: one load level
            state = o.state();
            now = now.plusSeconds(15);
        }
        assertThat(state.ttft().points()).hasSize(1);
        assertThat(o.proposal().reason()).contains("reactive (1 load levels learned, 5 needed)");
    }
}
