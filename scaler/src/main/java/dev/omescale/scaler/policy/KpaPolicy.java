package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.ReasonNumbers.num;
import static dev.omescale.scaler.policy.ReasonNumbers.seconds;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ScaleMetric;
import dev.omescale.scaler.model.ScaleTarget;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Knative's KPA decision (knative/serving {@code pkg/autoscaler/scaling/autoscaler.go}) on the component's total
 * {@code concurrency}, or {@code request_rate} when its scaleMetric is rps:
 * <ol>
 *   <li>{@code ready = max(1, readyReplicas)}; {@code maxUp = ceil(maxScaleUpRate × ready)};
 *       {@code maxDown = floor(ready / maxScaleDownRate)}.</li>
 *   <li>{@code dspc = ceil(stableAverage / target)}, {@code dppc = ceil(panicAverage / target)}, each clamped to
 *       {@code [maxDown, maxUp]}; the target is the per-pod total (scaleTarget, else 100 in flight or 200 per second)
 *       times the target utilization, at least 0.01.</li>
 *   <li>Panic starts when the unclamped {@code dppc / ready ≥ panicThreshold}; each tick over it renews the panic;
 *       it ends once a tick is not over and the last one that was is more than a stable window ago.</li>
 *   <li>In panic: {@code max(stable, panic)}, never below the highest count of this panic; else the stable count.</li>
 * </ol>
 * Deliberate differences, each on the safe side: the windows average this policy's per-tick observations (the
 * component signals are window averages already) rather than per-second buckets, and an observation counts while it
 * is less than a window old; in panic the proposal is also never below the current replicas (Knative reaches that
 * through {@code dppc ≥ 2 × ready}, but starting pods can make the current count larger); a total over only some of
 * the pods is a lower bound, so it may raise but never lower the count; missing or stale totals hold and record
 * nothing. The revision is taken as reachable and activation scale as 1; proposals of 0 are Knative's and left to the
 * engine's minReplicas and scale-to-zero rules.
 */
public final class KpaPolicy implements ScalingPolicy<KpaState> {
    // the window averages' input names, written once rather than at every tick of every component
    private static final String RPS_STABLE = SignalCatalog.REQUEST_RATE + "_stable_average";
    private static final String RPS_PANIC = SignalCatalog.REQUEST_RATE + "_panic_average";
    private static final String CONCURRENCY_STABLE = SignalCatalog.CONCURRENCY + "_stable_average";
    private static final String CONCURRENCY_PANIC = SignalCatalog.CONCURRENCY + "_panic_average";

    private final KpaConfig config;

    public KpaPolicy() {
        this(KpaConfig.KNATIVE);
    }

    public KpaPolicy(KpaConfig config) {
        this.config = config;
    }

    public KpaConfig config() {
        return config;
    }

    @Override
    public PolicyKind kind() {
        return PolicyKind.KPA;
    }

    @Override
    public KpaState initialState() {
        return KpaState.initial();
    }

