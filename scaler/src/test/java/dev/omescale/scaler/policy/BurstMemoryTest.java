package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.KpaSloFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A scale-down must still serve the recent peak demand, decayed by the burst memory's half-life. */
class BurstMemoryTest {
    /** Learned exactly: ttft = 0.2 + 0.05 × load, so 12 per replica meets the 0.8 s target. */
    static SloState learned() {
        return SloPolicyTest.learned(LatencySlo.TTFT, 0.2, 0.05);
    }

    static int proposeAfterPeak(SloPolicy policy, int minutesLater) {
        SloState s = learned();
        // a burst: 96 in flight on 8 replicas (12 each, right at the target)
        s = policy.propose(SloPolicyTest.engineTick(0, 8, 8, 0, 96, 0.8).build(), s).state();
        // then quiet: 12 in flight, which one replica would serve
        Instant later = T0.plusSeconds(60L * minutesLater);
        return policy.propose(KpaSloFixtures.tick(SloPolicyTest.ENGINE, later).replicas(8)
                .signal(dev.omescale.telemetry.signal.SignalCatalog.CONCURRENCY, 12.0)
                .signal(dev.omescale.telemetry.signal.SignalCatalog.QUEUE_LENGTH, 0.0)
                .signal(dev.omescale.telemetry.signal.SignalCatalog.KV_CACHE_UTILIZATION, 0.05)
                .signal("ttft_p95_seconds", 0.3).build(), s).proposal().replicas();
    }

    @Test
    void theRecentPeakKeepsCapacityAndItsMemoryFades() {
        SloPolicy remembering = new SloPolicy(SloConfig.DEFAULTS.withBurstMemory(Duration.ofMinutes(10)), false);
        // 1 minute later the peak is still 96 × 0.5^0.1 ≈ 89.6 in flight: 8 replicas (89.6 / 12 = 7.5)
        assertThat(proposeAfterPeak(remembering, 1)).isEqualTo(8);
        // 20 minutes later it is 24: 2 replicas
        assertThat(proposeAfterPeak(remembering, 20)).isEqualTo(2);
        SloPolicy forgetting = new SloPolicy(SloConfig.DEFAULTS.withBurstMemory(Duration.ZERO), false);
        assertThat(proposeAfterPeak(forgetting, 1)).isEqualTo(1);
    }
}
