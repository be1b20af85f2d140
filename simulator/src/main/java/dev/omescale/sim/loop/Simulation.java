package dev.omescale.sim.loop;

import dev.omescale.sim.fleet.Fleet;
import dev.omescale.sim.fleet.Pool;
import dev.omescale.sim.fleet.Replica;
import dev.omescale.sim.fleet.ReplicaSample;
import dev.omescale.sim.fleet.RequestTable;
import dev.omescale.sim.measure.Measures;
import dev.omescale.sim.measure.RunResult;
import dev.omescale.sim.measure.ScaleEvent;
import dev.omescale.sim.policy.Autoscaler;
import dev.omescale.sim.policy.ClusterView;
import dev.omescale.sim.policy.ComponentView;
import dev.omescale.sim.report.ReportData.PolicyRun;
import dev.omescale.sim.report.ReportData.PolicySummary;
import dev.omescale.sim.workload.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One policy replayed against one workload on a virtual clock. The events, in time order: arrivals (routed at
 * once), scrapes (every {@link Autoscaler#scrapeSeconds()}), decisions (every {@link Autoscaler#tickSeconds()},
 * written to the scale targets at once, clamped to the shared bounds), report samples; between them the fleet runs on
 * its own ({@link Fleet}). Deterministic: the seed only jitters pod start-up times.
 */
public final class Simulation {
    /** Virtual time zero as an epoch instant, for the engine's Instants. */
    public static final long EPOCH_MILLIS_AT_ZERO = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    /** metrics-server's resolution: cpu usage is averaged over this. */
    static final double METRICS_SERVER_WINDOW = 15;

    private final Workload workload;
    private final Autoscaler autoscaler;
    private final SimulationSettings s;
    private final long seed;

    public Simulation(Workload workload, Autoscaler autoscaler, SimulationSettings settings, long seed) {
        this.workload = workload;
        this.autoscaler = autoscaler;
        this.s = settings;
        this.seed = seed;
    }

    public RunResult run() {
        RequestTable t = new RequestTable(workload.requests());
        Fleet fleet = new Fleet(s.profile(), t,
                Math.max(s.minReplicas(), Math.min(s.maxReplicas(), autoscaler.initialEngines(s.minReplicas()))), s.decoderReplicas(), s.startupSeconds(),
                s.startupJitter(), seed);
        ComponentTelemetry engineTel = new ComponentTelemetry("default", "sim", "engine", autoscaler.windowSeconds());
        ComponentTelemetry decoderTel = s.disaggregated()
                ? new ComponentTelemetry("default", "sim", "decoder", autoscaler.windowSeconds()) : null;
        CpuMeter cpu = new CpuMeter();
        List<ScaleEvent> events = new ArrayList<>();

        double end = Math.max(workload.durationSeconds(), t.size() == 0 ? 0 : t.arrival(t.size() - 1))
                + s.tailSeconds();
        int bins = (int) Math.floor(end / s.sampleSeconds());
        double[] times = new double[bins];
        double[] queue = new double[bins];
        int[] eReady = new int[bins];
        int[] eTotal = new int[bins];
        int[] dReady = new int[bins];
        int[] dTotal = new int[bins];

        double scrape = autoscaler.scrapeSeconds();
        double tick = autoscaler.tickSeconds();
        long scrapes = 1;
        long ticks = 1;
        int sample = 0;
        int next = 0;
        while (true) {
            double tArrival = next < t.size() ? t.arrival(next) : Double.POSITIVE_INFINITY;
            double tScrape = scrapes * scrape;
            double tTick = ticks * tick;
            double tSample = sample < bins ? (sample + 1) * s.sampleSeconds() : Double.POSITIVE_INFINITY;
            double at = Math.min(Math.min(tArrival, tScrape), Math.min(tTick, tSample));
            if (at > end) {
                break;
            }
            fleet.advanceTo(at);
            if (at == tArrival) {
                fleet.arrive(next++);
            } else if (at == tScrape) {
                engineTel.scrape(fleet.engine(), at);
                if (decoderTel != null) {
                    decoderTel.scrape(fleet.decoder(), at);
                }
                cpu.sample(fleet.engine(), at);
                scrapes++;
            } else if (at == tTick) {
                ClusterView view = new ClusterView(at, view(fleet.engine(), engineTel, cpu),
                        decoderTel == null ? null : view(fleet.decoder(), decoderTel, null), s.profile());
                int[] desired = autoscaler.decide(view);
                apply(fleet.engine(), "engine", desired[0], s.minReplicas(), s.maxReplicas(), at, events);
                if (decoderTel != null) {
                    apply(fleet.decoder(), "decoder", desired[1], s.decoderReplicas(), s.maxDecoders(), at, events);
                }
                ticks++;
            } else {
                times[sample] = at;
                int waiting = fleet.engine().gatewayQueue();
                for (Replica r : fleet.engine().pods()) {
                    waiting += r.waiting();
                }
                queue[sample] = waiting;
                eReady[sample] = fleet.engine().ready();
                eTotal[sample] = fleet.engine().current();
                if (fleet.decoder() != null) {
                    dReady[sample] = fleet.decoder().ready();
                    dTotal[sample] = fleet.decoder().current();
                }
                sample++;
            }
        }
        fleet.advanceTo(end);

        double[] arrivals = new double[bins];
        double[] ttftP95 = binnedP95(t, times, s.sampleSeconds(), true);
        double[] itlP95 = binnedP95(t, times, s.sampleSeconds(), false);
        for (int i = 0; i < t.size(); i++) {
            int b = (int) (t.arrival(i) / s.sampleSeconds());
            if (b < bins) {
                arrivals[b] += 1 / s.sampleSeconds();
            }
        }
        PolicyRun series = new PolicyRun(autoscaler.name(), times, arrivals, eReady, eTotal, dReady, dTotal,
                ttftP95, itlP95, queue);
        PolicySummary summary = Measures.summarize(autoscaler.name(), t, s.sloTtftSeconds(), s.sloItlSeconds(),
                fleet.gpuSeconds(end), events, times, eReady, ttftP95);
        return new RunResult(autoscaler.name(), seed, summary, series, events, end);
    }

    private static void apply(Pool pool, String component, int desired, int min, int max, double at,
                              List<ScaleEvent> events) {
        int clamped = Math.max(min, Math.min(max, desired));
        int current = pool.current();
        if (clamped != current) {
            events.add(new ScaleEvent(at, component, current, clamped));
            pool.scaleTo(clamped, at);
        }
    }

    private static ComponentView view(Pool pool, ComponentTelemetry tel, CpuMeter cpu) {
        List<ComponentView.PodState> states = new ArrayList<>();
        for (Replica r : pool.pods()) {
            states.add(new ComponentView.PodState(r.name(), r.createdAt(), r.isReady() ? r.readyAt() : Double.NaN,
                    cpu == null ? Double.NaN : cpu.cores(r.name())));
        }
        List<ReplicaSample> latest = tel.latest();
        return new ComponentView(pool.current(), pool.ready(), tel.componentSignals(EPOCH_MILLIS_AT_ZERO),
                tel.podSignals(EPOCH_MILLIS_AT_ZERO), latest, states);
    }

    /** p95 per report interval of TTFT (by first-token time) or TPOT (by finish time); NaN for empty intervals. */
    private static double[] binnedP95(RequestTable t, double[] times, double step, boolean ttft) {
        int bins = times.length;
        int[] counts = new int[bins];
        int[] bin = new int[t.size()];
        for (int i = 0; i < t.size(); i++) {
            double at = ttft ? t.arrival(i) + t.ttft(i) : t.finish(i);
            double v = ttft ? t.ttft(i) : t.tpot(i);
            int b = Double.isNaN(at) || Double.isNaN(v) ? -1 : (int) (at / step);
            bin[i] = b < bins ? b : -1;
            if (bin[i] >= 0) {
                counts[bin[i]]++;
            }
        }
        double[][] values = new double[bins][];
        for (int b = 0; b < bins; b++) {
            values[b] = new double[counts[b]];
        }
        int[] fill = new int[bins];
        for (int i = 0; i < t.size(); i++) {
            if (bin[i] >= 0) {
                values[bin[i]][fill[bin[i]]++] = ttft ? t.ttft(i) : t.tpot(i);
            }
        }
        double[] out = new double[bins];
        for (int b = 0; b < bins; b++) {
            double[] v = values[b];
            if (v.length == 0) {
                out[b] = Double.NaN;
            } else {
                Arrays.sort(v);
                out[b] = v[Math.max(0, (int) Math.ceil(0.95 * v.length) - 1)];
            }
        }
        return out;
    }

    /** metrics-server: per pod, CPU cores used over its window, from cumulative CPU seconds (cAdvisor). */
    static final class CpuMeter {
        private final Map<String, double[]> last = new HashMap<>(); // name -> {time, coreSeconds, cores}

        void sample(Pool pool, double now) {
            Map<String, double[]> seen = new HashMap<>();
            for (Replica r : pool.pods()) {
                double used = r.sample(now).cpuCoreSeconds();
                double[] prev = last.get(r.name());
                double cores = Double.NaN;
                if (prev != null && now - prev[0] >= METRICS_SERVER_WINDOW - 1e-9) {
                    cores = (used - prev[1]) / (now - prev[0]);
                    seen.put(r.name(), new double[] {now, used, cores});
                } else if (prev != null) {
                    seen.put(r.name(), prev);
                } else {
                    seen.put(r.name(), new double[] {now, used, Double.NaN});
                }
            }
            last.clear();
            last.putAll(seen);
        }

        double cores(String pod) {
            double[] v = last.get(pod);
            return v == null ? Double.NaN : v[2];
        }
    }
}