    @Override
    public PolicyOutcome<KpaState> propose(ComponentInputs inputs, KpaState state) {
        EffectiveComponentSpec spec = inputs.spec();
        boolean rps = spec.scaleMetric() == ScaleMetric.RPS;
        String signal = rps ? SignalCatalog.REQUEST_RATE : SignalCatalog.CONCURRENCY;
        double perPodTotal = perPodTotal(spec, rps);
        double target = Math.max(0.01, perPodTotal * config.targetUtilization());
        Duration age = inputs.signalAge();
        Instant now = inputs.now();
        Double total = inputs.freshSignal(signal);
        if (total == null || total.isNaN() || total < 0) {
            String hint = rps ? "the finished-requests counter" : "the running and waiting request gauges";
            return new PolicyOutcome<>(Proposal.missing(word(), missingReason(inputs, signal, age, hint),
                    List.of(new InputUsed(signal, total, target, age))), state);
        }

        KpaState.Observations observations =
                state.with(new KpaState.Observation(now, total), config.stableWindow());
        double stableAvg = KpaState.average(observations, now, config.stableWindow());
        double panicAvg = KpaState.average(observations, now, config.panicWindow());

        int ready = Math.max(1, inputs.readyReplicas());
        double maxUp = Math.ceil(config.maxScaleUpRate() * ready);
        double maxDown = Math.floor(ready / config.maxScaleDownRate());
        double dspc = Math.ceil(stableAvg / target);
        double dppc = Math.ceil(panicAvg / target);
        int desiredStable = (int) Math.min(Math.max(dspc, maxDown), maxUp);
        int desiredPanic = (int) Math.min(Math.max(dppc, maxDown), maxUp);
        boolean over = dppc / ready >= config.panicThreshold();

        Instant panicStarted = state.panicStarted();
        Instant lastOver = state.lastOverThreshold();
        int maxPanic = state.maxPanicReplicas();
        // what happened to the panic, for the reason: the instants it names are those before this tick
        Panic panic;
        Instant noteStarted = panicStarted;
        Instant noteLastOver = lastOver;
        if (over) {
            panic = panicStarted == null ? Panic.STARTS : Panic.CONTINUES;
            panicStarted = panicStarted == null ? now : panicStarted;
            lastOver = now;
        } else if (panicStarted != null && lastOver.plus(config.stableWindow()).isBefore(now)) {
            panic = Panic.ENDS;
            panicStarted = null;
            lastOver = null;
            maxPanic = 0;
        } else {
            panic = panicStarted == null ? Panic.NONE : Panic.HOLDS;
        }

        int desired;
        int wanted = -1;
        if (panicStarted != null) {
            wanted = Math.max(desiredStable, desiredPanic);
            maxPanic = Math.max(maxPanic, wanted);
            desired = Math.max(maxPanic, inputs.currentReplicas());
        } else {
            desired = desiredStable;
        }
        String partial = SignalCoverage.partial(inputs.signals(), signal);
        boolean heldForPartial = partial != null && desired < inputs.currentReplicas();
        if (heldForPartial) {
            desired = inputs.currentReplicas();
        }

        // the reason is written only when read: most of a fleet's are never printed
        int finalDesired = desired;
        int finalWanted = wanted;
        int finalMaxPanic = maxPanic;
        int current = inputs.currentReplicas();
        Supplier<String> reason = () -> {
            String panicNote = switch (panic) {
                case STARTS -> "panic starts";
                case CONTINUES -> "panic continues (since " + noteStarted + ")";
                case ENDS -> "panic ends: not over the threshold since " + noteLastOver
                        + ", more than the stable window " + seconds(config.stableWindow());
                case HOLDS -> "panic holds until a stable window " + seconds(config.stableWindow()) + " after "
                        + noteLastOver;
                case NONE -> null;
            };
            String outcome;
            if (heldForPartial) {
                outcome = "holding " + finalDesired + " replicas: the " + signal + " total covers only " + partial
                        + ", a lower bound that must not scale down";
            } else if (finalWanted >= 0 && finalDesired > finalWanted) {
                outcome = "no scale-down in panic: " + finalDesired + " replicas (highest this panic " + finalMaxPanic
                        + ", current " + current + ")";
            } else {
                outcome = finalDesired + " replicas";
            }
            String unit = rps ? " per second" : " in flight";
            return signal + " averages " + num(stableAvg) + " over " + seconds(config.stableWindow()) + " ("
                    + ticks(KpaState.count(observations, now, config.stableWindow())) + ") and " + num(panicAvg)
                    + " over " + seconds(config.panicWindow()) + " ("
                    + ticks(KpaState.count(observations, now, config.panicWindow())) + ") against " + num(target)
                    + unit + " per pod (" + num(perPodTotal) + " × " + num(config.targetUtilization()) + "); stable "
                    + desiredStable + ", panic " + desiredPanic + " for " + ready + " ready (bounds " + (int) maxDown
                    + ".." + (int) maxUp + ", panic at " + num(config.panicThreshold()) + " × ready)"
                    + (panicNote == null ? "" : "; " + panicNote) + ": " + outcome;
        };

        // an immutable list, which the proposal keeps as it is
        List<InputUsed> used = List.of(
                new InputUsed(signal, total, null, age),
                new InputUsed(rps ? RPS_STABLE : CONCURRENCY_STABLE, stableAvg, target, age),
                new InputUsed(rps ? RPS_PANIC : CONCURRENCY_PANIC, panicAvg, target, age),
                new InputUsed("ready_replicas", (double) inputs.readyReplicas(), null, Duration.ZERO));
        KpaState next = new KpaState(observations, panicStarted, lastOver, maxPanic);
        return new PolicyOutcome<>(Proposal.of(word(), desired, reason, used), next);
    }

    /** The per-pod total before utilization: Knative's target annotation when written, else its default. */
    double perPodTotal(EffectiveComponentSpec spec, boolean rps) {
        ScaleTarget t = spec.scaleTarget();
        boolean written = t != null && !t.defaulted() && t.type() == ScaleTarget.Type.AVERAGE_VALUE
                && (spec.scaleMetric() == ScaleMetric.RPS || spec.scaleMetric() == ScaleMetric.CONCURRENCY);
        if (written) {
            return t.value();
        }
        return rps ? config.rpsTargetDefault() : config.concurrencyTargetDefault();
    }

    /** What this tick did to the panic mode. */
    private enum Panic {
        NONE, STARTS, CONTINUES, ENDS, HOLDS
    }

    private String word() {
        return kind().word();
    }

    private static String ticks(int n) {
        return n == 1 ? "1 tick" : n + " ticks";
    }

    /** Why a signal is missing, naming the object and what to check; {@code hint} names what exports it. */
    static String missingReason(ComponentInputs inputs, String signal, Duration age, String hint) {
        String object = inputs.spec().objectName();
        if (inputs.signals() == null) {
            return "no signals for " + object + ": holding the current replicas; check that its pods are scraped";
        }
        if (age.compareTo(inputs.maxSignalAge()) > 0) {
            return signal + " of " + object + " is stale (" + (age.equals(ComponentInputs.NEVER) ? "never scraped"
                    : seconds(age) + " old") + ", limit " + seconds(inputs.maxSignalAge())
                    + "): holding the current replicas; check the scrape of its pods";
        }
        return signal + " of " + object + " has no value: holding the current replicas; check that its engine "
                + "exports " + hint;
    }
}
