package dev.omescale.sim.fleet;

import java.util.Arrays;

/**
 * The modelled InferenceService: an engine pool, and for prefill/decode disaggregation a decoder pool fed by KV
 * transfers. The caller moves time forward with {@link #advanceTo} and hands in arrivals at their times; the fleet
 * processes its own events (pods becoming ready, KV transfers landing) in time order in between.
 *
 * <p>Why the order is exact: engines never depend on decoders, so engines are advanced first, which yields every
 * transfer that lands by then; decoders then take those transfers at their landing times.
 */
public final class Fleet {
    private final RequestTable requests;
    private final Pool engine;
    private final Pool decoder;
    private double now;

    // pending KV transfers: a binary min-heap on landing time
    private double[] hTime = new double[64];
    private int[] hId = new int[64];
    private int hSize;

    /**
     * @param decoderReplicas 0 for a unified engine; otherwise the decoder pool's initial size, and the engine prefills
     */
    public Fleet(ModelProfile profile, RequestTable requests, int engineReplicas, int decoderReplicas,
                 double startupSeconds, double startupJitter, long seed) {
        this.requests = requests;
        boolean pd = decoderReplicas > 0;
        this.engine = new Pool(pd ? Replica.Role.PREFILL : Replica.Role.UNIFIED, profile, requests, this::landLater,
                startupSeconds, startupJitter, seed);
        this.decoder = pd ? new Pool(Replica.Role.DECODE, profile, requests, null, startupSeconds, startupJitter,
                seed ^ 0x9E3779B97F4A7C15L) : null;
        engine.startReady(engineReplicas, 0);
        if (pd) {
            decoder.startReady(decoderReplicas, 0);
        }
    }

    public Pool engine() {
        return engine;
    }

    /** The decoder pool, or null for a unified engine. */
    public Pool decoder() {
        return decoder;
    }

    public RequestTable requests() {
        return requests;
    }

    public double now() {
        return now;
    }

    /** A request arrives now: too long for the model, it is dropped; else the engine router takes it. */
    public void arrive(int id) {
        ModelProfile p = engine.profile();
        if ((long) requests.prompt[id] + requests.output[id] > p.maxModelTokens()
                || requests.prompt[id] + 1L > p.kvCacheTokens()) {
            requests.drop(id, now);
            return;
        }
        engine.route(id, now, false);
    }

    public void advanceTo(double t) {
        if (t < now) {
            throw new IllegalArgumentException("time runs forward: asked to go back from " + now + " to " + t);
        }
        // engines, with their own readiness events in order
        for (double r = engine.nextReady(); r <= t; r = engine.nextReady()) {
            engine.advanceTo(r);
            engine.becomeReady(r);
        }
        engine.advanceTo(t);
        if (decoder != null) {
            while (true) {
                double landing = hSize > 0 ? hTime[0] : Double.POSITIVE_INFINITY;
                double ready = decoder.nextReady();
                double next = Math.min(landing, ready);
                if (next > t) {
                    break;
                }
                decoder.advanceTo(next);
                if (ready <= landing) {
                    decoder.becomeReady(ready);
                } else {
                    int id = hId[0];
                    pop();
                    decoder.route(id, next, true);
                }
            }
            decoder.advanceTo(t);
        }
        now = t;
    }

    /** The earliest event the fleet has scheduled on its own after now, +Inf when none. */
    public double nextInternalEvent() {
        double t = engine.nextReady();
        if (decoder != null) {
            t = Math.min(t, decoder.nextReady());
            if (hSize > 0) {
                t = Math.min(t, hTime[0]);
            }
        }
        return t;
    }

    public double gpuSeconds(double at) {
        return engine.gpuSeconds(at) + (decoder == null ? 0 : decoder.gpuSeconds(at));
    }

    /** Requests in KV transfer between prefill and decode now. */
    public int transfersInFlight() {
        return hSize;
    }

    private void landLater(int id, double at) {
        if (hSize == hTime.length) {
            hTime = Arrays.copyOf(hTime, hSize * 2);
            hId = Arrays.copyOf(hId, hSize * 2);
        }
        int i = hSize++;
        hTime[i] = at;
        hId[i] = id;
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (earlier(parent, i)) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void pop() {
        hSize--;
        hTime[0] = hTime[hSize];
        hId[0] = hId[hSize];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < hSize && earlier(l, m)) {
                m = l;
            }
            if (r < hSize && earlier(r, m)) {
                m = r;
            }
            if (m == i) {
                return;
            }
            swap(i, m);
            i = m;
        }
    }

    /** Ties by request id, so equal landing times replay identically. */
    private boolean earlier(int a, int b) {
        return hTime[a] < hTime[b] || (hTime[a] == hTime[b] && hId[a] < hId[b]);
    }

    private void swap(int a, int b) {
        double t = hTime[a];
        hTime[a] = hTime[b];
        hTime[b] = t;
        int x = hId[a];
        hId[a] = hId[b];
        hId[b] = x;
    }
}
