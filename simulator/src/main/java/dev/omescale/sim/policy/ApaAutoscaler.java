package dev.omescale.sim.policy;

import dev.omescale.telemetry.signal.SignalCatalog;
import java.util.ArrayDeque;

/**
 * AIBrix's APA (PodAutoscaler scalingStrategy APA) on KV cache utilization, with its annotation defaults: resync
 * 10 s, pod metrics averaged over pods and over the 60 s window, {@code r = value / target}; above {@code 1 + 0.1}
 * it scales to {@code min(ceil(current × r), ceil(2 × current))}, below {@code 1 − 0.1} to
 * {@code max(ceil(current × r), floor(current / 2))}; a 300 s scale-down cooldown keeps the highest recommendation of
 * that window (as the HPA's stabilization does), scale-up has none.
 */
public final class ApaAutoscaler implements Autoscaler {
    private final double target;
    private final ArrayDeque<double[]> recent = new ArrayDeque<>(); // {time, recommendation}

    public ApaAutoscaler(double target) {
        this.target = target;
    }

    @Override
    public String name() {
        return "aibrix-apa-kv";
    }

    @Override
    public String description() {
        return "AIBrix APA on kv_cache_utilization target " + target + ", tolerance 0.1, up ×2, down ÷2, "
                + "300 s down cooldown, 10 s resync";
    }

    @Override
    public double scrapeSeconds() {
        return 10;
    }

    @Override
    public double windowSeconds() {
        return 60;
    }

    @Override
    public double tickSeconds() {
        return 10;
    }

    @Override
    public int[] decide(ClusterView view) {
        return new int[] {decide(view.engine(), view.nowSeconds()),
            view.decoder() == null ? 0 : view.decoder().current()};
    }

    int decide(ComponentView c, double now) {
        int current = c.current();
        Double kv = c.signal(SignalCatalog.KV_CACHE_UTILIZATION);
        if (kv == null) {
            return current;
        }
        double r = kv / target;
        int rec = current;
        if (r > 1.1) {
            rec = (int) Math.min(Math.ceil(current * r), Math.ceil(2.0 * current));
        } else if (r < 0.9) {
            rec = (int) Math.max(Math.ceil(current * r), Math.floor(current / 2.0));
        }
        recent.addLast(new double[] {now, rec});
        while (!recent.isEmpty() && recent.peekFirst()[0] < now - 300) {
            recent.removeFirst();
        }
        if (rec >= current) {
            return rec;
        }
        double highest = rec;
        for (double[] e : recent) {
            highest = Math.max(highest, e[1]);
        }
        return (int) Math.min(current, highest);
    }
}
