package dev.omescale.scaler.decision;

import dev.omescale.scaler.hpa.HpaAlgorithm;
import dev.omescale.scaler.hpa.HpaControllerConfig;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.policy.KpaConfig;
import dev.omescale.scaler.policy.KpaPolicy;
import dev.omescale.scaler.policy.ScaleMetricPolicy;
import dev.omescale.scaler.policy.SloConfig;
import dev.omescale.scaler.policy.SloPolicy;
import dev.omescale.scaler.policy.ThresholdPolicy;
import java.util.function.Function;

/**
 * The policies omescale ships, as the controller, the servers and the simulator use them: {@code hpa}
 * (scaleMetric/scaleTarget with HPA arithmetic), {@code threshold} (PromQL), {@code kpa} (Knative KPA) and
 * {@code slo}. Two sets exist because the SLO policy reads prefill signals on the engine of a prefill/decode
 * service and every signal on a unified engine.
 */
public final class StandardPolicies implements Function<ResolvedService, PolicySet> {
    private final PolicySet unified;
    private final PolicySet disaggregated;

    public StandardPolicies(HpaControllerConfig hpa, KpaConfig kpa, SloConfig slo) {
        this.unified = set(hpa, kpa, new SloPolicy(slo, false));
        this.disaggregated = set(hpa, kpa, new SloPolicy(slo, true));
    }

    public static StandardPolicies defaults() {
        return new StandardPolicies(HpaControllerConfig.DEFAULT, KpaConfig.KNATIVE, SloConfig.DEFAULTS);
    }

    /** A decision engine with these policies and the HPA defaults (Kubernetes ≥ 1.33). */
    public static DecisionEngine engine() {
        return new DecisionEngine(defaults(), HpaAlgorithm.DEFAULT);
    }

    @Override
    public PolicySet apply(ResolvedService service) {
        for (EffectiveComponentSpec c : service.components()) { // a loop, not a stream: this runs per service per tick
            if (c.kind() == ComponentKind.DECODER) {
                return disaggregated;
            }
        }
        return unified;
    }

    private static PolicySet set(HpaControllerConfig hpa, KpaConfig kpa, SloPolicy slo) {
        return PolicySet.of(new ScaleMetricPolicy(hpa), new ThresholdPolicy(hpa), new KpaPolicy(kpa), slo);
    }
}
