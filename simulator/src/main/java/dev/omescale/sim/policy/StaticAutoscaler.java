package dev.omescale.sim.policy;

import dev.omescale.sim.fleet.ModelProfile;
import dev.omescale.sim.workload.TraceRequest;
import dev.omescale.sim.workload.Workload;

/**
 * Static provisioning at peak: the replica count an operator sizes for the busiest minute of the workload, held for
 * the whole run. Sizing: each request costs its prefill ({@code prompt × (prefill per token + step / token budget)})
 * and its decode ({@code output × (decode per sequence + attention × context + step / 8)}, a step shared by a batch of
 * about eight); the busiest 60 s window's cost, over 60 s, at 70 % busy, is the replica count.
 */
public final class StaticAutoscaler implements Autoscaler {
    static final double SIZING_WINDOW = 60;
    static final double TARGET_BUSY = 0.7;
    private final int engines;
    private final int decoders;

    public StaticAutoscaler(int engines, int decoders) {
        this.engines = engines;
        this.decoders = decoders;
    }

    /** Sized for the workload's peak minute, within [min, max]. */
    public static StaticAutoscaler atPeak(Workload w, ModelProfile p, int min, int max, int decoders) {
        double peak = 0;
        double window = 0;
        int start = 0;
        var rs = w.requests();
        for (int i = 0; i < rs.size(); i++) {
            window += cost(rs.get(i), p);
            while (rs.get(i).arrivalSeconds() - rs.get(start).arrivalSeconds() > SIZING_WINDOW) {
                window -= cost(rs.get(start), p);
                start++;
            }
            peak = Math.max(peak, window);
        }
        int n = (int) Math.ceil(peak / SIZING_WINDOW / TARGET_BUSY);
        return new StaticAutoscaler(Math.max(min, Math.min(max, n)), decoders);
    }

    static double cost(TraceRequest r, ModelProfile p) {
        return prefillCost(r, p) + decodeCost(r, p);
    }

    /** GPU seconds of the request's prefill: its share of the steps its prompt tokens fill. */
    static double prefillCost(TraceRequest r, ModelProfile p) {
        return r.promptTokens() * (p.prefillSecondsPerToken() + p.stepSeconds() / p.maxBatchedTokens());
    }

    /** GPU seconds of the request's decode, a step shared by a batch of about eight. */
    static double decodeCost(TraceRequest r, ModelProfile p) {
        return r.outputTokens() * (decodeTokenSeconds(r, p) + p.stepSeconds() / 8);
    }

    /**
     * GPU seconds of one of the request's decode tokens in its step, the step's fixed cost aside: per sequence, and
     * attention over the average context while it decodes.
     */
    static double decodeTokenSeconds(TraceRequest r, ModelProfile p) {
        return p.decodeSecondsPerSequence()
                + p.attentionSecondsPerKvToken() * (r.promptTokens() + r.outputTokens() / 2.0);
    }

    public int engines() {
        return engines;
    }

    @Override
    public String name() {
        return "static-peak";
    }

    @Override
    public String description() {
        return "static " + engines + " replicas, sized for the busiest minute at 70 % busy";
    }

    @Override
    public double scrapeSeconds() {
        return 60;
    }

    @Override
    public double windowSeconds() {
        return 60;
    }

    @Override
    public double tickSeconds() {
        return 15;
    }

    @Override
    public int initialEngines(int minReplicas) {
        return engines;
    }

    @Override
    public int[] decide(ClusterView view) {
        return new int[] {engines, decoders};
    }
}
