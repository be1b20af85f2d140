package dev.omescale.sim.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The pods of one component (engine or decoder): creation with a start-up delay, readiness, routing to the ready pod
 * with the fewest outstanding requests, and scale-down as Kubernetes does it (pods not ready yet go first, then the
 * newest ready ones, which drain: no new requests, the ones in flight finish, then the pod is released). GPU time
 * counts from creation to release, starting and draining included.
 */
public final class Pool {
    private final Replica.Role role;
    private final ModelProfile profile;
    private final RequestTable requests;
    private final Replica.Handoff handoff;
    private final double startupSeconds;
    private final double startupJitter;
    private final SplittableRandom random;

    /** Pods not yet released, in creation order. */
    private final List<Replica> live = new ArrayList<>();
    private double releasedGpuSeconds;
    /** Requests that arrived while no pod was ready (the gateway holds them). */
    private final IntQueue gateway = new IntQueue();
    private int serial;

    /**
     * @param startupJitter pods take {@code startupSeconds × (1 ± startupJitter)}, uniformly, drawn from {@code seed}
     */
    public Pool(Replica.Role role, ModelProfile profile, RequestTable requests, Replica.Handoff handoff,
                double startupSeconds, double startupJitter, long seed) {
        this.role = role;
        this.profile = profile;
        this.requests = requests;
        this.handoff = handoff;
        this.startupSeconds = startupSeconds;
        this.startupJitter = startupJitter;
        this.random = new SplittableRandom(seed);
    }

    /** Creates {@code count} pods that are ready at {@code now}: the fleet as it stands when a run begins. */
    void startReady(int count, double now) {
        for (int i = 0; i < count; i++) {
            Replica r = new Replica(nextName(), role, profile, requests, handoff, now, now);
            r.ready = true;
            live.add(r);
        }
    }

    /** Sets the replicas (the scale target's spec.replicas) to {@code desired} at {@code now}. */
    public void scaleTo(int desired, double now) {
        int current = current();
        if (desired > current) {
            for (int i = current; i < desired; i++) {
                double delay = startupSeconds * (1 + startupJitter * (2 * random.nextDouble() - 1));
                live.add(new Replica(nextName(), role, profile, requests, handoff, now, now + delay));
            }
        } else if (desired < current) {
            int remove = current - desired;
            // not-ready pods first, newest first
            for (int i = live.size() - 1; i >= 0 && remove > 0; i--) {
                Replica r = live.get(i);
                if (!r.draining && !r.ready) {
                    release(r, now);
                    live.remove(i);
                    remove--;
                }
            }
            for (int i = live.size() - 1; i >= 0 && remove > 0; i--) {
                Replica r = live.get(i);
                if (!r.draining) {
                    r.draining = true;
                    remove--;
                }
            }
        }
    }

    /** spec.replicas: pods not draining. */
    public int current() {
        int c = 0;
        for (Replica r : live) {
            if (!r.draining) {
                c++;
            }
        }
        return c;
    }

    public int ready() {
        int c = 0;
        for (Replica r : live) {
            if (!r.draining && r.ready) {
                c++;
            }
        }
        return c;
    }

    /** Pods serving or able to serve soon, draining ones excluded: what the scaler sees. */
    public List<Replica> pods() {
        List<Replica> out = new ArrayList<>(live.size());
        for (Replica r : live) {
            if (!r.draining) {
                out.add(r);
            }
        }
        return out;
    }

    /** When the next starting pod becomes ready, +Inf when none is starting. */
    double nextReady() {
        double t = Double.POSITIVE_INFINITY;
        for (Replica r : live) {
            if (!r.ready && !r.draining) {
                t = Math.min(t, r.readyAt);
            }
        }
        return t;
    }

    /** Marks pods due by {@code t} ready and gives them what the gateway held. */
    void becomeReady(double t) {
        for (Replica r : live) {
            if (!r.ready && !r.draining && r.readyAt <= t) {
                r.ready = true;
                r.clock = Math.max(r.clock, r.readyAt);
            }
        }
        while (!gateway.isEmpty() && ready() > 0) {
            route(gateway.pop(), t, false);
        }
    }

    void advanceTo(double t) {
        for (int i = 0; i < live.size(); i++) {
            Replica r = live.get(i);
            if (r.ready) {
                r.advanceTo(t);
            }
        }
        for (int i = live.size() - 1; i >= 0; i--) {
            Replica r = live.get(i);
            if (r.draining && r.outstanding() == 0) {
                release(r, Math.min(t, Math.max(r.idleSince == Double.POSITIVE_INFINITY ? t : r.idleSince, r.createdAt)));
                live.remove(i);
            }
        }
    }

    /** Sends a request to the ready pod with the fewest outstanding requests (ties: the oldest pod). */
    void route(int id, double now, boolean kvReady) {
        Replica best = null;
        for (Replica r : live) {
            if (r.ready && !r.draining && (best == null || r.outstanding() < best.outstanding())) {
                best = r;
            }
        }
        if (best == null) {
            if (kvReady) {
                throw new IllegalStateException("a decode request has nowhere to go: keep the decoder at ≥ 1");
            }
            gateway.push(id);
            return;
        }
        if (best.clock < now) {
            best.clock = now; // an idle pod starts the request's first iteration when it arrives
        }
        if (kvReady) {
            best.enqueueWithKv(id);
        } else {
            best.enqueue(id);
        }
    }

    private String nextName() {
        return (role == Replica.Role.DECODE ? "decoder-" : "engine-") + serial++;
    }

    public int gatewayQueue() {
        return gateway.size();
    }

    private void release(Replica r, double at) {
        r.releasedAt = at;
        releasedGpuSeconds += Math.max(0, at - r.createdAt) * profile.gpusPerReplica();
    }

    /** GPU-seconds held up to {@code now}, starting and draining pods included. */
    public double gpuSeconds(double now) {
        double s = releasedGpuSeconds;
        for (Replica r : live) {
            s += Math.max(0, now - r.createdAt) * profile.gpusPerReplica();
        }
        return s;
    }

    public ModelProfile profile() {
        return profile;
    }

    /** A growable FIFO of ints. */
    static final class IntQueue {
        private int[] a = new int[16];
        private int head;
        private int size;

        void push(int v) {
            if (size == a.length) {
                int[] b = new int[a.length * 2];
                for (int i = 0; i < size; i++) {
                    b[i] = a[(head + i) % a.length];
                }
                a = b;
                head = 0;
            }
            a[(head + size) % a.length] = v;
            size++;
        }

        int pop() {
            int v = a[head];
            head = (head + 1) % a.length;
            size--;
            return v;
        }

        boolean isEmpty() {
            return size == 0;
        }

        int size() {
            return size;
        }
    }
}
