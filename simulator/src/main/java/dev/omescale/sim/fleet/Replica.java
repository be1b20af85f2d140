package dev.omescale.sim.fleet;

/**
 * One engine pod with continuous batching, advanced on its own clock between the fleet's events.
 *
 * <p>Per iteration (a forward pass): waiting requests are admitted in arrival order while a sequence slot is free and
 * their whole context fits the free KV cache; if the running sequences' next tokens do not fit the KV cache, the newest
 * request is preempted (vLLM's recompute mode: back to the head of the queue, prompt plus generated tokens to prefill
 * again); decoding sequences take one token each from the token budget and prefilling ones take chunks of the rest
 * (chunked prefill). The iteration lasts {@code step + prefill × tokens + decode × sequences + attention × KV tokens
 * decoding}. A prefill that completes emits a token (the first, or the next one after a preemption).
 *
 * <p>Speed: while only decoding goes on and nothing can be admitted, the batch does not change until a request
 * finishes, so those iterations run as a tight loop over two numbers and the sequences are updated once at the end.
 * All state is in primitive arrays.
 */
public final class Replica {
    /** What the replica serves. */
    public enum Role { UNIFIED, PREFILL, DECODE }

    /** Receives requests whose prefill finished on a {@link Role#PREFILL} replica. */
    public interface Handoff {
        void handoff(int request, double atSeconds);
    }

    final Role role;
    private final ModelProfile p;
    private final RequestTable req;
    private final Handoff handoff;

    private final String name;
    final double createdAt;
    double readyAt;
    boolean ready;
    boolean draining;
    double releasedAt = Double.NaN;
    double clock;
    /** When the replica last ran out of work, +Inf while it has some: a drained pod is released then. */
    double idleSince = Double.POSITIVE_INFINITY;

    // running sequences, in admission order
    private int[] sId;
    private int[] sNeed;
    private int[] sLeft;
    private long[] sKv;
    private double[] sLast;
    private int[] sChunk;
    private int n;

    // waiting queue (ring): id for a request to prefill, -(id + 1) for a decode request whose KV arrived
    private int[] wq = new int[64];
    private int wHead;
    private int wSize;

    private long kvUsed;

    // an open decode-only run (see bulkDecode)
    private boolean bulkOpen;
    private long bulkSteps;
    private long bulkMax;
    private long bulkKv;
    private double bulkBase;

    // cumulative counters, as /metrics exposes them
    long finished;
    long promptTokens;
    long generationTokens;
    long arrived;
    long preempted;
    double busySeconds;
    final LatencyHistogram ttft = new LatencyHistogram(LatencyHistogram.TTFT_BOUNDS);
    final LatencyHistogram itl = new LatencyHistogram(LatencyHistogram.ITL_BOUNDS);

    Replica(String name, Role role, ModelProfile p, RequestTable req, Handoff handoff, double createdAt,
            double readyAt) {
        this.name = name;
        this.role = role;
        this.p = p;
        this.req = req;
        this.handoff = handoff;
        this.createdAt = createdAt;
        this.readyAt = readyAt;
        this.clock = readyAt;
        int cap = Math.min(p.maxSequences(), 64);
        sId = new int[cap];
        sNeed = new int[cap];
        sLeft = new int[cap];
        sKv = new long[cap];
        sLast = new double[cap];
        sChunk = new int[cap];
    }

    public int running() {
        return n;
    }

    public int waiting() {
        return wSize;
    }

    public int outstanding() {
        return n + wSize;
    }

    public double kvUtilization() {
        return (double) kvTokensUsed() / p.kvCacheTokens();
    }

    public long kvTokensUsed() {
        return kvUsed + (bulkOpen ? (long) n * bulkSteps : 0);
    }

    /** Queues a request that needs its prefill computed here. */
    void enqueue(int id) {
        closeBulk();
        arrived++;
        pushBack(id);
    }

    /** Queues a request whose prompt KV was transferred from a prefill replica. */
    void enqueueWithKv(int id) {
        closeBulk();
        arrived++;
        pushBack(-(id + 1));
    }

    /** Runs iterations until the clock reaches {@code t} or there is nothing to do. */
    void advanceTo(double t) {
        if (n > 0 || wSize > 0) {
            idleSince = Double.POSITIVE_INFINITY;
        }
        while (clock < t) {
            if (bulkOpen) {
                bulkDecode(t);
                continue;
            }
            admit();
            if (n == 0) {
                if (wSize > 0) {
                    // nothing runs and the head still does not fit: it never will
                    int e = popFront();
                    req.drop(e >= 0 ? e : -e - 1, clock);
                    continue;
                }
                idleSince = Math.min(idleSince, clock);
                clock = t;
                return;
            }
            preemptIfFull();
            if (bulkPossible()) {
                bulkDecode(t);
            } else {
                iterate();
            }
        }
    }

