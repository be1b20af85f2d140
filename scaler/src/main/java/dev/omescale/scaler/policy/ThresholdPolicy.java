package dev.omescale.scaler.policy;

import dev.omescale.scaler.hpa.BehaviorDefaults;
import dev.omescale.scaler.hpa.HpaControllerConfig;
import dev.omescale.scaler.hpa.MetricError;
import dev.omescale.scaler.hpa.MetricResult;
import dev.omescale.scaler.hpa.MetricValue;
import dev.omescale.scaler.hpa.Quantities;
import dev.omescale.scaler.hpa.ReplicaCalculator;
import dev.omescale.scaler.hpa.ReplicaProposal;
import dev.omescale.scaler.hpa.Tolerances;
import dev.omescale.scaler.model.KedaTrigger;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.SettingSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The component's PromQL query against its threshold, OME's {@code kedaConfig} given a defined meaning.
 *
 * <p>{@code scalingOperator} says how to read the value (KEDA itself ignores the operator):
 * <ul>
 *   <li>GreaterThan, GreaterThanOrEqual: the value is <em>load</em> and the threshold the load one replica
 *       takes. Desired = {@code ceil(value / threshold)}, KEDA's AverageValue target, through the HPA's External
 *       AverageValue arithmetic (flow C: hold while {@code value / (threshold × current)} is within tolerance).
 *       A value below 0 counts as 0, as KEDA reports it.</li>
 *   <li>LessThan, LessThanOrEqual: the value is <em>headroom</em> left across the current replicas and the
 *       threshold the headroom to keep. Desired = {@code ceil(current × threshold / value)}, holding while
 *       {@code threshold / value} is within tolerance; a value of 0 or less means none is left and proposes
 *       maxReplicas. Proposals are capped at {@code max(maxReplicas, current)}, so less headroom never proposes
 *       fewer replicas.</li>
 *   <li>Unset or anything else: load, as KEDA reads every query, with a note in the reason. OME's code default
 *       (LessThanOrEqual) is not taken: the operator did nothing in OME, so nobody chose it.</li>
 * </ul>
 * Strict and non-strict operators give the same arithmetic: at the edge (ratio 1) the HPA holds either way.
 *
 * <p>KEDA's empty and NaN rules are applied where the query is evaluated
 * ({@link dev.omescale.scaler.promql.PromQlEvaluator}); a value that only stands in for missing data
 * ({@link QueryValue#isStandIn()}) holds the current replicas, as does a missing, failed or stale query value.
 *
 * @param config the HPA controller settings (tolerance and its form)
 */
public record ThresholdPolicy(HpaControllerConfig config) implements ScalingPolicy<NoState> {

    public static final ThresholdPolicy DEFAULT = new ThresholdPolicy(HpaControllerConfig.DEFAULT);

    private static final String POLICY = PolicyKind.THRESHOLD.word();

    public ThresholdPolicy {
        Objects.requireNonNull(config, "HPA controller config");
    }

    @Override
    public PolicyKind kind() {
        return PolicyKind.THRESHOLD;
    }

    @Override
    public NoState initialState() {
        return NoState.INSTANCE;
    }

    @Override
    public PolicyOutcome<NoState> propose(ComponentInputs inputs, NoState state) {
        return new PolicyOutcome<>(proposal(inputs), NoState.INSTANCE);
    }

    /** How the operator says to read the query value, and a note when the operator was not a clear choice. */
    enum Reading {
        LOAD, HEADROOM;

        static Reading of(KedaTrigger trigger) {
            String op = trigger.operator();
            if (op == null || trigger.sourceOf(KedaTrigger.Field.OPERATOR) == SettingSource.DEFAULT) {
                return LOAD;
            }
            return switch (op) {
                case "LessThan", "LessThanOrEqual" -> HEADROOM;
                default -> LOAD;
            };
        }

        static String note(KedaTrigger trigger) {
            String op = trigger.operator();
            if (op == null || trigger.sourceOf(KedaTrigger.Field.OPERATOR) == SettingSource.DEFAULT) {
                return "; note: scalingOperator is not set, so the value is read as load, as KEDA does (OME's code"
                        + " default LessThanOrEqual would read it as headroom); set scalingOperator to say which";
            }
            return switch (op) {
                case "GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual" -> "";
                default -> "; note: scalingOperator \"" + op + "\" is not GreaterThan, GreaterThanOrEqual, LessThan"
                        + " or LessThanOrEqual, so the value is read as load, as KEDA does";
            };
        }
    }

    private Proposal proposal(ComponentInputs inputs) {
        KedaTrigger trigger = inputs.spec().keda();
        String component = Texts.component(inputs);
        if (trigger == null) {
            return Proposal.failed(POLICY, "no PromQL trigger for " + component + "; set spec.kedaConfig"
                    + ".customPromQuery and scalingThreshold, or the annotations autoscaling.keda.sh/prometheus.query"
                    + " and autoscaling.keda.sh/threshold", List.of());
        }
        double threshold = trigger.thresholdValue();
        String name = "promql " + trigger.query();
        QueryValue q = inputs.promql();
        if (q == null) {
            return Proposal.missing(POLICY, "no PromQL value for " + component + ": the query \"" + trigger.query()
                    + "\" was not evaluated this tick; holding " + inputs.currentReplicas() + " replicas",
                    List.of(new InputUsed(name, null, threshold, ComponentInputs.NEVER)));
        }
        Duration age = q.timestamp() == null ? ComponentInputs.NEVER : Duration.between(q.timestamp(), inputs.now());
        age = age.isNegative() ? Duration.ZERO : age;
        if (!q.ok()) {
            return Proposal.failed(POLICY, naming(component, q.error()) + "; holding " + inputs.currentReplicas()
                    + " replicas", List.of(new InputUsed(name, null, threshold, age)));
        }
        InputUsed input = new InputUsed(name, q.value(), threshold, age);
        if (age.compareTo(inputs.maxSignalAge()) > 0) {
            return Proposal.missing(POLICY, "PromQL value for " + component + " is " + Texts.duration(age)
                    + " old, older than " + Texts.duration(inputs.maxSignalAge()) + "; holding "
                    + inputs.currentReplicas() + " replicas until the query is evaluated again", List.of(input));
        }
        if (q.isStandIn()) {
            return Proposal.missing(POLICY, naming(component, q.warning()) + "; holding " + inputs.currentReplicas()
                    + " replicas: omescale does not scale on a value that stands in for missing data",
                    List.of(input));
        }
        Tolerances tolerances;
        try {
            tolerances = BehaviorDefaults.tolerances(inputs.spec().omescale().behavior(), config);
        } catch (IllegalArgumentException e) {
            return Proposal.failed(POLICY, "omescale.dev/behavior of " + component + " is invalid: "
                    + e.getMessage(), List.of(input));
        }
        String note = Reading.note(trigger);
        return Reading.of(trigger) == Reading.LOAD
                ? load(inputs, trigger, q, tolerances, input, note)
                : headroom(inputs, trigger, q.value(), tolerances, input, note);
    }

    private Proposal load(ComponentInputs inputs, KedaTrigger trigger, QueryValue q, Tolerances tolerances,
            InputUsed input, String note) {
        int current = inputs.currentReplicas();
        // KEDA turns the value into a Quantity, negative values into 0; the HPA reads its milli-value
        long valueMilli = Quantities.milli(Math.max(0.0, q.value()));
        long thresholdMilli = Quantities.milli(trigger.thresholdValue());
        MetricResult result = new ReplicaCalculator(config).externalAverageValue(current, thresholdMilli,
                List.of(new MetricValue(valueMilli, q.timestamp())), tolerances);
        if (result instanceof MetricError e) {
            // unreachable with one item; kept so a future calculator error still holds rather than throws
            return Proposal.failed(POLICY, e.reason().kubernetesName() + " for " + Texts.component(inputs) + ": "
                    + e.message(), List.of(input));
        }
        int replicas = ((ReplicaProposal) result).replicas();
        String value = Texts.milli(valueMilli);
        String thresholdText = Texts.number(trigger.thresholdValue());
        String ratio = current == 0 ? "from 0 replicas"
                : "ratio " + Texts.ratio((double) valueMilli / ((double) thresholdMilli * (double) current))
                        + " at " + current + " replicas" + within(valueMilli, thresholdMilli, current, tolerances);
        return Proposal.of(POLICY, replicas, "query value " + value + " is load (" + operatorText(trigger)
                + "): " + value + " / threshold " + thresholdText + " per replica (" + ratio + "): " + replicas
                + " replicas" + note, List.of(input));
    }

    private Proposal headroom(ComponentInputs inputs, KedaTrigger trigger, double value, Tolerances tolerances,
            InputUsed input, String note) {
        int current = inputs.currentReplicas();
        int cap = Math.max(inputs.spec().maxReplicas(), current);
        String op = operatorText(trigger);
        String thresholdText = Texts.number(trigger.thresholdValue());
        if (current == 0) {
            return Proposal.of(POLICY, 0, "query value " + Texts.number(value) + " is headroom (" + op + "), but at"
                    + " 0 replicas there is no headroom to scale from: 0 replicas until activation starts one"
                    + note, List.of(input));
        }
        if (value <= 0) {
            return Proposal.of(POLICY, cap, "query value " + Texts.number(value) + " is headroom (" + op + "): no"
                    + " headroom left at " + current + " replicas (threshold " + thresholdText + "), so scale to"
                    + " maxReplicas: " + cap + " replicas" + note, List.of(input));
        }
        long valueMilli = Quantities.milli(value);
        long thresholdMilli = Quantities.milli(trigger.thresholdValue());
        double ratio = (double) thresholdMilli / (double) valueMilli;
        boolean held = tolerances.within(ratio, config.toleranceForm());
        int replicas;
        if (held) {
            replicas = current;
        } else {
            double desired = Math.ceil((double) current * (double) thresholdMilli / (double) valueMilli);
            replicas = desired >= cap ? cap : (int) desired;
        }
        String v = Texts.milli(valueMilli);
        return Proposal.of(POLICY, replicas, "query value " + v + " is headroom (" + op + "): " + current
                + " replicas × threshold " + thresholdText + " / " + v + " (ratio " + Texts.ratio(ratio)
                + (held && ratio != 1.0 ? ", within tolerance" : "") + "): " + replicas + " replicas"
                + (replicas == cap && replicas != current ? " (maxReplicas)" : "") + note, List.of(input));
    }

    private String within(long valueMilli, long thresholdMilli, int current, Tolerances tolerances) {
        double r = (double) valueMilli / ((double) thresholdMilli * (double) current);
        return r != 1.0 && tolerances.within(r, config.toleranceForm()) ? ", within tolerance" : "";
    }

    /** The evaluator's texts start with the component; others get it put in front. */
    private static String naming(String component, String text) {
        return text.startsWith(component) ? text : component + ": " + text;
    }

    private static String operatorText(KedaTrigger trigger) {
        return trigger.operator() == null || trigger.sourceOf(KedaTrigger.Field.OPERATOR) == SettingSource.DEFAULT
                ? "operator not set" : trigger.operator();
    }
}
