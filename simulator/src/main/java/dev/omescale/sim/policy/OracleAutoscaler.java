package dev.omescale.sim.policy;

import dev.omescale.sim.fleet.ModelProfile;
import dev.omescale.sim.workload.TraceRequest;
import dev.omescale.sim.workload.Workload;

/**
 * The clairvoyant reference of {@code autoscaling-sota.md} §5: a fleet sized with a perfect forecast, against which
 * every real policy's GPU-hours can be read. Not a policy anyone can run: it reads the workload's future arrivals.
 *
 * <p>The workload is cut into 5 s windows; each window needs {@code ceil(work / 5 s / 0.95)} replicas, where work is
 * the GPU time of the requests arriving in it at full batches (prefill: prompt tokens and their share of the steps
 * they fill; decode: each token's own cost, the step's fixed cost shared by a large batch; in a prefill/decode service
 * the engine is sized for prefill and the decoders for decode). At each tick the fleet is the most any window needs
 * from now until one start-up plus a minute ahead: pods are asked for a start-up before they are needed, and none is
 * released that would be needed again before a new one could be ready.
 *
 * <p>A reference, not an exact lower bound: the work model is simple, and the window and busy share were chosen once
 * for every workload, as the cheapest of those tried (windows of 2, 5 and 10 s; busy 0.8 to 1.1) that kept every
 * shipped workload at or above 99.5 % TTFT attainment on the default profile (figures in {@code BENCHMARKS.md});
 * on the 70B profile it reaches 97.7 % on the Azure trace.
 */
public final class OracleAutoscaler implements Autoscaler {
    static final double WINDOW = 5;
    static final double LOOK_AHEAD_BEYOND_STARTUP = 60;
    static final double BUSY = 0.95;
    private final int[] engineNeed;
    private final int[] decoderNeed;
    private final double startup;
    private final int min;
    private final int minDecoders;

    public OracleAutoscaler(Workload w, ModelProfile p, double startupSeconds, int min, int max, int minDecoders,
                            int maxDecoders, boolean disaggregated) {
        double end = w.requests().isEmpty() ? 0 : w.requests().get(w.requests().size() - 1).arrivalSeconds();
        int n = (int) (end / WINDOW) + 1;
        double[] engineWork = new double[n];
        double[] decoderWork = new double[n];
        for (TraceRequest r : w.requests()) {
            int i = (int) (r.arrivalSeconds() / WINDOW);
            if (disaggregated) {
                engineWork[i] += StaticAutoscaler.prefillCost(r, p);
                decoderWork[i] += decodeWork(r, p);
            } else {
                engineWork[i] += StaticAutoscaler.prefillCost(r, p) + decodeWork(r, p);
            }
        }
        this.engineNeed = need(engineWork, min, max);
        this.decoderNeed = disaggregated ? need(decoderWork, minDecoders, maxDecoders) : new int[n];
        this.startup = startupSeconds;
        this.min = min;
        this.minDecoders = Math.max(1, minDecoders);
    }

    /**
     * GPU seconds of a request's decode at full batches: each token's own cost in the step (per sequence and its
     * attention over the context), the step's fixed cost shared by a batch too large to matter.
     */
    static double decodeWork(TraceRequest r, ModelProfile p) {
        return r.outputTokens() * StaticAutoscaler.decodeTokenSeconds(r, p);
    }

    private static int[] need(double[] work, int min, int max) {
        int[] out = new int[work.length];
        for (int i = 0; i < work.length; i++) {
            int k = (int) Math.ceil(work[i] / WINDOW / BUSY - 1e-9);
            out[i] = Math.max(min, Math.min(max, k));
        }
        return out;
    }

    /** The most any window from {@code seconds} to a start-up plus a minute later needs. */
    int engineCountAt(double seconds) {
        return most(engineNeed, seconds, min);
    }

    /** The most any window from {@code seconds} to a start-up plus a minute on needs; past the last, the minimum. */
    private int most(int[] need, double seconds, int floor) {
        int from = (int) Math.max(0, seconds / WINDOW);
        int to = (int) ((seconds + startup + LOOK_AHEAD_BEYOND_STARTUP) / WINDOW);
        int m = floor;
        for (int i = from; i <= to && i < need.length; i++) {
            m = Math.max(m, need[i]);
        }
        return m;
    }

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public String description() {
        return "clairvoyant reference: sized from the future arrivals for the busiest 5 s window of the next start-up "
                + "plus a minute, at 95 % busy (a reference, not a runnable policy)";
    }

    @Override
    public double scrapeSeconds() {
        return 5;
    }

    @Override
    public double windowSeconds() {
        return 60;
    }

    @Override
    public double tickSeconds() {
        return 5;
    }

    @Override
    public int initialEngines(int minReplicas) {
        return engineCountAt(0);
    }

    @Override
    public int[] decide(ClusterView view) {
        double t = view.nowSeconds();
        return new int[] {engineCountAt(t), view.decoder() == null ? 0 : most(decoderNeed, t, minDecoders)};
    }
}