    private void admit() {
        while (wSize > 0 && n < p.maxSequences()) {
            int e = wq[wHead];
            boolean kvReady = e < 0;
            int id = kvReady ? -e - 1 : e;
            long context = (long) req.prompt[id] + req.generated[id];
            if (kvUsed + context + 1 > p.kvCacheTokens()) {
                return; // head of line waits for KV; vLLM's FCFS scheduler does the same
            }
            popFront();
            grow();
            sId[n] = id;
            sNeed[n] = kvReady ? 0 : (int) context;
            sLeft[n] = req.output[id] - req.generated[id];
            sKv[n] = context;
            sLast[n] = clock;
            kvUsed += context;
            n++;
            if (kvReady && req.generated[id] == 0) {
                // the prefill replica's first token reaches the user through this decoder
                emitFirstToken(id);
                req.generated[id] = 1;
                sLeft[n - 1]--;
                generationTokens++;
                if (sLeft[n - 1] == 0) {
                    finishSlot(n - 1);
                    compact();
                }
            }
        }
    }

    private void preemptIfFull() {
        int decoding = 0;
        for (int i = 0; i < n; i++) {
            if (sNeed[i] == 0) {
                decoding++;
            }
        }
        while (n > 1 && kvUsed + decoding > p.kvCacheTokens()) {
            int last = n - 1;
            int id = sId[last];
            if (sNeed[last] == 0) {
                decoding--;
            }
            kvUsed -= sKv[last];
            req.preemptions[id]++;
            preempted++;
            n--;
            pushFront(id); // recompute: prefill prompt + generated again
        }
    }

