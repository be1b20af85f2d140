package dev.omescale.sim.measure;

import dev.omescale.sim.fleet.RequestTable;
import dev.omescale.sim.report.ReportData.BurstReaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Times how a policy answered the workload's bursts: the reaction chain of {@code autoscaling-sota.md} §5 (burst
 * onset → first scale-up decision → its pods ready → p95 TTFT back under the SLO; burst end → capacity released),
 * as a {@link BurstReaction}.
 *
 * <p>Bursts come from the arrivals alone, so every policy is timed from the same moments: in 10 s bins of prompt
 * tokens, a burst begins where the token rate over the last 30 s reaches twice its mean over the five minutes before
 * (and a quarter of the run's highest 30 s rate, so that noise on a near-idle load is no burst), and ends where it
 * falls back under twice that mean. A slow ramp is no burst: its rate never doubles within five minutes. The chain
 * starts at the onset: a scale-up asked for before it (only the clairvoyant {@code oracle} does that) is not timed
 * as the answer, so the oracle's decision and ready times are those of its next scale-up, if any.
 */
public final class BurstReactions {
    static final double BIN = 10;
    static final int RATE_BINS = 3;
    static final int BASELINE_BINS = 30;
    static final double FACTOR = 2;
    static final double MIN_SHARE_OF_PEAK = 0.25;
    static final String ENGINE = "engine";
    /** How long after a burst's end its first tokens and the policies' answers to it are still looked for. */
    static final double LATE = 60;

    private BurstReactions() {
    }

    /** One burst: from its onset to its end, in seconds. */
    public record Burst(double onset, double end) {
    }

    /** The bursts of the arrivals in {@code t}. */
    public static List<Burst> bursts(RequestTable t) {
        double[] tokens = promptTokens(t, BIN);
        int n = tokens.length;
        double[] rate = new double[n]; // tokens per second over the 30 s ending with bin b
        double peak = 0;
        for (int b = 0; b < n; b++) {
            double sum = 0;
            for (int k = Math.max(0, b - RATE_BINS + 1); k <= b; k++) {
                sum += tokens[k];
            }
            rate[b] = sum / (RATE_BINS * BIN);
            peak = Math.max(peak, rate[b]);
        }
        List<Burst> out = new ArrayList<>();
        int b = BASELINE_BINS + RATE_BINS;
        while (b < n) {
            double baseline = 0;
            for (int k = b - RATE_BINS - BASELINE_BINS + 1; k <= b - RATE_BINS; k++) {
                baseline += tokens[k];
            }
            baseline /= BASELINE_BINS * BIN;
            if (rate[b] >= FACTOR * baseline && rate[b] >= MIN_SHARE_OF_PEAK * peak && rate[b] > 0) {
                // the onset is the first bin of the 30 s that carried the rise
                int first = b;
                while (first > b - RATE_BINS + 1 && tokens[first - 1] / BIN >= FACTOR * baseline) {
                    first--;
                }
                int e = b + 1;
                while (e < n && rate[e] >= FACTOR * baseline) {
                    e++;
                }
                out.add(new Burst(first * BIN, e * BIN));
                b = e + 1;
            } else {
                b++;
            }
        }
        return out;
    }

    /** Prompt tokens arriving in each {@code binSeconds} from 0 to the last arrival. */
    public static double[] promptTokens(RequestTable t, double binSeconds) {
        double last = 0;
        for (int i = 0; i < t.size(); i++) {
            last = Math.max(last, t.arrival(i));
        }
        double[] tokens = new double[(int) (last / binSeconds) + 1];
        for (int i = 0; i < t.size(); i++) {
            tokens[(int) (t.arrival(i) / binSeconds)] += t.prompt(i);
        }
        return tokens;
    }

    /**
     * The chain for {@code bursts} from a run's engine scale events and its series: at each of {@code times}, the
     * ready engine pods, and the p95 TTFT of the requests whose first token came in the interval starting then.
     */
    public static BurstReaction measure(List<Burst> bursts, List<ScaleEvent> events, double[] times, int[] ready,
                                   double[] ttftP95, double sloTtft) {
        if (bursts.isEmpty()) {
            return BurstReaction.NONE;
        }
        Mean decision = new Mean();
        Mean readyAt = new Mean();
        Mean recovered = new Mean();
        Mean released = new Mean();
        for (int b = 0; b < bursts.size(); b++) {
            Burst burst = bursts.get(b);
            double next = b + 1 < bursts.size() ? bursts.get(b + 1).onset() : Double.POSITIVE_INFINITY;
            // signals are windowed, so a policy may see a short burst only after it ended: its answer may come a
            // minute later, but not once the next burst has begun
            ScaleEvent up = first(events, burst.onset(), Math.min(burst.end() + LATE, next), 1);
            if (up != null) {
                decision.add(up.timeSeconds() - burst.onset());
                for (int i = 0; i < times.length; i++) {
                    if (times[i] >= up.timeSeconds() && ready[i] >= up.to()) {
                        readyAt.add(times[i] - burst.onset());
                        break;
                    }
                }
            }
            recovered.add(recovery(burst, times, ttftP95, sloTtft));
            ScaleEvent down = first(events, burst.end(), next, -1);
            if (down != null) {
                released.add(down.timeSeconds() - burst.end());
            }
        }
        return new BurstReaction(bursts.size(), decision.value(), readyAt.value(), recovered.value(),
                released.value());
    }

    /** The first engine event in {@code [from, to)} moving in {@code direction}, or null. */
    private static ScaleEvent first(List<ScaleEvent> events, double from, double to, int direction) {
        for (ScaleEvent e : events) {
            if (e.component().equals(ENGINE) && e.timeSeconds() >= from && e.timeSeconds() < to
                    && e.direction() == direction) {
                return e;
            }
        }
        return null;
    }

    /**
     * Onset → the start of the first interval, after p95 TTFT went over the SLO during the burst, whose p95 is back
     * within it; 0 when it never went over during the burst; NaN when it never came back. An interval without a
     * first token while over does not count as back.
     */
    private static double recovery(Burst burst, double[] times, double[] p95, double slo) {
        boolean over = false;
        for (int i = 0; i < times.length; i++) {
            if (times[i] + intervalAfter(times, i) <= burst.onset()) {
                continue;
            }
            double v = p95[i];
            if (!over) {
                // first tokens of the burst's last requests come after it: look a minute past its end
                if (times[i] >= burst.end() + LATE) {
                    return 0;
                }
                over = !Double.isNaN(v) && v > slo;
            } else if (!Double.isNaN(v) && v <= slo) {
                return Math.max(0, times[i] - burst.onset());
            }
        }
        return over ? Double.NaN : 0;
    }

    private static double intervalAfter(double[] times, int i) {
        return i + 1 < times.length ? times[i + 1] - times[i] : i > 0 ? times[i] - times[i - 1] : 0;
    }

    /** A mean that ignores what never happened. */
    private static final class Mean {
        private double sum;
        private int n;

        void add(double v) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }

        double value() {
            return n == 0 ? Double.NaN : sum / n;
        }
    }
}
