package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.ReasonNumbers.num;
import static dev.omescale.scaler.policy.ReasonNumbers.seconds;

import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps each p95 latency target of a component ({@code omescale.dev/slo-ttft-p95}, {@code slo-itl-p95}) met at the
 * fewest replicas, learning the component's capacity as it runs.
 *
 * <p><b>Signals by role</b> ({@link ServingRole}): an engine with a decoder in its service prefills, so it answers
 * for TTFT, its queue and prompt tokens; a decoder answers for ITL, KV cache and generated tokens; an engine without
 * a decoder serves whole requests and answers for both targets that are set. Demand is {@code concurrency}
 * (requests running plus waiting, the quantity that keeps growing when pods fall behind, unlike token throughput,
 * which flattens at capacity); load is demand per ready replica.
 *
 * <p><b>Capacity</b> ({@link CapacityModel}): per target, observed p95 against load per ready replica, learned only
 * when the ready count has been steady for {@code settleTime} and the demand total covers every pod, and fitted as
 * {@code latency = a + b × load}. When the fit is usable (enough load levels, spread, {@code b > 0}, R², and
 * {@code a} below the target), capacity per replica is the load where the line meets {@code headroom × SLO}, capped
 * at {@code maxExtrapolation} × the highest load learned. Otherwise the policy is <i>reactive</i>: it takes the
 * latency now as proportional to load, {@code latency × load' / load}, which is the HPA-style rule "replicas × p95 /
 * target" and errs towards more replicas while latency is under target. While the observed p95 is over its SLO, that
 * reactive count is also a floor under the fitted one, in case the workload has changed faster than the model, and
 * under token sizing one more than the ready pods is; both only once the ready count has been steady for {@code
 * settleTime}: a p95 whose window began before the newest pods were ready describes the smaller fleet and the backlog
 * it built, and escalating on it adds pods for a shortage the new ones already answer.
 *
 * <p><b>Leading signals</b>: demand is projected over the pod start-up time by the steepest straight rising trend of
 * the role's arrival rates ({@link DemandTrend}); KV cache at or over {@code kvSaturated} (roles that hold KV), or a
 * queue of at least one request per ready pod that is longer than at the last tick, means the pods are saturated
 * whatever latency says yet:
 * never fewer than now, and one more than the ready pods.
 *
 * <p><b>Token sizing</b> ({@link TokenCapacity}): once a tick has shown every ready pod with a request waiting (the
 * ready count steady), the processed token rate per replica then is its throughput, and from then on each target
 * is sized on its token rate (prompt tokens for TTFT, generated tokens for ITL) instead of requests in flight:
 * arrivals are the processed rate plus the backlog's growth since the last tick, projected by the trend, plus what
 * drains a standing backlog within one start-up; replicas needed are that over {@code tokenUtilization ×
 * throughput}. A scale-down must keep the projected rate and the recent peak within {@code headroom ×
 * throughput}, and waits while an arrival rate rises by more than the band between the two within a start-up.
 * Requests in flight and the queue stay the saturation floor;
 * a backlog that drains before new pods could be ready asks for none.
 *
 * <p><b>Decision</b>: the replicas needed are {@code ceil(projected demand / capacity)}, the largest over the
 * targets; starting pods are supply already, so pods are added only beyond the current count (ready plus starting).
 * Up is immediate. Down goes to the fewest replicas {@code M} (from the count needed up to {@code N − 1}) for which
 * the consolidation check passes: with {@code M} replicas every target is predicted within {@code headroom × SLO},
 * each observed p95 is within its SLO, {@code kv × N / M} stays under {@code kvScaleDownLimit}, fewer requests wait
 * than there are ready pods, no pod is starting, every pod reported, and no arrival rate rises along a straight
 * trend (R² ≥ {@value #STRAIGHT_TREND_R2}). Going several replicas at once matters after a burst: one per proposal,
 * behind the HPA's scale-down stabilization window, would release one replica per window (five minutes by default)
 * and hold GPUs for most of an hour after a two-minute burst; the window still keeps the highest proposal of its span,
 * so capacity for a recurring burst stays. The policy never proposes
 * 0: going to zero is the scale-to-zero rule's decision after its idle time. Requests in flight 0 with fresh data is
 * real zero load; missing or stale {@code concurrency} is missing data and proposes nothing, and any other missing
 * input only ever blocks a scale-down.
 *
 * <p>Pure: the state goes in and comes out as a value; the proposal is computed from the state as it came in, and
 * this tick's observation is learned into the state that goes out.
 */
public final class SloPolicy implements ScalingPolicy<SloState> {
    private final SloConfig config;
    /**
     * A rising arrival trend this straight (R² of rate against time) holds any scale-down: the load is climbing, not
     * wandering. Under token sizing a less straight one holds it too when it is material: when it projects the rate
     * over one start-up across the band between the scale-down and scale-up thresholds ({@code tokenUtilization /
     * headroom}), so that a pod released now would be needed again by the time a new one could be ready. A smaller
     * rise is the noise of a flat load, which shows short rising "trends" every few minutes; each would renew the
     * HPA's scale-down stabilization window and pin a fleet that a burst left oversized (23 replicas for 4 req/s
     * for the last 25 minutes of a simulated spike when any rise held). The latency rules decide on noisier evidence,
     * and a bursty trace shows short "trends" at every burst that must not pin its fleet either.
     */
    static final double STRAIGHT_TREND_R2 = 0.95;
    private final boolean serviceHasDecoder;

    public SloPolicy() {
        this(SloConfig.DEFAULTS, false);
    }

    /**
     * @param serviceHasDecoder whether the components this policy sees belong to a prefill/decode service, which makes
     *                          the engine a prefill engine
     */
    public SloPolicy(SloConfig config, boolean serviceHasDecoder) {
        this.config = config;
        this.serviceHasDecoder = serviceHasDecoder;
    }

    /** The policy for the components of {@code service}: its engine prefills when it has a decoder. */
    public static SloPolicy forService(ResolvedService service, SloConfig config) {
        return new SloPolicy(config, service.component(ComponentKind.DECODER).isPresent());
    }

    public SloConfig config() {
        return config;
    }

    @Override
    public PolicyKind kind() {
        return PolicyKind.SLO;
    }

    @Override
    public SloState initialState() {
        return SloState.initial();
    }

    /** One target's view at this tick. */
    private record TargetView(LatencySlo slo, double sloSeconds, double target, Double observed,
                              CapacityModel.Fit fit, double[] weights, LatencyLine line, Integer needed,
                              boolean overSlo, boolean escalated, TokenDemand tokens) {
        /** Whether the count comes from the token rate against the learned token capacity. */
        boolean tokenSized() {
            return tokens != null && tokens.capacity().known();
        }
    }

    /**
     * One target's token throughput at this tick.
     *
     * @param processed the token rate the pods processed over the rate window, all pods together
     * @param growth    tokens per second the backlog grew by since the last tick (waiting requests × tokens per
     *                  request): what arrived beyond what was processed
     * @param arrival   {@code processed + growth}, the arrival rate
     * @param projected the arrival rate projected over the start-up by the trend
     * @param capacity  what was learned of a replica's throughput
     * @param peak      the recent peak arrival rate, decayed
     */
    private record TokenDemand(double processed, double growth, double arrival, double drain, double projected,
                               TokenCapacity capacity, double peak) {
    }

    /**
     * Latency as a straight line in load per replica.
     *
     * @param fitted   learned (true) or reactive (false)
     * @param capacity the load per replica at the target
     */
    private record LatencyLine(boolean fitted, double intercept, double slope, double capacity, CapacityModel.Fit fit,
                               double observed, double load) {
        double predict(double load) {
            return intercept + slope * load;
        }

        /** How the line was drawn, for the reason. */
        String text() {
            if (fitted) {
                return "fitted " + seconds(fit.intercept()) + " + " + num(fit.slope()) + " s × load (R² "
                        + num(fit.r2()) + ", " + fit.points() + " load levels " + num(fit.minLoad()) + ".."
                        + num(fit.maxLoad()) + ")";
            }
            String why = fit.usable()
                    ? "the fit puts latency at zero load (" + seconds(fit.intercept()) + ") above the target"
                    : fit.problem();
            return "reactive (" + why + "): " + seconds(observed) + " at " + num(load)
                    + " per replica taken as proportional to load";
        }
    }

    @Override
    public PolicyOutcome<SloState> propose(ComponentInputs in, SloState state) {
        EffectiveComponentSpec spec = in.spec();
        String object = spec.objectName();
        Optional<ServingRole> maybeRole = ServingRole.of(spec.kind(), serviceHasDecoder);
        if (maybeRole.isEmpty()) {
            return new PolicyOutcome<>(Proposal.failed(word(), object + " is a router, which serves no tokens and "
                    + "reports no latency: the slo policy cannot size it; use omescale.dev/policy: hpa or kpa on the "
                    + "router", List.of()), state);
        }
        ServingRole role = maybeRole.get();
        List<LatencySlo> watched = new ArrayList<>(2);
        for (LatencySlo s : role.slos()) {
            if (s.targetSeconds(spec.omescale()) != null) {
                watched.add(s);
            }
        }
        if (watched.isEmpty()) {
            return new PolicyOutcome<>(Proposal.failed(word(), noTargetReason(role, object), List.of()), state);
        }

        Duration age = in.signalAge();
        ComponentSignals fresh = in.freshSignals();
        Instant now = in.now();
        Double demand = read(fresh, SignalCatalog.CONCURRENCY);
        if (demand == null || demand < 0) {
            return new PolicyOutcome<>(Proposal.missing(word(), KpaPolicy.missingReason(in,
                    SignalCatalog.CONCURRENCY, age, "the running and waiting request gauges"),
                    List.of(new InputUsed(SignalCatalog.CONCURRENCY, demand, null, age))), state);
        }
        Double queue = read(fresh, SignalCatalog.QUEUE_LENGTH);
        Double kv = role.watchesKvCache() ? read(fresh, SignalCatalog.KV_CACHE_UTILIZATION) : null;
        int ready = in.readyReplicas();
        int starting = in.startingReplicas();
        int current = in.currentReplicas();
        String partial = SignalCoverage.partial(in.signals(), SignalCatalog.CONCURRENCY);

        long nowMillis = now.toEpochMilli();
        long trendMillis = config.trendWindow().toMillis();
        int previous = state.recent().previous(nowMillis, trendMillis);
        double previousQueue = previous < 0 ? Double.NaN
                : state.recent().value(previous, SloState.LoadSamples.QUEUE);
        // requests per second the waiting queue grew by since the last tick: arrivals beyond what was processed
        double queueGrowth = 0;
        if (queue != null && !Double.isNaN(previousQueue)) {
            long dt = nowMillis - state.recent().timeMillis(previous);
            queueGrowth = Math.max(0, (queue - previousQueue) / (dt / 1000.0));
        }
        Double requestRate = read(fresh, SignalCatalog.REQUEST_RATE);
        SloState.LoadSamples samples = state.recent().with(nowMillis, demand, queue,
                requestRate,
                read(fresh, SignalCatalog.PROMPT_TOKEN_RATE),
                read(fresh, SignalCatalog.GENERATION_TOKEN_RATE), trendMillis);
        DemandTrend.Projection projection = DemandTrend.project(samples, role, now, config);
        double projected = demand * projection.factor();
        double remembered = state.peakAt(now, config.burstMemory());
        // a scale-down must also serve the recent peak: bursts shorter than the start-up recur
        double downDemand = Math.max(projected, remembered);

        boolean steady = steady(state, ready, now);
        List<TargetView> views = new ArrayList<>();
        for (LatencySlo slo : watched) {
            views.add(view(slo, in, fresh, state, demand, projected, ready, queueGrowth, requestRate,
                    projection.factor(), Math.max(current, ready + 1), steady));
        }

        // Up: the most any target needs, then the saturation floors.
        int needed = demand > 0 ? 1 : 0;
        boolean anyOpinion = false;
        for (TargetView v : views) {
            if (v.needed() != null) {
                needed = Math.max(needed, v.needed());
                anyOpinion = true;
            }
        }
        boolean noEvidence = false;
        if (demand > 0 && !anyOpinion) {
            needed = Math.max(needed, current);
            noEvidence = true;
        }
        int saturatedFloor = Math.max(current, ready + 1);
        boolean kvFull = false;
        if (kv != null && kv >= config.kvSaturated()) {
            needed = Math.max(needed, saturatedFloor);
            kvFull = true;
        }
        // saturated: on average at least one request waits per ready pod, and more than at the last tick; a fraction
        // of a request waiting is the wait for the next iteration, which every busy engine shows
        Double queueBefore = null;
        if (queue != null && queue > 0 && queue >= ready && !Double.isNaN(previousQueue) && queue > previousQueue) {
            needed = Math.max(needed, saturatedFloor);
            queueBefore = previousQueue;
        }
        if (partial != null) {
            needed = Math.max(needed, current);
        }

        int proposal;
        Move move;
        Supplier<String> blocker = null;
        if (needed > current) {
            proposal = needed;
            move = Move.UP;
        } else if (needed < current) {
            blocker = downBlocker(views, current, current - 1, ready, starting, partial, queue, kv, role, demand,
                    projected, downDemand);
            if (blocker == null && projection.signal() != null && (projection.r2() >= STRAIGHT_TREND_R2
                    || (tokenSized(views) && projection.factor() >= config.tokenUtilization() / downUtilization()))) {
                // releasing pods on a rising trend only to add them back when it carries on is a flap
                String rising = projection.signal();
                blocker = () -> rising + " is rising";
            }
            if (blocker == null) {
                int fewest = current - 1;
                for (int m = Math.max(1, needed); m < current - 1; m++) {
                    if (downBlocker(views, current, m, ready, starting, partial, queue, kv, role, demand,
                            projected, downDemand) == null) {
                        fewest = m;
                        break;
                    }
                }
                proposal = fewest;
                move = Move.DOWN;
            } else {
                proposal = current;
                move = Move.BLOCKED;
            }
        } else {
            proposal = current;
            move = Move.HOLD;
        }

        Reason reason = new Reason(move, blocker, proposal, current, needed, ready, starting, demand, projected,
                projection, views, kv, role, noEvidence, kvFull, queueBefore, queue, partial, remembered, downDemand);
        SloState next = learn(state, views, samples, demand, ready, steady, partial, now, queue, previousQueue)
                .withPeak(Math.max(demand, remembered), now);
        return new PolicyOutcome<>(Proposal.of(word(), proposal, reason,
                inputs(in, fresh, role, views, demand, queue, kv, age)), next);
    }

    private enum Move {
        UP, DOWN, BLOCKED, HOLD
    }

    /**
     * The numbers the proposal was decided with; the reason text is written from them only when it is read. Every
     * field is a value or an immutable view of this tick, so the text is the same whenever it is written.
     */
    private final class Reason implements Supplier<String> {
        private final Move move;
        private final Supplier<String> blocker;
        private final int proposal;
        private final int current;
        private final int needed;
        private final int ready;
        private final int starting;
        private final double demand;
        private final double projected;
        private final DemandTrend.Projection projection;
        private final List<TargetView> views;
        private final Double kv;
        private final ServingRole role;
        private final boolean noEvidence;
        private final boolean kvFull;
        private final Double queueBefore;
        private final Double queue;
        private final String partial;
        private final double remembered;
        private final double downDemand;

        Reason(Move move, Supplier<String> blocker, int proposal, int current, int needed, int ready, int starting,
               double demand, double projected, DemandTrend.Projection projection, List<TargetView> views, Double kv,
               ServingRole role, boolean noEvidence, boolean kvFull, Double queueBefore, Double queue,
               String partial, double remembered, double downDemand) {
            this.move = move;
            this.blocker = blocker;
            this.proposal = proposal;
            this.current = current;
            this.needed = needed;
            this.ready = ready;
            this.starting = starting;
            this.demand = demand;
            this.projected = projected;
            this.projection = projection;
            this.views = views;
            this.kv = kv;
            this.role = role;
            this.noEvidence = noEvidence;
            this.kvFull = kvFull;
            this.queueBefore = queueBefore;
            this.queue = queue;
            this.partial = partial;
            this.remembered = remembered;
            this.downDemand = downDemand;
        }

        @Override
        public String get() {
            StringBuilder reason = new StringBuilder(512);
            switch (move) {
                case UP -> reason.append("scale up to ").append(proposal);
                case DOWN -> reason.append(proposal == current - 1 ? "scale down one to " : "scale down to ")
                        .append(proposal).append(" (")
                        .append(downSafety(views, current, proposal, kv, role, demand, projected, downDemand))
                        .append(')');
                case BLOCKED -> reason.append("hold ").append(current).append(" (").append(needed)
                        .append(" would do, but ").append(blocker.get()).append(')');
                case HOLD -> reason.append("hold ").append(current);
                default -> throw new IllegalStateException("unknown move " + move);
            }
            TargetView binding = binding(views, proposal, projected);
            reason.append(": ").append(binding.slo().label()).append(" binds");
            reason.append("; demand ").append(num(demand)).append(" in flight");
            if (projection.signal() != null) {
                reason.append(", projected ").append(num(projected)).append(" (")
                        .append(projection.describe(config.startupTime())).append(')');
            }
            reason.append("; supply ").append(ready).append(" ready + ").append(starting).append(" starting");
            for (TargetView v : views) {
                reason.append("; ").append(describe(v));
            }
            String predicted = predictedAt(views, proposal, projected);
            if (!predicted.isEmpty()) {
                reason.append("; predicted at ").append(proposal).append(": ").append(predicted);
            }
            if (remembered > projected && needed < current) {
                reason.append("; recent peak ").append(num(remembered)).append(" in flight (half-life ")
                        .append(seconds(config.burstMemory())).append(") sizes the scale-down");
            }
            if (noEvidence) {
                reason.append("; no latency reading and no learned model yet: holding for lack of evidence");
            }
            if (kvFull) {
                reason.append("; kv_cache_utilization ").append(num(kv)).append(" ≥ ")
                        .append(num(config.kvSaturated()))
                        .append(": pods saturated, one more than the ").append(ready).append(" ready");
            }
            if (queueBefore != null) {
                reason.append("; queue_length rising ").append(num(queueBefore)).append(" → ").append(num(queue))
                        .append(": one more than the ").append(ready).append(" ready");
            }
            if (partial != null) {
                reason.append("; the concurrency total covers only ").append(partial)
                        .append(": a lower bound, never a reason to scale down");
            }
            return reason.toString();
        }
    }

    private TargetView view(LatencySlo slo, ComponentInputs in, ComponentSignals fresh, SloState state,
                            double demand, double projected, int ready, double queueGrowth, Double requestRate,
                            double factor, int saturatedFloor, boolean steady) {
        double sloSeconds = slo.targetSeconds(in.spec().omescale());
        double target = sloSeconds * config.headroom();
        Double observed = read(fresh, slo.signal());
        if (observed != null && observed < 0) {
            observed = null;
        }
        // the learned points' weights now: the fit reads them, and learning this tick's observation reads them again
        double[] weights = state.model(slo).weightsAt(in.now(), config);
        CapacityModel.Fit fit = state.model(slo).fit(weights, config);
        LatencyLine line = line(fit, observed, demand, ready, target);
        Integer needed;
        if (demand == 0) {
            needed = 0;
        } else if (line == null) {
            needed = null;
        } else {
            needed = Math.max(1, ceil(projected / line.capacity()));
        }
        boolean over = observed != null && observed > sloSeconds;
        TokenDemand tokens = tokenDemand(slo, fresh, state, queueGrowth, read(fresh, SignalCatalog.QUEUE_LENGTH),
                requestRate, factor, in.now());
        if (tokens != null && tokens.capacity().known()) {
            // sized on arrivals against what a replica can process: a backlog that drains before new pods are
            // ready asks for none, unlike requests in flight, which a backlog inflates
            needed = demand == 0 ? 0 : Math.max(1, ceil(tokens.projected()
                    / (config.tokenUtilization() * tokens.capacity().perReplica())));
            if (over && steady) {
                // over the SLO below the learned throughput: something else binds; one more than ready at a time
                needed = Math.max(needed, saturatedFloor);
            }
        } else if (over && steady && line != null && line.fitted() && ready >= 1) {
            // the fit may lag a changed workload; the latency itself still says how far off we are
            needed = Math.max(needed, ceil(ready * observed / target));
        }
        return new TargetView(slo, sloSeconds, target, observed, fit, weights, line, needed, over, over && steady,
                tokens);
    }

    /** The token rate {@code slo} is sized by at this tick, or null when the component reports none. */
    private TokenDemand tokenDemand(LatencySlo slo, ComponentSignals fresh, SloState state, double queueGrowth,
                                    Double queue, Double requestRate, double factor, Instant now) {
        Double processed = read(fresh, slo.tokenSignal());
        if (processed == null || processed < 0) {
            return null;
        }
        double growth = 0;
        double drain = 0;
        if (requestRate != null && requestRate > 0) {
            double tokensPerRequest = processed / requestRate;
            growth = queueGrowth * tokensPerRequest;
            double startup = Math.max(1, config.startupTime().toMillis() / 1000.0);
            if (queue != null && queue >= 1) {
                drain = queue * tokensPerRequest / startup;
            }
            // the request rate converts waiting requests to tokens only if it counts this component's requests; an
            // exporter that counts none here (a prefill engine whose requests finish on the decoder) makes the
            // ratio absurd, so neither term may exceed what the trend may project (maxGrowth − 1 × processed)
            double most = (config.maxGrowth() - 1) * processed;
            growth = Math.min(growth, most);
            drain = Math.min(drain, most);
        }
        double arrival = processed + growth;
        TokenCapacity capacity = state.tokens(slo);
        return new TokenDemand(processed, growth, arrival, drain, arrival * factor + drain, capacity,
                capacity.peakAt(now, config.burstMemory()));
    }

    private LatencyLine line(CapacityModel.Fit fit, Double observed, double demand, int ready, double target) {
        if (fit.usable() && fit.intercept() < target) {
            double capacity = Math.min((target - fit.intercept()) / fit.slope(),
                    config.maxExtrapolation() * fit.maxLoad());
            return new LatencyLine(true, fit.intercept(), fit.slope(), capacity, fit, Double.NaN, Double.NaN);
        }
        if (observed == null || !(observed > 0) || ready < 1 || !(demand > 0)) {
            return null;
        }
        double load = demand / ready;
        double slope = observed / load;
        return new LatencyLine(false, 0, slope, target / slope, fit, observed, load);
    }

    /** Why the count may not go down from {@code n} to {@code m}, written when read; null when it may. */
    private Supplier<String> downBlocker(List<TargetView> views, int n, int m, int ready, int starting,
                                         String partial, Double queue, Double kv, ServingRole role, double demand,
                                         double projected, double withPeak) {
        if (m < 1) {
            return () -> "the slo policy never proposes 0; scale to zero is the scale-to-zero rule's decision";
        }
        if (starting > 0 || ready < n) {
            return () -> starting > 0 ? starting + (starting == 1 ? " pod" : " pods") + " still starting"
                    : "only " + ready + " of " + n + " ready";
        }
        if (partial != null) {
            return () -> "the concurrency total covers only " + partial;
        }
        if (queue == null) {
            return () -> "queue_length has no value";
        }
        // saturated: on average at least one request waits per ready pod, as in the saturation rule; less is the
        // wait for the next iteration, which every busy engine shows, and the load checks below size the rest
        if (queue >= Math.max(1, ready)) {
            return () -> "queue_length " + num(queue) + " ≥ one per ready pod";
        }
        if (demand > 0) {
            for (TargetView v : views) {
                String label = v.slo().label();
                if (v.observed() == null) {
                    return () -> "no fresh " + v.slo().signal() + " while requests are in flight";
                }
                if (v.overSlo()) {
                    return () -> label + " " + seconds(v.observed()) + " is over its SLO " + seconds(v.sloSeconds());
                }
                if (v.tokenSized()) {
                    Supplier<String> over = tokenBlocker(v, m);
                    if (over != null) {
                        return over;
                    }
                    continue;
                }
                if (v.line() == null) {
                    return () -> "no latency model for " + label;
                }
                // a learned line may size the remembered peak, and only as far as it was learned; the reactive rule
                // only scales today's reading, one replica at a time
                if (!v.line().fitted() && m < Math.min(n - 1, (n + 1) / 2)) {
                    return () -> "the reactive rule for " + label + " at most halves the replicas at a time";
                }
                double load = (v.line().fitted() ? withPeak : projected) / m;
                if (v.line().fitted() && load > config.maxExtrapolation() * v.fit().maxLoad()) {
                    return () -> "with " + m + " replicas the load per replica " + num(load) + " is beyond "
                            + num(config.maxExtrapolation()) + " × the highest learned (" + num(v.fit().maxLoad())
                            + ")";
                }
                double p = v.line().predict(load);
                if (p > v.target()) {
                    return () -> "with " + m + " replicas " + label + " is predicted at " + seconds(p)
                            + ", over the target " + seconds(v.target());
                }
            }
        } else if (withPeak > 0) {
            // idle now, but the remembered peak must still fit where a learned line can say so
            for (TargetView v : views) {
                if (v.tokenSized()) {
                    Supplier<String> over = tokenBlocker(v, m);
                    if (over != null) {
                        return over;
                    }
                } else if (v.fit().usable() && v.fit().intercept() < v.target()) {
                    if (withPeak / m > config.maxExtrapolation() * v.fit().maxLoad()) {
                        return () -> "with " + m + " replicas the recent peak per replica is beyond what was learned";
                    }
                    double p = v.fit().predict(withPeak / m);
                    if (p > v.target()) {
                        return () -> "with " + m + " replicas the recent peak's " + v.slo().label()
                                + " is predicted at " + seconds(p) + ", over the target " + seconds(v.target());
                    }
                }
            }
        }
        if (role.watchesKvCache()) {
            if (kv == null) {
                return () -> "kv_cache_utilization has no value";
            }
            double spread = kv * n / m;
            if (spread >= config.kvScaleDownLimit()) {
                return () -> "kv_cache_utilization " + num(kv) + " × " + n + "/" + m + " = " + num(spread) + " ≥ "
                        + num(config.kvScaleDownLimit());
            }
        }
        return null;
    }

    private static boolean tokenSized(List<TargetView> views) {
        for (TargetView v : views) {
            if (v.tokenSized()) {
                return true;
            }
        }
        return false;
    }

    /** The share of the learned token throughput a scale-down must stay within: the lower of the two knobs. */
    private double downUtilization() {
        return Math.min(config.headroom(), config.tokenUtilization());
    }

    /**
     * Why {@code m} replicas would not keep the token rate of a token-sized target within headroom of their learned
     * throughput, or null; the rate checked is the larger of the projected arrivals and the recent peak.
     */
    private Supplier<String> tokenBlocker(TargetView v, int m) {
        TokenDemand t = v.tokens();
        double perReplica = Math.max(t.projected(), t.peak()) / m;
        double limit = downUtilization() * t.capacity().perReplica();
        if (perReplica > limit) {
            return () -> "with " + m + " replicas " + v.slo().tokenSignal() + " per replica " + num(perReplica)
                    + " is over " + num(limit) + " (" + num(downUtilization()) + " × the "
                    + num(t.capacity().perReplica()) + " a saturated replica processed)";
        }
        return null;
    }

    private String downSafety(List<TargetView> views, int n, int m, Double kv, ServingRole role, double demand,
                              double projected, double withPeak) {
        List<String> parts = new ArrayList<>();
        for (TargetView v : views) {
            if (v.tokenSized()) {
                TokenDemand t = v.tokens();
                parts.add(v.slo().tokenSignal() + " per replica " + num(Math.max(t.projected(), t.peak()) / m)
                        + " ≤ " + num(downUtilization() * t.capacity().perReplica()));
            } else if (demand > 0) {
                double load = (v.line().fitted() ? withPeak : projected) / m;
                parts.add(v.slo().label() + " predicted " + seconds(v.line().predict(load)) + " ≤ "
                        + seconds(v.target()));
            }
        }
        if (demand == 0) {
            parts.add("no requests in flight");
        }
        if (role.watchesKvCache()) {
            parts.add("kv " + num(kv) + " × " + n + "/" + m + " = " + num(kv * n / m) + " < "
                    + num(config.kvScaleDownLimit()));
        }
        return "with " + m + ": " + String.join(", ", parts);
    }

    /** The target that sets the count: the one needing most, then the one closest to its target at the proposal. */
    private static TargetView binding(List<TargetView> views, int proposal, double projected) {
        TargetView best = views.get(0);
        for (TargetView v : views.subList(1, views.size())) {
            int vn = v.needed() == null ? -1 : v.needed();
            int bn = best.needed() == null ? -1 : best.needed();
            if (vn > bn || (vn == bn && ratio(v, proposal, projected) > ratio(best, proposal, projected))) {
                best = v;
            }
        }
        return best;
    }

    private static double ratio(TargetView v, int proposal, double projected) {
        if (v.line() == null || proposal < 1) {
            return v.observed() == null ? -1 : v.observed() / v.target();
        }
        return v.line().predict(projected / proposal) / v.target();
    }

    private static String predictedAt(List<TargetView> views, int proposal, double projected) {
        if (proposal < 1) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (TargetView v : views) {
            if (v.line() != null) {
                parts.add(v.slo().label() + " " + seconds(v.line().predict(projected / proposal)));
            }
        }
        return String.join(", ", parts);
    }

    private String describe(TargetView v) {
        String observed = v.observed() == null ? "no reading" : seconds(v.observed());
        String head = v.slo().label() + " " + observed + " (SLO " + seconds(v.sloSeconds()) + ", target "
                + seconds(v.target()) + "): ";
        if (v.tokenSized()) {
            TokenDemand t = v.tokens();
            StringBuilder b = new StringBuilder(head).append(v.slo().tokenSignal()).append(' ')
                    .append(num(t.processed()));
            if (t.growth() > 0) {
                b.append(" + backlog growth ").append(num(t.growth()));
            }
            if (t.drain() > 0) {
                b.append(" + ").append(num(t.drain())).append(" to drain the backlog in one start-up");
            }
            if (t.projected() > t.arrival()) {
                b.append(", projected ").append(num(t.projected()));
            }
            b.append(" against ").append(num(config.tokenUtilization())).append(" × ")
                    .append(num(t.capacity().perReplica())).append(" per replica (learned saturated) → ")
                    .append(v.needed());
            if (v.escalated()) {
                b.append(" (over the SLO: at least one more than ready)");
            }
            return b.toString();
        }
        if (v.line() == null) {
            String why = v.fit().usable() ? "the fit puts latency at zero load above the target" : v.fit().problem();
            return head + (v.needed() != null && v.needed() == 0 ? "no requests in flight"
                    : "no model (" + why + "), no opinion");
        }
        return head + v.line().text() + ", capacity " + num(v.line().capacity()) + " per replica → "
                + v.needed() + (v.escalated() && v.line().fitted() ? " (over the SLO: at least replicas × p95 / target)"
                : "");
    }

    /** The state after this tick: the sample kept, and each observed latency learned when the tick is clean. */
    private SloState learn(SloState state, List<TargetView> views, SloState.LoadSamples samples, double demand,
                           int ready, boolean steady, String partial, Instant now, Double queue,
                           double previousQueue) {
        int lastReady = state.lastReady();
        Instant readySince = state.readySince();
        if (lastReady != ready || readySince == null) {
            lastReady = ready;
            readySince = now;
        }
        SloState next = new SloState(state.ttft(), state.itl(), samples, lastReady, readySince, state.peakDemand(),
                state.peakAt(), state.ttftTokens(), state.itlTokens());
        // saturated: at least one request waited per ready pod now and at the last tick, so the pods processed as
        // fast as they could over the rate window
        boolean saturated = steady && ready >= 1 && partial == null && queue != null && queue >= ready
                && !Double.isNaN(previousQueue) && previousQueue >= ready;
        for (TargetView v : views) {
            TokenDemand t = v.tokens();
            if (t != null) {
                TokenCapacity c = state.tokens(v.slo()).withPeak(Math.max(t.arrival(), t.peak()), now);
                if (saturated) {
                    c = c.withSaturatedReading(t.processed() / ready, now);
                }
                next = next.withTokens(v.slo(), c);
            }
        }
        if (steady && ready >= 1 && demand > 0 && partial == null) {
            for (TargetView v : views) {
                if (v.observed() != null) {
                    next = next.withModel(v.slo(), state.model(v.slo()).observe(demand / ready, v.observed(), now,
                            config, v.weights()));
                }
            }
        }
        return next;
    }

    /** Whether the ready count has been {@code ready} for the settle time, so a latency window saw only this fleet. */
    private boolean steady(SloState state, int ready, Instant now) {
        return state.lastReady() == ready && state.readySince() != null
                && !now.isBefore(state.readySince().plus(config.settleTime()));
    }

    private List<InputUsed> inputs(ComponentInputs in, ComponentSignals fresh, ServingRole role,
                                   List<TargetView> views, double demand, Double queue, Double kv, Duration age) {
        List<InputUsed> used = new ArrayList<>();
        used.add(new InputUsed(SignalCatalog.CONCURRENCY, demand, null, age));
        used.add(new InputUsed(SignalCatalog.QUEUE_LENGTH, queue, null, age));
        if (role.watchesKvCache()) {
            used.add(new InputUsed(SignalCatalog.KV_CACHE_UTILIZATION, kv, config.kvSaturated(), age));
        }
        for (String rate : role.arrivalSignals()) {
            used.add(new InputUsed(rate, read(fresh, rate), null, age));
        }
        for (TargetView v : views) {
            used.add(new InputUsed(v.slo().signal(), v.observed(), v.sloSeconds(), age));
        }
        used.add(new InputUsed("ready_replicas", (double) in.readyReplicas(), null, Duration.ZERO));
        used.add(new InputUsed("starting_replicas", (double) in.startingReplicas(), null, Duration.ZERO));
        return used;
    }

    private static String noTargetReason(ServingRole role, String object) {
        return switch (role) {
            case PREFILL -> object + " prefills for a decoder, so it is sized by time to first token; set "
                    + LatencySlo.TTFT.annotation() + " (e.g. 2s) for the slo policy to scale it";
            case DECODE -> object + " decodes, so it is sized by inter-token latency; set "
                    + LatencySlo.ITL.annotation() + " (e.g. 50ms) for the slo policy to scale it";
            case UNIFIED -> object + " has no latency target; set " + LatencySlo.TTFT.annotation() + " or "
                    + LatencySlo.ITL.annotation() + " (e.g. 2s, 50ms) for the slo policy to scale it";
        };
    }

    /** Ceiling that forgives floating-point dust (4.0000000001 is 4) and stays in int range. */
    static int ceil(double v) {
        if (!(v > 0)) {
            return 0;
        }
        return (int) Math.ceil(Math.min(v, 1_000_000) - 1e-9);
    }

    /** A fresh signal's finite value, else null; {@code fresh} is null when the signals are missing or stale. */
    private static Double read(ComponentSignals fresh, String name) {
        return fresh == null ? null : finite(fresh.get(name));
    }

    private static Double finite(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }

    private String word() {
        return kind().word();
    }
}