    private boolean bulkPossible() {
        if (role == Role.PREFILL) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (sNeed[i] != 0) {
                return false;
            }
        }
        if (wSize > 0 && n < p.maxSequences()) {
            int e = wq[wHead];
            int id = e < 0 ? -e - 1 : e;
            if (kvUsed + req.prompt[id] + req.generated[id] + 1 <= p.kvCacheTokens()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decode-only iterations with an unchanging batch: stops before anyone finishes or the KV cache fills. The run is
     * kept open across calls ({@link #bulkSteps}), so a replica whose batch does not change costs a few arithmetic
     * operations per iteration however often the fleet's clock stops; the sequences are updated when it closes.
     */
    private void bulkDecode(double t) {
        if (!bulkOpen) {
            int minLeft = Integer.MAX_VALUE;
            long kvDecoding = 0;
            for (int i = 0; i < n; i++) {
                minLeft = Math.min(minLeft, sLeft[i]);
                kvDecoding += sKv[i];
            }
            long kvRoom = (p.kvCacheTokens() - kvUsed) / n;
            bulkMax = Math.min(minLeft - 1L, kvRoom);
            if (bulkMax <= 0) {
                iterate();
                return;
            }
            bulkOpen = true;
            bulkSteps = 0;
            bulkKv = kvDecoding;
            bulkBase = p.stepSeconds() + p.decodeSecondsPerSequence() * n;
        }
        double attn = p.attentionSecondsPerKvToken();
        long k = bulkSteps;
        double c = clock;
        double busy = busySeconds;
        while (k < bulkMax && c < t) {
            double dt = bulkBase + attn * (bulkKv + k * n);
            c += dt;
            busy += dt;
            itl.observe(dt, n);
            k++;
        }
        clock = c;
        busySeconds = busy;
        bulkSteps = k;
        if (k >= bulkMax) {
            closeBulk();
        }
    }

    /** Applies an open decode run's iterations to its sequences. */
    private void closeBulk() {
        if (!bulkOpen) {
            return;
        }
        bulkOpen = false;
        int steps = (int) bulkSteps;
        for (int i = 0; i < n; i++) {
            sLeft[i] -= steps;
            sKv[i] += steps;
            sLast[i] = clock;
            req.generated[sId[i]] += steps;
        }
        kvUsed += (long) n * steps;
        generationTokens += (long) n * steps;
        bulkSteps = 0;
    }

    private void iterate() {
        int budget = p.maxBatchedTokens();
        int decoding = 0;
        long kvDecoding = 0;
        for (int i = 0; i < n; i++) {
            if (sNeed[i] == 0) {
                decoding++;
                kvDecoding += sKv[i];
            }
        }
        budget -= decoding;
        long prefill = 0;
        for (int i = 0; i < n; i++) {
            int c = 0;
            if (sNeed[i] > 0 && budget > 0) {
                c = Math.min(sNeed[i], budget);
                budget -= c;
                prefill += c;
            }
            sChunk[i] = c;
        }
        double dt = p.stepSeconds() + p.prefillSecondsPerToken() * prefill + p.decodeSecondsPerSequence() * decoding
                + p.attentionSecondsPerKvToken() * kvDecoding;
        clock += dt;
        busySeconds += dt;
        promptTokens += prefill;
        boolean removed = false;
        for (int i = 0; i < n; i++) {
            if (sChunk[i] > 0) {
                sNeed[i] -= sChunk[i];
                if (sNeed[i] == 0) {
                    removed |= prefillDone(i);
                }
            } else if (sNeed[i] == 0) {
                removed |= emitToken(i);
            }
        }
        if (removed) {
            compact();
        }
    }

    /** True when the slot leaves this replica. */
    private boolean prefillDone(int i) {
        int id = sId[i];
        if (role == Role.PREFILL && req.output[id] - req.generated[id] > 1) {
            kvUsed -= sKv[i];
            ttft.observe(clock - req.arrival[id], 1);
            // a vLLM prefill instance runs each request to max_tokens=1 and counts it in request_success_total:
            // the prefill engine's request rate is the rate of requests it prefilled
            finished++;
            sId[i] = -1;
            handoff.handoff(id, clock + p.kvTransferLatencySeconds()
                    + p.kvTransferSecondsPerToken() * req.prompt[id]);
            return true;
        }
        return emitToken(i);
    }

    private boolean emitToken(int i) {
        int id = sId[i];
        if (req.generated[id] == 0) {
            emitFirstToken(id);
        } else {
            itl.observe(clock - sLast[i], 1);
        }
        sLast[i] = clock;
        sLeft[i]--;
        sKv[i]++;
        kvUsed++;
        req.generated[id]++;
        generationTokens++;
        if (sLeft[i] <= 0) {
            finishSlot(i);
            return true;
        }
        return false;
    }

    private void emitFirstToken(int id) {
        req.firstToken[id] = clock;
        if (role != Role.DECODE) {
            ttft.observe(clock - req.arrival[id], 1);
        }
    }

    private void finishSlot(int i) {
        int id = sId[i];
        req.finish[id] = clock;
        finished++;
        kvUsed -= sKv[i];
        sId[i] = -1;
    }

    /** Removes finished and handed-off slots, keeping admission order. */
    private void compact() {
        int w = 0;
        for (int r = 0; r < n; r++) {
            if (sId[r] >= 0) {
                if (w != r) {
                    sId[w] = sId[r];
                    sNeed[w] = sNeed[r];
                    sLeft[w] = sLeft[r];
                    sKv[w] = sKv[r];
                    sLast[w] = sLast[r];
                }
                w++;
            }
        }
        n = w;
    }

    private void grow() {
        if (n < sId.length) {
            return;
        }
        int cap = Math.min(p.maxSequences(), sId.length * 2);
        sId = java.util.Arrays.copyOf(sId, cap);
        sNeed = java.util.Arrays.copyOf(sNeed, cap);
        sLeft = java.util.Arrays.copyOf(sLeft, cap);
        sKv = java.util.Arrays.copyOf(sKv, cap);
        sLast = java.util.Arrays.copyOf(sLast, cap);
        sChunk = java.util.Arrays.copyOf(sChunk, cap);
    }

    private void pushBack(int e) {
        ensureQueue();
        wq[(wHead + wSize) % wq.length] = e;
        wSize++;
    }

    private void pushFront(int e) {
        ensureQueue();
        wHead = (wHead - 1 + wq.length) % wq.length;
        wq[wHead] = e;
        wSize++;
    }

    private int popFront() {
        int e = wq[wHead];
        wHead = (wHead + 1) % wq.length;
        wSize--;
        return e;
    }

    private void ensureQueue() {
        if (wSize < wq.length) {
            return;
        }
        int[] bigger = new int[wq.length * 2];
        for (int i = 0; i < wSize; i++) {
            bigger[i] = wq[(wHead + i) % wq.length];
        }
        wq = bigger;
        wHead = 0;
    }

    /** A scrape at {@code now}. */
    public ReplicaSample sample(double now) {
        closeBulk();
        long[] t = new long[LatencyHistogram.TTFT_BOUNDS.length];
        long[] i = new long[LatencyHistogram.ITL_BOUNDS.length];
        ttft.addCumulative(t);
        itl.addCumulative(i);
        return new ReplicaSample(now, finished, promptTokens, generationTokens, Math.min(busySeconds,
                busySeconds - Math.max(0, clock - now)), cpuCoreSeconds(now), n, wSize, kvUtilization(), kvUsed, t, i);
    }

    public String name() {
        return name;
    }

    public boolean isReady() {
        return ready;
    }

    public double readyAt() {
        return readyAt;
    }

    public double createdAt() {
        return createdAt;
    }

    public Role role() {
        return role;
    }

    public long preempted() {
        return preempted;
    }

    public long finished() {
        return finished;
    }

    /** Cumulative CPU core-seconds at this replica's clock, the counter cAdvisor exposes. */
    double cpuCoreSeconds(double now) {
        double alive = Math.max(0, now - createdAt);
        return p.cpuIdleCores() * alive + p.cpuBusyCores() * busySeconds + p.cpuCoreSecondsPerRequest() * arrived;
    }
}
