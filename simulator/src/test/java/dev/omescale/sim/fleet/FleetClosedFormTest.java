package dev.omescale.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.omescale.sim.workload.TraceRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet model against numbers worked out by hand. */
class FleetClosedFormTest {

    /** 10 ms per iteration, 0.1 ms per prompt token, 1 ms per decoding sequence, no attention cost. */
    static ModelProfile profile(long kvTokens) {
        return new ModelProfile("hand", "hand-checkable", 1, 0.010, 0.0001, 0.001, 0, 8192, 256, kvTokens, 100_000,
                0.0001, 0.005, 10, 0.4, 1.0, 0.003);
    }

    static List<TraceRequest> constant(int count, double every, int prompt, int output) {
        List<TraceRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new TraceRequest(i * every, prompt, output));
        }
        return out;
    }

    static void replay(Fleet fleet, RequestTable t, double until) {
        for (int i = 0; i < t.size(); i++) {
            fleet.advanceTo(t.arrival(i));
            fleet.arrive(i);
        }
        fleet.advanceTo(until);
    }

    @Test
    void oneReplicaLightLoadLatencyIsPrefillThenOneStepPerToken() {
        RequestTable t = new RequestTable(constant(5, 10, 1000, 11));
        Fleet fleet = new Fleet(profile(1_000_000), t, 1, 0, 120, 0, 1);
        replay(fleet, t, 100);
        for (int i = 0; i < 5; i++) {
            // prefill: 10 ms + 1000 × 0.1 ms = 110 ms, and it emits the first token
            assertThat(t.ttft(i)).isCloseTo(0.110, within(1e-9));
            // each further token: 10 ms + 1 sequence × 1 ms
            assertThat(t.tpot(i)).isCloseTo(0.011, within(1e-9));
            assertThat(t.finish(i) - t.arrival(i)).isCloseTo(0.110 + 10 * 0.011, within(1e-9));
        }
        // 5 × 0.22 s busy over 100 s
        assertThat(fleet.engine().pods().get(0).busySeconds).isCloseTo(5 * 0.22, within(1e-9));
    }

    @Test
    void saturatedPrefillThroughputIsTheTokenBudgetPerIteration() {
        // one-token outputs, arriving far faster than served: every iteration prefills the full 8192-token budget
        RequestTable t = new RequestTable(constant(4000, 0.001, 1024, 1));
        Fleet fleet = new Fleet(profile(1_000_000), t, 1, 0, 120, 0, 1);
        replay(fleet, t, 30);
        // the first iteration finds request 0 alone: 10 ms + 1024 × 0.1 ms
        double first = 0.010 + 1024 * 0.0001;
        double perIteration = 0.010 + 8192 * 0.0001; // 0.8292 s for 8 requests of 1024 tokens
        long finished = fleet.engine().pods().get(0).finished;
        // every iteration that starts before 30 s runs to its end
        long expected = 1 + 8 * (long) Math.ceil((30 - first) / perIteration);
        assertThat(finished).isEqualTo(expected);
        assertThat(t.ttft(0)).isCloseTo(first, within(1e-9));
        // queueing: request 200 (arrived at 0.2 s) is prefilled in the 25th full iteration
        assertThat(t.ttft(200)).isCloseTo(first + 25 * perIteration - t.arrival(200), within(1e-6));
    }

    @Test
    void batchSizeRaisesTheDecodeStepTime() {
        // two requests at once: they prefill together, then decode as a batch of two: 10 + 2 × 1 ms per step
        RequestTable t = new RequestTable(List.of(new TraceRequest(0, 100, 21), new TraceRequest(0, 100, 21)));
        Fleet fleet = new Fleet(profile(1_000_000), t, 1, 0, 120, 0, 1);
        replay(fleet, t, 10);
        assertThat(t.ttft(0)).isCloseTo(0.010 + 200 * 0.0001, within(1e-9));
        assertThat(t.tpot(0)).isCloseTo(0.012, within(1e-9));
        assertThat(t.tpot(1)).isCloseTo(0.012, within(1e-9));
    }

    @Test
    void kvCacheOverflowPreemptsTheNewestRequestAndItStillFinishes() {
        // 1000 KV tokens; two 400-token prompts fit (802 ≤ 1000) but their 300 outputs each do not
        RequestTable t = new RequestTable(List.of(new TraceRequest(0, 400, 300), new TraceRequest(0, 400, 300)));
        Fleet fleet = new Fleet(profile(1000), t, 1, 0, 120, 0, 1);
        replay(fleet, t, 60);
        assertThat(t.preemptions(0)).isZero();
        assertThat(t.preemptions(1)).isGreaterThanOrEqualTo(1);
        assertThat(fleet.engine().pods().get(0).preempted).isGreaterThanOrEqualTo(1);
        assertThat(t.finish(0)).isLessThan(t.finish(1));
        assertThat(t.finish(1)).isFinite();
        assertThat(fleet.engine().pods().get(0).kvTokensUsed()).isZero();
    }

    @Test
    void aRequestLargerThanTheKvCacheIsDropped() {
        RequestTable t = new RequestTable(List.of(new TraceRequest(0, 2000, 5)));
        Fleet fleet = new Fleet(profile(1000), t, 1, 0, 120, 0, 1);
        replay(fleet, t, 10);
        assertThat(t.dropped(0)).isTrue();
    }

    @Test
    void startUpDelayDelaysCapacityAndCountsAsGpuTime() {
        // saturating prefill load; one pod, a second is asked for at 0 and is ready at 120 s
        RequestTable t = new RequestTable(constant(40_000, 0.01, 1024, 1));
        Fleet fleet = new Fleet(profile(1_000_000), t, 1, 0, 120, 0, 1);
        fleet.engine().scaleTo(2, 0);
        assertThat(fleet.engine().current()).isEqualTo(2);
        assertThat(fleet.engine().ready()).isEqualTo(1);
        int i = 0;
        long[] finishedBy = new long[3];
        for (int k = 1; k <= 3; k++) {
            double until = k * 119.999;
            for (; i < t.size() && t.arrival(i) <= until; i++) {
                fleet.advanceTo(t.arrival(i));
                fleet.arrive(i);
            }
            fleet.advanceTo(until);
            long sum = 0;
            for (Replica r : fleet.engine().pods()) {
                sum += r.finished;
            }
            finishedBy[k - 1] = sum;
            if (k == 1) {
                assertThat(fleet.engine().ready()).isEqualTo(1);
            }
        }
        double perSecond = 8 / (0.010 + 8192 * 0.0001);
        assertThat((double) finishedBy[0]).isCloseTo(120 * perSecond, within(10.0));
        // after 120 s both pods serve: twice the rate
        assertThat((double) (finishedBy[1] - finishedBy[0])).isCloseTo(2 * 120 * perSecond, within(20.0));
        // both pods held a GPU from 0, the starting one included
        assertThat(fleet.gpuSeconds(100)).isCloseTo(200, within(1e-9));
    }

    @Test
    void scaleDownDrainsThenReleases() {
        RequestTable t = new RequestTable(constant(2, 0, 100, 500));
        Fleet fleet = new Fleet(profile(1_000_000), t, 2, 0, 120, 0, 1);
        replay(fleet, t, 0.5);
        fleet.engine().scaleTo(1, 0.5);
        assertThat(fleet.engine().current()).isEqualTo(1);
        fleet.advanceTo(100);
        assertThat(t.finish(0)).isFinite();
        assertThat(t.finish(1)).isFinite();
        // the drained pod held its GPU until its request finished, then none
        double drainedUntil = Math.max(t.finish(0), t.finish(1));
        assertThat(fleet.gpuSeconds(100)).isCloseTo(100 + drainedUntil, within(0.02));
    }

    @Test
    void prefillDecodeDisaggregationAddsTheKvTransferToTtft() {
        RequestTable t = new RequestTable(constant(3, 10, 1000, 11));
        Fleet fleet = new Fleet(profile(1_000_000), t, 1, 1, 120, 0, 1);
        replay(fleet, t, 100);
        double transfer = 0.005 + 0.0001 * 1000;
        for (int i = 0; i < 3; i++) {
            // prefill 110 ms, transfer 105 ms, the decoder sends the first token when it admits the request
            assertThat(t.ttft(i)).isCloseTo(0.110 + transfer, within(1e-9));
            assertThat(t.tpot(i)).isCloseTo(0.011, within(1e-9));
        }
        // each side counts the request in its request_success_total, as vLLM's instances do: the prefill instance
        // runs it to max_tokens=1, the decoder to the end
        assertThat(fleet.decoder().pods().get(0).finished).isEqualTo(3);
        assertThat(fleet.engine().pods().get(0).finished).isEqualTo(3);
    }
}
