package dev.omescale.sim.loop;

import dev.omescale.sim.workload.TraceRequest;
import dev.omescale.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test workloads built directly: Poisson arrivals at piecewise-constant rates, fixed token counts. */
public final class StepLoad {
    private StepLoad() {
    }

    /**
     * @param phases pairs of (duration seconds, requests per second)
     */
    public static Workload of(long seed, int prompt, int output, double... phases) {
        SplittableRandom r = new SplittableRandom(seed);
        List<TraceRequest> out = new ArrayList<>();
        double start = 0;
        for (int i = 0; i < phases.length; i += 2) {
            double end = start + phases[i];
            double rate = phases[i + 1];
            double t = start;
            while (rate > 0) {
                t += -Math.log(1 - r.nextDouble()) / rate;
                if (t >= end) {
                    break;
                }
                out.add(new TraceRequest(t, prompt, output));
            }
            start = end;
        }
        return new Workload("step", "test step load", out, start);
    }
}
