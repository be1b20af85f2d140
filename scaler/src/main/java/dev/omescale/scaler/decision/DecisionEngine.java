package dev.omescale.scaler.decision;

import dev.omescale.scaler.decision.Explanation.Activity;
import dev.omescale.scaler.decision.Explanation.CombineRule;
import dev.omescale.scaler.decision.Explanation.Condition;
import dev.omescale.scaler.hpa.ConditionReason;
import dev.omescale.scaler.hpa.HpaAlgorithm;
import dev.omescale.scaler.hpa.HpaBehavior;
import dev.omescale.scaler.hpa.HpaSpec;
import dev.omescale.scaler.hpa.HpaState;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.DecoderRatio;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.policy.ComponentInputs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The decision engine: a pure function from one tick's inputs and the history to a decision per component, with
 * its explanation, and the next history. No clock, no I/O: the controller, the KEDA scaler, the metrics adapter
 * and the simulator all call this same function.
 *
 * <p>Per component (DESIGN.md "How a decision is made"): {@link PolicyRunner} (each configured policy proposes;
 * the inputs they read, with their ages, are gathered into the explanation) → {@link ProposalCombiner} (max, and
 * missing data never scales down) → {@link HpaNormalizer} (HPA stabilization, rate limits, [min, max]) →
 * {@link ScaleToZeroStep}. Then, for an engine and decoder with a ratio, {@link PairCoordinator}. Last, the
 * {@link LeverCheck}: a component omescale cannot write is still decided, but marked {@link Outcome#NOT_SCALABLE}.
 *
 * <p>The engine records every rescale it decides in the HPA memory as if the write succeeded; the realizer calls
 * {@link ServiceHistory#rescaleFailed} on the next history when it did not. Rescales to and from zero are not
 * recorded: they bypass the rate limits, so they do not use them up either.
 */
public final class DecisionEngine {

    /** OME's generated HPAs have {@code behavior: {}}: non-null, so Kubernetes' behavior defaults apply. */
    static final HpaBehavior OME_BEHAVIOR = new HpaBehavior(null, null);

    private final Function<ResolvedService, PolicySet> policiesFor;
    private final HpaAlgorithm hpa;

    public DecisionEngine(PolicySet policies) {
        this(policies, HpaAlgorithm.DEFAULT);
    }

    public DecisionEngine(PolicySet policies, HpaAlgorithm hpa) {
        this(service -> policies, hpa);
        Objects.requireNonNull(policies, "policies");
    }

    /**
     * An engine whose policies depend on the service's shape: the SLO policy, for one, reads prefill signals on the
     * engine of a prefill/decode service and all signals on a unified one ({@link StandardPolicies}).
     */
    public DecisionEngine(Function<ResolvedService, PolicySet> policiesFor, HpaAlgorithm hpa) {
        this.policiesFor = Objects.requireNonNull(policiesFor, "policies");
        this.hpa = Objects.requireNonNull(hpa, "HPA algorithm");
    }

    public ServiceDecision decide(ServiceInputs inputs, ServiceHistory history) {
        ResolvedService service = inputs.service();
        PolicySet policies = policiesFor.apply(service);
        Instant now = inputs.now();
        List<ComponentDraft> drafts = new ArrayList<>(service.components().size());
        for (EffectiveComponentSpec spec : service.components()) {
            ComponentInputs in = inputs.components().get(spec.kind());
            if (in != null) {
                drafts.add(draft(policies, spec, in, history.component(spec.kind()), now));
            }
        }
        coordinate(service.decoderRatio(), drafts);
        List<ComponentDecision> decisions = new ArrayList<>(drafts.size());
        Map<ComponentKind, ComponentHistory> changed = new EnumMap<>(ComponentKind.class);
        for (ComponentDraft d : drafts) {
            Finished f = finish(service, d, now);
            decisions.add(f.decision());
            changed.put(d.spec().kind(), f.history());
        }
        return new ServiceDecision(decisions, history.with(changed));
    }

    private ComponentDraft draft(PolicySet policies, EffectiveComponentSpec spec, ComponentInputs in,
            ComponentHistory history, Instant now) {
        int current = in.currentReplicas();
        PolicyRunner.Result ran = PolicyRunner.run(policies, spec.omescale().policies(), in, history.policyStates());
        ProposalCombiner.Combined combined = ProposalCombiner.combine(ran.ran(), current, in.maxSignalAge());
        HpaBehavior behavior = spec.omescale().behavior() != null ? spec.omescale().behavior() : OME_BEHAVIOR;
        HpaSpec hpaSpec = new HpaSpec(spec.minReplicas(), Math.max(1, spec.maxReplicas()), behavior);
        if (spec.scaleToZeroAllowed()) {
            ActivityCheck.Result activity = ActivityCheck.check(in, spec.keda());
            if (current == 0) {
                // no HPA step at zero: an HPA with replicas 0 is disabled, and waking bypasses it
                ScaleToZeroStep.Zero zero = ScaleToZeroStep.atZero(spec, activity, history.idleSince());
                return new ComponentDraft(spec, in, history, ran, combined, behavior, null, 0, zero,
                        zero.replicas(), null);
            }
            HpaNormalizer.Normalized n = HpaNormalizer.normalize(hpa, hpaSpec, current, combined, history.hpa(), now);
            ScaleToZeroStep.Zero zero = ScaleToZeroStep.aboveZero(spec, activity, history.idleSince(), n.replicas(),
                    now);
            return new ComponentDraft(spec, in, history, ran, combined, behavior, n, n.replicas(), zero,
                    zero.replicas(), null);
        }
        if (current == 0 && history.zeroedByOmescale()) {
            ScaleToZeroStep.Zero zero = ScaleToZeroStep.noLongerAllowed(spec);
            return new ComponentDraft(spec, in, history, ran, combined, behavior, null, 0, zero, zero.replicas(),
                    null);
        }
        HpaNormalizer.Normalized n = HpaNormalizer.normalize(hpa, hpaSpec, current, combined, history.hpa(), now);
        return new ComponentDraft(spec, in, history, ran, combined, behavior, n, n.replicas(), null, n.replicas(),
                null);
    }

    private static void coordinate(DecoderRatio ratio, List<ComponentDraft> drafts) {
        if (ratio == null) {
            return;
        }
        int e = index(drafts, ComponentKind.ENGINE);
        int d = index(drafts, ComponentKind.DECODER);
        if (e < 0 || d < 0) {
            return;
        }
        PairCoordinator.Pair pair = PairCoordinator.coordinate(ratio, drafts.get(e), drafts.get(d));
        drafts.set(e, pair.engine());
        drafts.set(d, pair.decoder());
    }

    private static int index(List<ComponentDraft> drafts, ComponentKind kind) {
        for (int i = 0; i < drafts.size(); i++) {
            if (drafts.get(i).spec().kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    private record Finished(ComponentDecision decision, ComponentHistory history) {
    }

    private Finished finish(ResolvedService service, ComponentDraft d, Instant now) {
        EffectiveComponentSpec spec = d.spec();
        int current = d.current();
        int replicas = d.replicas();
        Outcome computed = outcome(d);
        String leverNote = LeverCheck.note(spec);
        Outcome outcome = leverNote == null ? computed : Outcome.NOT_SCALABLE;

        HpaState hpaState = d.normalized() != null ? d.normalized().state() : d.history().hpa();
        HpaState ifFailed = null;
        if (leverNote == null && replicas != current && current > 0 && replicas > 0) {
            ifFailed = hpaState;
            hpaState = hpaState.afterRescale(current, replicas, now, d.behavior(), hpa.config());
        }

        HpaNormalizer.Normalized n = d.normalized();
        Explanation x = new Explanation(
                componentName(service, spec),
                now,
                d.inputs().signalAge(),
                PolicyViews.inputs(d.ran().ran()),
                PolicyViews.proposals(d.ran().ran()),
                d.combined().combination(),
                n == null ? List.of() : n.conditions(),
                n == null ? null : n.stabilization(),
                n == null ? null : n.limits(),
                n == null ? null : n.clamp(),
                d.coordination(),
                d.zero() == null ? null : d.zero().explanation(),
                current,
                replicas,
                outcome,
                computed,
                spec.lever(),
                leverNote,
                ProblemFilter.forComponent(service.problems(), spec.kind()));
        ComponentDecision decision = new ComponentDecision(spec.kind(), spec.objectName(), current, replicas,
                outcome, x);
        ComponentHistory next = new ComponentHistory(hpaState, ifFailed, d.ran().nextStates(),
                d.zero() == null ? null : d.zero().idleSince(), replicas == 0 && x.scaleToZero() != null);
        return new Finished(decision, next);
    }

    /** {@code namespace/isvc/component}: {@code isvc.key() + "/" + word}, in one concatenation, not two. */
    private static String componentName(ResolvedService service, EffectiveComponentSpec spec) {
        String namespace = service.isvc().namespace();
        String word = spec.kind().word();
        return namespace == null ? service.isvc().name() + "/" + word
                : namespace + "/" + service.isvc().name() + "/" + word;
    }

    /** What the decision does, before the lever check. */
    static Outcome outcome(ComponentDraft d) {
        int current = d.current();
        int replicas = d.replicas();
        ScaleToZeroStep.Move move = d.move();
        if (move == ScaleToZeroStep.Move.TO_ZERO && replicas == 0 && current > 0) {
            return Outcome.SCALE_TO_ZERO;
        }
        if (move == ScaleToZeroStep.Move.WAKE && current == 0 && replicas > 0) {
            return Outcome.WAKE_FROM_ZERO;
        }
        if (replicas > current) {
            return Outcome.SCALE_UP;
        }
        if (replicas < current) {
            return Outcome.SCALE_DOWN;
        }
        if (move == ScaleToZeroStep.Move.HELD_AT_ZERO) {
            return d.zero().explanation().activity() == Activity.UNKNOWN ? Outcome.HOLD_MISSING_DATA : Outcome.HOLD;
        }
        if (d.normalized() != null && disabled(d.normalized().conditions())) {
            return Outcome.HOLD;
        }
        return d.combined().combination().rule() == CombineRule.MAX ? Outcome.HOLD : Outcome.HOLD_MISSING_DATA;
    }

    private static boolean disabled(List<Condition> conditions) {
        for (Condition c : conditions) {
            if (c.reason().equals(ConditionReason.SCALING_DISABLED.kubernetesName())) {
                return true;
            }
        }
        return false;
    }
}
