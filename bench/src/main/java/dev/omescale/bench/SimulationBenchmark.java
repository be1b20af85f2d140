package dev.omescale.bench;

import dev.omescale.sim.fleet.ModelProfiles;
import dev.omescale.sim.loop.Simulation;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.measure.RunResult;
import dev.omescale.sim.policy.PolicyCatalog;
import dev.omescale.sim.workload.TraceRequest;
import dev.omescale.sim.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Simulation speed: one op replays a one-hour workload through the modelled fleet with one policy, start to end
 * (telemetry, decisions through the real engine where the policy is omescale's, measures). The workload keeps the
 * fleet between about 10 and 40 replicas of Llama-3.1-70B TP4: Poisson arrivals whose rate follows a sine between 40
 * and 160 requests per second over the hour, prompts 500–3,000 tokens, outputs 20–300 tokens (about 360,000
 * requests). Target (issue 7): at least 1,000× real time on one core, i.e. an op under 3.6 s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimulationBenchmark {

    @State(Scope.Benchmark)
    public static class Hour {
        @Param({"static-peak", "keda-queue", "omescale-slo"})
        public String policy;

        Workload workload;
        SimulationSettings settings;

        @Setup
        public void setUp() {
            workload = sineHour(11);
            settings = SimulationSettings.defaults(ModelProfiles.shipped("llama-3.1-70b-tp4-h100"))
                    .withReplicas(10, 40);
        }
    }

    static Workload sineHour(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<TraceRequest> out = new ArrayList<>();
        double peak = 160;
        double t = 0;
        while (true) {
            // thinning: candidates at the peak rate, kept with probability rate(t) / peak
            t += -Math.log(1 - r.nextDouble()) / peak;
            if (t >= 3600) {
                break;
            }
            double rate = 100 + 60 * Math.sin(2 * Math.PI * t / 3600);
            if (r.nextDouble() * peak <= rate) {
                out.add(new TraceRequest(t, 500 + r.nextInt(2501), 20 + r.nextInt(281)));
            }
        }
        return new Workload("sine-hour", "synthetic: 40..160 req/s sine over one hour", out, 3600);
    }

    @Benchmark
    public RunResult oneHour(Hour h) {
        return new Simulation(h.workload, PolicyCatalog.factory(h.policy, h.settings, h.workload).get(), h.settings,
                1).run();
    }
}
