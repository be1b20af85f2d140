package dev.omescale.sim.loop;

import dev.omescale.sim.fleet.ModelProfile;

/**
 * The fleet and the rules every policy of a comparison shares (same bounds, same start-up model, same SLOs).
 *
 * @param profile          model/GPU profile
 * @param minReplicas      engine replicas at least (and at the start)
 * @param maxReplicas      engine replicas at most
 * @param decoderReplicas  0 for a unified engine; else the decoder's minimum and initial count (prefill/decode)
 * @param maxDecoders      decoder replicas at most (ignored when unified)
 * @param startupSeconds   pod creation to ready: scheduling, image pull, weight load, warm-up
 * @param startupJitter    start-up varies by ± this share, drawn from the seed
 * @param sloTtftSeconds   TTFT target for attainment
 * @param sloItlSeconds    ITL (time per output token) target for attainment
 * @param sampleSeconds    resolution of the time series in the report
 * @param tailSeconds      time simulated after the last arrival so requests in flight can finish
 */
public record SimulationSettings(ModelProfile profile, int minReplicas, int maxReplicas, int decoderReplicas,
                                 int maxDecoders, double startupSeconds, double startupJitter, double sloTtftSeconds,
                                 double sloItlSeconds, double sampleSeconds, double tailSeconds) {
    public SimulationSettings {
        if (minReplicas < 1 || maxReplicas < minReplicas) {
            throw new IllegalArgumentException("replica bounds " + minReplicas + ".." + maxReplicas
                    + ": need 1 ≤ min ≤ max");
        }
        if (decoderReplicas > 0 && maxDecoders < decoderReplicas) {
            throw new IllegalArgumentException("decoder bounds " + decoderReplicas + ".." + maxDecoders
                    + ": need min ≤ max");
        }
        if (!(startupSeconds >= 0)) {
            throw new IllegalArgumentException("start-up time " + startupSeconds + " s: must be 0 or more");
        }
        if (!(sloTtftSeconds > 0) || !(sloItlSeconds > 0)) {
            throw new IllegalArgumentException("SLOs must be above 0, got TTFT " + sloTtftSeconds + " s, ITL "
                    + sloItlSeconds + " s");
        }
    }

    public boolean disaggregated() {
        return decoderReplicas > 0;
    }

    /** Defaults for a profile: 1..40 engines, unified, 120 s start-up ±10 %, TTFT 2 s, ITL 100 ms. */
    public static SimulationSettings defaults(ModelProfile profile) {
        return new SimulationSettings(profile, 1, 40, 0, 0, 120, 0.1, 2.0, 0.1, 30, 300);
    }

    public SimulationSettings withSlo(double ttft, double itl) {
        return new SimulationSettings(profile, minReplicas, maxReplicas, decoderReplicas, maxDecoders, startupSeconds,
                startupJitter, ttft, itl, sampleSeconds, tailSeconds);
    }

    public SimulationSettings withReplicas(int min, int max) {
        return new SimulationSettings(profile, min, max, decoderReplicas, maxDecoders, startupSeconds, startupJitter,
                sloTtftSeconds, sloItlSeconds, sampleSeconds, tailSeconds);
    }

    public SimulationSettings withStartup(double seconds) {
        return new SimulationSettings(profile, minReplicas, maxReplicas, decoderReplicas, maxDecoders, seconds,
                startupJitter, sloTtftSeconds, sloItlSeconds, sampleSeconds, tailSeconds);
    }

    public SimulationSettings withDecoders(int min, int max) {
        return new SimulationSettings(profile, minReplicas, maxReplicas, min, max, startupSeconds, startupJitter,
                sloTtftSeconds, sloItlSeconds, sampleSeconds, tailSeconds);
    }
}
