package dev.omescale.sim.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.omescale.sim.fleet.RequestTable;
import dev.omescale.sim.loop.StepLoad;
import dev.omescale.sim.measure.BurstReactions.Burst;
import dev.omescale.sim.report.ReportData.BurstReaction;
import dev.omescale.sim.workload.TraceRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstReactionsTest {
    /** Exactly {@code perSecond} requests of 1,000 prompt tokens in every second of each phase: no noise. */
    static RequestTable even(double... phases) {
        List<TraceRequest> out = new ArrayList<>();
        double start = 0;
        for (int i = 0; i < phases.length; i += 2) {
            double end = start + phases[i];
            int perSecond = (int) phases[i + 1];
            for (double t = start; t < end; t += 1) {
                for (int k = 0; k < perSecond; k++) {
                    out.add(new TraceRequest(t + k / (double) (perSecond + 1), 1000, 10));
                }
            }
            start = end;
        }
        return new RequestTable(out);
    }

    @Test
    void aStepIsOneBurstFromItsFirstBinToWhereTheRateFallsBack() {
        // 2/s for 10 minutes, 10/s for 5 minutes, 2/s again: in the first 10 s bin of the step the 30 s rate
        // (2k + 2k + 10k tokens/s over 3 bins = 4.67k) passes twice the 5-minute mean (4k); after the step it falls
        // back under 4k once the last 10/s bin has left the 30 s window
        List<Burst> bursts = BurstReactions.bursts(even(600, 2, 300, 10, 600, 2));
        assertThat(bursts).hasSize(1);
        assertThat(bursts.get(0).onset()).isEqualTo(600);
        assertThat(bursts.get(0).end()).isEqualTo(920);
    }

    @Test
    void aRampThatNeverDoublesWithinFiveMinutesIsNoBurst() {
        // 4/s rising to 40/s over the hour, one more request per second every 100 s
        List<TraceRequest> out = new ArrayList<>();
        for (int s = 0; s < 3600; s++) {
            int k = 4 + s / 100;
            for (int j = 0; j < k; j++) {
                out.add(new TraceRequest(s + j / (double) (k + 1), 1000, 10));
            }
        }
        assertThat(BurstReactions.bursts(new RequestTable(out))).isEmpty();
    }

    @Test
    void aRiseOnANearIdleLoadIsNoBurst() {
        // the step at 600 s is one; 3/s after ten idle minutes doubles nothing that matters: under a quarter of the
        // run's busiest 30 s (20k tokens/s)
        assertThat(BurstReactions.bursts(even(600, 1, 300, 20, 600, 0, 30, 3))).hasSize(1);
    }

    @Test
    void theChainIsTimedFromOnsetAndEnd() {
        List<Burst> bursts = List.of(new Burst(600, 900));
        List<ScaleEvent> events = List.of(new ScaleEvent(100, "engine", 1, 2), // before the burst: not its answer
                new ScaleEvent(615, "decoder", 1, 3), // not the engine
                new ScaleEvent(620, "engine", 2, 5), new ScaleEvent(650, "engine", 5, 6),
                new ScaleEvent(1000, "engine", 6, 3));
        double[] times = new double[60];
        int[] ready = new int[60];
        double[] p95 = new double[60];
        for (int i = 0; i < times.length; i++) {
            times[i] = 30 * i;
            // the pods asked for at 620 s are all ready from 750 s
            ready[i] = times[i] < 750 ? 2 : times[i] < 1020 ? 6 : 3;
            // p95 over the 2 s SLO from 600 s, back under from 780 s
            p95[i] = times[i] >= 600 && times[i] < 780 ? 5 : 0.5;
        }
        p95[24] = Double.NaN; // no first token at all in the 720 s interval: not back yet
        BurstReaction r = BurstReactions.measure(bursts, events, times, ready, p95, 2.0);
        assertThat(r.bursts()).isEqualTo(1);
        assertThat(r.decisionSeconds()).isEqualTo(20);
        assertThat(r.readySeconds()).isEqualTo(150);
        assertThat(r.recoveredSeconds()).isEqualTo(180);
        assertThat(r.releasedSeconds()).isEqualTo(100);
    }

    @Test
    void aBurstThatNeverHurtAndNeverScaledRecoversAtOnceAndTimesNothingElse() {
        double[] times = new double[40];
        int[] ready = new int[40];
        double[] p95 = new double[40];
        for (int i = 0; i < times.length; i++) {
            times[i] = 30 * i;
            ready[i] = 5;
            p95[i] = 0.5;
        }
        BurstReaction r = BurstReactions.measure(List.of(new Burst(300, 400), new Burst(800, 900)), List.of(),
                times, ready, p95, 2.0);
        assertThat(r.bursts()).isEqualTo(2);
        assertThat(r.recoveredSeconds()).isZero();
        assertThat(r.decisionSeconds()).isNaN();
        assertThat(r.readySeconds()).isNaN();
        assertThat(r.releasedSeconds()).isNaN();
    }

    @Test
    void aShortBurstsAnswerMayComeAMinuteAfterItButNotFromTheNextBurst() {
        double[] times = new double[40];
        int[] ready = new int[40];
        double[] p95 = new double[40];
        for (int i = 0; i < times.length; i++) {
            times[i] = 30 * i;
            ready[i] = 2;
            p95[i] = 0.5;
        }
        // a 20 s burst at 300 s seen in the windowed signals 40 s after it ended; the next burst at 600 s gets the
        // scale-up at 700 s and the scale-down at 1000 s, none of them the first burst's
        List<Burst> bursts = List.of(new Burst(300, 320), new Burst(600, 620));
        List<ScaleEvent> events = List.of(new ScaleEvent(360, "engine", 2, 3), new ScaleEvent(700, "engine", 3, 4),
                new ScaleEvent(1000, "engine", 4, 2));
        BurstReaction r = BurstReactions.measure(bursts, events, times, ready, p95, 2.0);
        // the first burst: decided after 60 s; the second: nothing within a minute of its end
        assertThat(r.decisionSeconds()).isEqualTo(60);
        // released only after the second burst: 380 s after its end; the first burst's release is not timed
        assertThat(r.releasedSeconds()).isEqualTo(380);
    }

    @Test
    void aLatencyThatNeverComesBackIsNotTimed() {
        double[] times = {0, 30, 60, 90};
        double[] p95 = {0.5, 5, 5, 5};
        BurstReaction r = BurstReactions.measure(List.of(new Burst(30, 60)), List.of(), times, new int[4], p95, 2.0);
        assertThat(r.recoveredSeconds()).isNaN();
    }

    @Test
    void aSimulatedStepIsFoundOnceWhateverThePoissonNoise() {
        RequestTable t = new RequestTable(StepLoad.of(11, 1000, 50, 900, 2, 600, 20, 900, 2).requests());
        List<Burst> bursts = BurstReactions.bursts(t);
        assertThat(bursts).hasSize(1);
        assertThat(bursts.get(0).onset()).isCloseTo(900, within(10.0));
        assertThat(bursts.get(0).end()).isBetween(1500.0, 1540.0);
    }

    @Test
    void noBurstsMeansNothingTimed() {
        assertThat(BurstReactions.measure(List.of(), List.of(), new double[0], new int[0], new double[0], 2))
                .isEqualTo(BurstReaction.NONE);
    }
}
