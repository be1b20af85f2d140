package dev.omescale.sim.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Rate scaling and time compression of a workload.
 *
 * <p>Rate factor f: every request is kept {@code floor(f)} times plus once more with probability
 * {@code f - floor(f)} (a seeded Bernoulli draw per request), so f = 0.5 keeps about half the
 * requests and f = 2 exactly doubles them. Independent thinning and replication keep a Poisson
 * stream Poisson and keep the trace's bursts where they were. A copy keeps the original's token
 * lengths and arrives a uniformly drawn fraction of the gap to the next distinct arrival later
 * (for the last request, of the mean gap), so copies do not pile up on one instant.
 *
 * <p>Time compression c: arrivals and the duration are divided by c, so c = 4 replays an hour in
 * 15 minutes at four times the rate with the same order and token lengths.
 */
final class WorkloadScaling {
    private WorkloadScaling() {
    }

    static Workload scaled(Workload w, double rateFactor, double timeCompression, long seed) {
        if (w == null) {
            throw new IllegalArgumentException("scaled: workload is null; fix: pass a workload to scale");
        }
        if (!(rateFactor > 0) || Double.isInfinite(rateFactor)) {
            throw new IllegalArgumentException("scaling workload " + w.name() + ": rate factor must be finite and > 0, got "
                    + rateFactor + "; fix: use e.g. 2 for twice the requests or 0.5 for half");
        }
        if (!(timeCompression > 0) || Double.isInfinite(timeCompression)) {
            throw new IllegalArgumentException("scaling workload " + w.name() + ": time compression must be finite and > 0, "
                    + "got " + timeCompression + "; fix: use e.g. 4 to replay the trace four times faster, 1 to keep its pace");
        }
        List<TraceRequest> in = w.requests();
        double expected = in.size() * rateFactor;
        if (expected > SyntheticWorkload.MAX_EXPECTED_REQUESTS) {
            throw new IllegalArgumentException("scaling workload " + w.name() + " by " + rateFactor + " would make about "
                    + Math.round(expected) + " requests, more than " + (long) SyntheticWorkload.MAX_EXPECTED_REQUESTS
                    + "; fix: use a smaller rate factor");
        }
        int whole = (int) Math.floor(rateFactor);
        double fraction = rateFactor - whole;
        double meanGap = in.size() > 1
                ? (in.get(in.size() - 1).arrivalSeconds() - in.get(0).arrivalSeconds()) / (in.size() - 1) : 0;
        Random random = new Random(seed);
        List<TraceRequest> out = new ArrayList<>((int) Math.ceil(expected) + 16);
        int nextDistinct = 0;
        for (int i = 0; i < in.size(); i++) {
            TraceRequest r = in.get(i);
            // One stream drawn in request order: the same workload and seed give the same result.
            double keepDraw = random.nextDouble();
            int copies = whole + (keepDraw < fraction ? 1 : 0);
            if (nextDistinct <= i) {
                nextDistinct = i + 1;
                while (nextDistinct < in.size() && in.get(nextDistinct).arrivalSeconds() == r.arrivalSeconds()) {
                    nextDistinct++;
                }
            }
            double gap = nextDistinct < in.size() ? in.get(nextDistinct).arrivalSeconds() - r.arrivalSeconds() : meanGap;
            for (int c = 0; c < copies; c++) {
                double jitter = c == 0 ? 0 : random.nextDouble() * gap;
                out.add(new TraceRequest((r.arrivalSeconds() + jitter) / timeCompression, r.promptTokens(),
                        r.outputTokens()));
            }
        }
        out.sort(Comparator.comparingDouble(TraceRequest::arrivalSeconds));
        double lastArrival = out.isEmpty() ? 0 : out.get(out.size() - 1).arrivalSeconds();
        double duration = Math.max(w.durationSeconds() / timeCompression, lastArrival);
        String name = w.name() + (rateFactor == 1 ? "" : " x" + SyntheticWorkload.number(rateFactor) + " rate")
                + (timeCompression == 1 ? "" : " /" + SyntheticWorkload.number(timeCompression) + " time");
        String description = w.description() + "; scaled: rate x" + SyntheticWorkload.number(rateFactor)
                + ", time compressed /" + SyntheticWorkload.number(timeCompression) + ", seed " + seed
                + " (" + out.size() + " requests from " + in.size() + ")";
        return new Workload(name, description, out, duration);
    }
}
