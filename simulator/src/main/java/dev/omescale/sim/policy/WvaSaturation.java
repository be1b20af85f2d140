package dev.omescale.sim.policy;

import dev.omescale.sim.fleet.ReplicaSample;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.util.ArrayDeque;

/**
 * llm-d's workload-variant autoscaler, saturation V2 (token based), as autoscaling-sota.md describes it, reconciling
 * every 60 s on Prometheus data scraped every 15 s, actuated by an HPA with the 120 s stabilization its README
 * recommends. Per replica, demand = KV tokens in use + queue × mean prompt tokens; capacity = min(k1, k2) with k1 = 80 %
 * of the KV cache and k2 the rolling mean (10 samples) of tokens in use on replicas seen saturated (queue ≥ 5).
 * Required = demand / 0.85 − supply (pending replicas count as supply): scale up by the replicas that covers, never
 * while replicas are pending; scale down by one when supply − demand / 0.70 exceeds one replica's capacity.
 */
public final class WvaSaturation implements Autoscaler {
    private final ArrayDeque<Double> saturatedTokens = new ArrayDeque<>();
    private final ArrayDeque<double[]> recent = new ArrayDeque<>();

    @Override
    public String name() {
        return "llm-d-wva";
    }

    @Override
    public String description() {
        return "llm-d WVA saturation V2 (tokens): up at demand/0.85 over supply, down at supply − demand/0.70 > one "
                + "replica, 60 s reconcile, HPA 120 s stabilization";
    }

    @Override
    public double scrapeSeconds() {
        return 15;
    }

    @Override
    public double windowSeconds() {
        return 60;
    }

    @Override
    public double tickSeconds() {
        return 60;
    }

    @Override
    public int[] decide(ClusterView view) {
        ComponentView c = view.engine();
        int current = c.current();
        if (c.latest().isEmpty()) {
            return new int[] {current, view.decoder() == null ? 0 : view.decoder().current()};
        }
        Double prompt = c.signal(SignalCatalog.PROMPT_TOKEN_RATE);
        Double requests = c.signal(SignalCatalog.REQUEST_RATE);
        double avgInput = prompt != null && requests != null && requests > 0 ? prompt / requests : 1024;
        double demand = 0;
        for (ReplicaSample s : c.latest()) {
            demand += s.kvTokens() + s.waiting() * avgInput;
            if (s.waiting() >= 5) {
                saturatedTokens.addLast((double) s.kvTokens() + s.waiting() * avgInput);
                if (saturatedTokens.size() > 10) {
                    saturatedTokens.removeFirst();
                }
            }
        }
        double k1 = view.profile().kvCacheTokens() * 0.8;
        double capacity = k1;
        if (!saturatedTokens.isEmpty()) {
            double sum = 0;
            for (double v : saturatedTokens) {
                sum += v;
            }
            capacity = Math.min(k1, Math.max(1, sum / saturatedTokens.size()));
        }
        double supply = current * capacity;
        int rec = current;
        double required = demand / 0.85 - supply;
        if (required > 0) {
            if (c.starting() == 0) {
                rec = current + (int) Math.ceil(required / capacity);
            }
        } else if (current > 1 && supply - demand / 0.70 > capacity) {
            rec = current - 1;
        }
        double now = view.nowSeconds();
        recent.addLast(new double[] {now, rec});
        while (!recent.isEmpty() && recent.peekFirst()[0] < now - 120) {
            recent.removeFirst();
        }
        int out = rec;
        if (rec < current) {
            double highest = rec;
            for (double[] e : recent) {
                highest = Math.max(highest, e[1]);
            }
            out = (int) Math.min(current, highest);
        }
        return new int[] {out, view.decoder() == null ? 0 : view.decoder().current()};
    }
}
